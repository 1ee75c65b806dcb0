package io.jasyncio.testing;

import io.jasyncio.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded scheduling finds a check-then-act race across an await that the default order never shows, and a
 * seed replays its interleaving.
 */
class SeededScheduleTest {

    /** A client opened lazily and shared: the check and the act are separated by an await. */
    static final class Clients {
        Object client;
        int connects;

        Object get() {
            if (client == null) {          // check
                Object c = connect();      // await: other tasks run here
                client = c;                // act: may overwrite another task's client
            }
            return client;
        }

        private Object connect() {
            connects++;
            sleep(0);                      // one turn, as a connection handshake takes at least
            return new Object();
        }
    }

    /** Two requests: the second reads its configuration first (one turn), then asks for the client. */
    static int twoRequests() {
        Clients clients = new Clients();
        gather(() -> clients.get(), () -> {
            sleep(0);
            return clients.get();
        });
        assertEquals(1, clients.connects, "the client was opened " + clients.connects + " times");
        return clients.connects;
    }

    @Test
    void theRacePassesInTheDefaultOrder() {
        assertEquals(1, TestLoop.run(SeededScheduleTest::twoRequests));
    }

    @Test
    void exploringSeededOrdersFindsTheRaceAndNamesTheSeed() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.explore(50, SeededScheduleTest::twoRequests));
        assertTrue(e.getMessage().startsWith("fails with scheduling seed "), e.getMessage());
        assertTrue(e.getMessage().contains("the client was opened 2 times"), e.getMessage());
        long seed = Long.parseLong(e.getMessage().substring("fails with scheduling seed ".length()).split(" ")[0]);
        // The seed replays the same interleaving, every time.
        for (int i = 0; i < 3; i++) {
            AssertionError again = assertThrows(AssertionError.class, () -> TestLoop.seeded(seed).runMain(
                    SeededScheduleTest::twoRequests));
            assertTrue(again.getMessage().contains("the client was opened 2 times"), again.getMessage());
            assertTrue(again.getSuppressed().length > 0 && again.getSuppressed()[0].getMessage()
                    .contains("-Djasyncio.test.seed=" + seed), "the failure names its seed");
        }
    }

    /** The order in which five tasks that become ready together run. */
    static List<Integer> order() {
        List<Integer> out = new ArrayList<>();
        List<Task<Object>> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ts.add(createTask(() -> out.add(n) ? null : null));
        }
        for (Task<Object> t : ts) {
            await(t);
        }
        return out;
    }

    @Test
    void aSeedFixesTheOrderOfTasksReadyInTheSameTurn() {
        assertEquals(List.of(0, 1, 2, 3, 4), TestLoop.run(SeededScheduleTest::order));
        List<Integer> seven = TestLoop.seeded(7).runMain(SeededScheduleTest::order);
        assertEquals(seven, TestLoop.seeded(7).runMain(SeededScheduleTest::order));
        boolean anyDiffers = false;
        for (long s = 1; s <= 10; s++) {
            List<Integer> o = TestLoop.seeded(s).runMain(SeededScheduleTest::order);
            assertEquals(List.of(0, 1, 2, 3, 4), o.stream().sorted().toList());
            anyDiffers |= !o.equals(List.of(0, 1, 2, 3, 4));
        }
        assertTrue(anyDiffers, "ten seeds never changed the order");
        assertNotEquals(null, TestLoop.seeded(3).seed());
    }

    @Test
    void callbacksKeepTheirOrderUnderASeed() {
        List<Integer> out = TestLoop.seeded(11).runMain(() -> {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                getRunningLoop().callSoon(() -> got.add(n));
            }
            sleep(0);
            return got;
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), out);
    }
}
