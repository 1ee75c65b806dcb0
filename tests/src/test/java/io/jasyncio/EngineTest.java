package io.jasyncio;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Which engine runs the suite. The build runs every test twice: with the JVM flag (main engine) and
 * without it (fallback engine, detected automatically); {@code jasyncio.expectEngine} says which.
 */
class EngineTest {

    @Test
    void theExpectedEngineIsInUse() {
        String expected = System.getProperty("jasyncio.expectEngine");
        if (expected != null) {
            assertEquals(expected, EventLoop.engineName());
        }
        assertTrue(List.of("virtual-thread-on-loop", "baton-fallback").contains(EventLoop.engineName()));
    }

    @Test
    @Tag("realtime")
    void aJdkBlockingCallHoldsTheLoopOnlyOnTheFallback() {
        int ticksDuringBlock = run(() -> {
            int[] ticks = new int[1];
            Task<Void> ticker = createTask(() -> {
                while (true) {
                    ticks[0]++;
                    sleep(0.001);
                }
            });
            sleep(0.05);
            Task<Void> blocker = createTask(() -> {
                Thread.sleep(200);
                return null;
            });
            int before = ticks[0];
            await(blocker); // 200 ms in a JDK blocking call
            int during = ticks[0] - before;
            ticker.cancel();
            assertThrows(CancelledError.class, () -> await(ticker));
            return during;
        });
        if (EventLoop.engineName().equals("baton-fallback")) {
            // The ticker (1 ms) may run once as the blocker starts and once as it ends, not during.
            assertTrue(ticksDuringBlock <= 2, "the fallback stalls the loop during a JDK blocking call: "
                    + ticksDuringBlock + " ticks in 200 ms");
        } else {
            assertTrue(ticksDuringBlock >= 20, "the main engine keeps the loop running: " + ticksDuringBlock
                    + " ticks in 200 ms");
        }
    }
}
