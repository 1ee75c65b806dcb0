package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.sync.Event;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

/** What the testkit says when a test goes wrong: each task named, with the line of code concerned. */
class TestLoopReportsTest {

    private static void waitForever(Event never) {
        never.await();                                  // the line the deadlock report must name
    }

    @Test
    void aDeadlockReportNamesEachBlockedTaskAndWhereItWaits() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestLoop.run(() -> {
            Event never = new Event();
            Task<Void> consumer = createTask(() -> {
                waitForever(never);
                return null;
            }, "consumer");
            return Asyncio.await(consumer);
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("deadlock"), m);
        assertTrue(m.contains("consumer waits in Event.await, at io.jasyncio.TestLoopReportsTest.waitForever("
                + "TestLoopReportsTest.java:16)"), m);
        assertTrue(m.contains("Task-1 waits in "), m);          // the main task, awaiting the consumer
    }

    private static void nap() {
        sleep(5);                                       // the line the leak report must name
    }

    @Test
    void aLeakReportSaysWhereTheLeakedTaskWaits() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(() -> {
            createTask(() -> {
                nap();
                return null;
            }, "forgotten");
            sleep(1);
            return null;
        }));
        String m = e.getMessage();
        assertTrue(m.contains("leaked tasks"), m);
        assertTrue(m.contains("name='forgotten'> waits in Asyncio.sleep, at io.jasyncio.TestLoopReportsTest.nap("
                + "TestLoopReportsTest.java:37)"), m);
        assertTrue(m.contains("-Djasyncio.debug=true"), m);
    }

    @Test
    void inDebugModeALeakReportSaysWhereTheLeakedTaskWasCreated() {
        TestLoop tl = new TestLoop();
        tl.loop().setDebug(true);
        AssertionError e = assertThrows(AssertionError.class, () -> tl.runMain(() -> {
            createTask(() -> sleep(5, "x"), "forgotten");     // the creation site the report must name
            sleep(1);
            return null;
        }));
        assertTrue(e.getMessage().contains("name='forgotten' created at io.jasyncio.TestLoopReportsTest.lambda$"
                + "inDebugModeALeakReportSaysWhereTheLeakedTaskWasCreated"), e.getMessage());
    }

    @Test
    void aTaskParkedInAJdkLockIsNotADeadlock() throws Exception {
        // No timer, no I/O: the only task is parked in a JDK lock that another thread holds. That thread
        // releases it once the task waits, and the task must then go on, not be reported as a deadlock.
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread[] taskThread = new Thread[1];
        Thread holder = Thread.ofPlatform().start(() -> {
            lock.lock();
            held.countDown();
            try {
                while (taskThread[0] == null || taskThread[0].getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
            } finally {
                lock.unlock();
            }
        });
        held.await();
        String got = TestLoop.run(() -> {
            taskThread[0] = Thread.currentThread();
            lock.lock(); // parks this task's virtual thread in the JDK until the holder lets go
            try {
                return "locked";
            } finally {
                lock.unlock();
            }
        });
        holder.join();
        org.junit.jupiter.api.Assertions.assertEquals("locked", got);
    }
}
