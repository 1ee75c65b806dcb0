package io.jasyncio;

import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The loop on its own: callbacks, timers, thread-safe scheduling, run/stop/close, errors. */
class EventLoopTest {

    private static EventLoop virtualLoop() {
        return EventLoop.builder().virtualClock(new VirtualClock()).build();
    }

    @Test
    void readyCallbacksRunInFifoOrderAndNewOnesWaitForTheNextTurn() {
        try (EventLoop loop = virtualLoop()) {
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> {
                log.add("a");
                loop.callSoon(() -> log.add("c (next turn)"));
            });
            loop.callSoon(() -> log.add("b"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("a", "b"), log);
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("a", "b", "c (next turn)"), log);
        }
    }

    @Test
    void timersFireInDeadlineOrderAndFifoAmongEqualDeadlines() {
        try (EventLoop loop = virtualLoop()) {
            List<String> log = new ArrayList<>();
            loop.callLater(2, () -> log.add("2s"));
            loop.callLater(1, () -> log.add("1s first"));
            loop.callLater(Duration.ofSeconds(1), () -> log.add("1s second"));
            loop.callAt(loop.time() + 1, () -> log.add("1s third"));
            loop.callLater(0, () -> log.add("0s"));
            loop.callLater(-5, () -> log.add("negative"));
            loop.callLater(3, loop::stop);
            loop.runForever();
            assertEquals(List.of("negative", "0s", "1s first", "1s second", "1s third", "2s"), log);
            assertEquals(3.0, loop.time());
        }
    }

    @Test
    void cancelledHandlesDoNotRun() {
        try (EventLoop loop = virtualLoop()) {
            List<String> log = new ArrayList<>();
            Handle h = loop.callSoon(() -> log.add("soon"));
            TimerHandle t = loop.callLater(1, () -> log.add("later"));
            assertEquals(1.0, t.when());
            h.cancel();
            t.cancel();
            assertTrue(h.cancelled() && t.cancelled());
            loop.callLater(2, loop::stop);
            loop.runForever();
            assertEquals(List.of(), log);
        }
    }

    @Test
    void manyCancelledTimersAreCompactedAndTheRestStillFire() {
        try (EventLoop loop = virtualLoop()) {
            List<Integer> fired = new ArrayList<>();
            List<TimerHandle> handles = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                handles.add(loop.callLater(1 + i / 1000.0, () -> fired.add(n)));
            }
            for (int i = 0; i < 1000; i++) {
                if (i % 10 != 0) {
                    handles.get(i).cancel();
                }
            }
            loop.callLater(5, loop::stop);
            loop.runForever();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i += 10) {
                expected.add(i);
            }
            assertEquals(expected, fired);
        }
    }

    @Test
    void callSoonThreadsafeWakesAWaitingLoop() throws Exception {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    running.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever(); // returns only if the other thread's callback woke it
            other.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(loop.isRunning());
        }
    }

    @Test
    void callbackErrorsGoToTheExceptionHandlerAndTheLoopGoesOn() {
        try (EventLoop loop = virtualLoop()) {
            List<ErrorContext> errors = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> errors.add(ctx));
            List<String> log = new ArrayList<>();
            Handle bad = loop.callSoon(() -> {
                throw new IllegalStateException("boom");
            });
            loop.callSoon(() -> log.add("still running"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("still running"), log);
            assertEquals(1, errors.size());
            assertEquals("boom", errors.get(0).exception().getMessage());
            assertSame(bad, errors.get(0).handle());
        }
    }

    @Test
    void aThrowingExceptionHandlerDoesNotLoseTheError() {
        try (EventLoop loop = virtualLoop()) {
            loop.setExceptionHandler((l, ctx) -> {
                throw new IllegalArgumentException("handler broke");
            });
            loop.callSoon(() -> {
                throw new IllegalStateException("boom");
            });
            loop.callSoon(loop::stop);
            assertDoesNotThrow(loop::runForever);
        }
    }

    @Test
    void runUntilCompleteReturnsTheResultAndRejectsForeignFutures() {
        try (EventLoop loop = virtualLoop(); EventLoop other = virtualLoop()) {
            assertEquals(42, loop.runUntilComplete(() -> 42));
            Future<Integer> f = other.createFuture();
            assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(f));
        }
    }

    @Test
    void stoppedBeforeCompletionIsAnError() {
        try (EventLoop loop = virtualLoop()) {
            Future<Integer> never = loop.createFuture();
            loop.callLater(1, loop::stop);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
            assertTrue(e.getMessage().contains("stopped before Future completed"));
        }
    }

    @Test
    void closedLoopRefusesWork() {
        EventLoop loop = virtualLoop();
        loop.close();
        loop.close(); // idempotent
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertThrows(IllegalStateException.class, loop::runForever);
    }

    @Test
    void aLoopCannotRunInsideAnotherOrCloseWhileRunning() {
        try (EventLoop loop = virtualLoop(); EventLoop inner = virtualLoop()) {
            List<String> errors = new ArrayList<>();
            loop.callSoon(() -> {
                try {
                    inner.runForever();
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                try {
                    loop.close();
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                try {
                    loop.runForever();
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of("Cannot run the event loop while another loop is running",
                    "Cannot close a running event loop", "This event loop is already running"), errors);
        }
    }

    @Test
    void nanDelayIsRejectedWithAClearError() {
        try (EventLoop loop = virtualLoop()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> { }));
            assertTrue(e.getMessage().contains("NaN"));
        }
    }

    @Test
    void virtualLoopReportsADeadlockInsteadOfHanging() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestLoop.run(() -> EventLoop.getRunningLoop().createFuture().call()));
        assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
    }

    @Test
    void aCancelledTimerNeitherWakesTheLoopNorMovesVirtualTime() {
        io.jasyncio.testing.TestLoop tl = new io.jasyncio.testing.TestLoop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tl.runMain(() -> {
            EventLoop loop = EventLoop.getRunningLoop();
            loop.callLater(100, () -> { }).cancel(); // only a cancelled timer is left
            return loop.createFuture().call();
        }));
        assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
        assertEquals(0.0, tl.clock().time(), "time did not jump to the cancelled timer");
    }

    @Test
    void readyCountSeesReadyWork() {
        try (EventLoop loop = virtualLoop()) {
            assertEquals(0, loop.readyCount());
            loop.callSoon(() -> { });
            loop.callLater(0, () -> { });
            assertEquals(2, loop.readyCount());
        }
    }
}
