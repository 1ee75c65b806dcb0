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
    void theExpectedIoBackendIsInUse() {
        // With the main engine's flags plus native access and sun.nio.ch open: epoll; the fallback run: the selector.
        String expected = System.getProperty("jasyncio.expectIo");
        if (expected != null) {
            assertEquals(expected, EventLoop.ioBackendName());
        }
        assertTrue(List.of("epoll", "nio").contains(EventLoop.ioBackendName()));
    }

    @Test
    void theFallbackRunsTheLoopOnAVirtualThreadBesideItsTasks() throws Exception {
        boolean fallback = EventLoop.engineName().equals("baton-fallback");
        Thread caller = Thread.currentThread();
        Thread[] loopThread = new Thread[1];
        // Run a callback to see the loop's thread: a platform thread (the caller) on the main engine,
        // a virtual thread of its own on the fallback, so that a turn handed to a task stays on one carrier.
        try (EventLoop loop = EventLoop.newEventLoop()) {
            loop.callSoon(() -> {
                loopThread[0] = Thread.currentThread();
                loop.stop();
            });
            loop.runForever();
        }
        assertEquals(fallback, loopThread[0].isVirtual(), "loop thread " + loopThread[0]);
        assertEquals(!fallback, loopThread[0] == caller, "loop thread " + loopThread[0]);
        // From a virtual thread that is not a task: the fallback runs the loop right there; the main
        // engine refuses (its loop thread is its tasks' scheduler).
        Object[] outcome = new Object[1];
        Thread vt = Thread.ofVirtual().start(() -> {
            try (EventLoop loop = EventLoop.newEventLoop()) {
                outcome[0] = loop.runUntilComplete(() -> Thread.currentThread());
            } catch (IllegalStateException e) {
                outcome[0] = e;
            }
        });
        vt.join();
        if (fallback) {
            assertInstanceOf(Thread.class, outcome[0], "the task's thread");
        } else {
            assertInstanceOf(IllegalStateException.class, outcome[0]);
            assertTrue(((IllegalStateException) outcome[0]).getMessage().contains("platform thread"));
        }
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
