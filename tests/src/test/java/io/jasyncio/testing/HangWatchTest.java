package io.jasyncio.testing;

import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test that hangs on something real fails after its limit, with every task's stack printed; a deadlock
 * report shows who awaits whom.
 */
class HangWatchTest {

    static void waitForever(CountDownLatch never) throws InterruptedException {
        never.await(); // a real thread the virtual clock cannot skip
    }

    @Test
    void aDeadlockReportShowsWhoAwaitsWhom() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestLoop.run(() -> {
            Event never = new Event();
            Task<Object> waiter = createTask(() -> {
                never.await();
                return null;
            }, "waiter");
            return await(createTask(() -> await(waiter), "middle"));
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("deadlock"), m);
        int tree = m.indexOf("who awaits whom:\n└── (T) Task-1");
        assertTrue(tree > 0, m);
        assertTrue(m.indexOf("(T) middle", tree) > 0 && m.indexOf("(T) waiter", m.indexOf("(T) middle", tree)) > 0, m);
    }

    @Test
    @Tag("realtime")
    void aHungTestPrintsEveryTasksStackAndFails() {
        CountDownLatch never = new CountDownLatch(1);
        AssertionError e = assertThrows(AssertionError.class, () -> new TestLoop().hangTimeout(0.5).runMain(() -> {
            createTask(() -> {
                sleep(3600);
                return null;
            }, "sleeper");
            return await(createTask(() -> toThread(() -> {
                waitForever(never);
                return null;
            }), "stuck"));
        }));
        String report = e.getMessage();
        assertTrue(report.startsWith("the test hung: still running after 0.5 s of real time"), report);
        assertTrue(report.contains("(T) stuck") && report.contains("Asyncio.toThread"), report);
        assertTrue(report.contains("(T) sleeper") && report.contains("Asyncio.sleep"), report);
    }
}
