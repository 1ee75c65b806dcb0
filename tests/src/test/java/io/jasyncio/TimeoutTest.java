package io.jasyncio;

import io.jasyncio.testing.MainEngineOnly;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@link Timeout} scopes: CPython's test_timeouts.py, on virtual time, plus nesting and deadlines. */
class TimeoutTest {

    @AsyncioTest
    void expiresAfterExactlyTheDelayWithTheCancellationAsCause(EventLoop loop) {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        TimeoutError e = assertThrows(TimeoutError.class, () -> timeout(0.25, s -> {
            scope.set(s);
            sleep(10);
            return "never";
        }));
        assertEquals(0.25, loop.time());
        assertInstanceOf(CancelledError.class, e.getCause());
        assertTrue(scope.get().expired());
        assertEquals(0.25, scope.get().when());
        assertEquals("<Timeout [expired]>", scope.get().toString());
        assertEquals(0, currentTask().cancelling(), "the scope withdrew its cancellation");
        sleep(1); // the task is not cancelled any more
        assertEquals(1.25, loop.time());
    }

    @AsyncioTest
    void timeoutAtUsesAbsoluteLoopTime(EventLoop loop) {
        sleep(2);
        double deadline = loop.time() + 0.5;
        AtomicReference<Timeout> scope = new AtomicReference<>();
        assertThrows(TimeoutError.class, () -> timeoutAt(deadline, s -> {
            scope.set(s);
            return sleep(10, 1);
        }));
        assertEquals(2.5, loop.time());
        assertEquals(deadline, scope.get().when());
        assertTrue(scope.get().expired());
    }

    @AsyncioTest
    void bodyFinishingInTimeReturnsItsResult(EventLoop loop) {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        String r = timeout(10, s -> {
            scope.set(s);
            assertEquals("<Timeout [active] when=10.0>", s.toString());
            return sleep(0.01, "done");
        });
        assertEquals("done", r);
        assertFalse(scope.get().expired());
        assertTrue(scope.get().when() > loop.time());
        assertEquals("<Timeout [finished]>", scope.get().toString());
        // The timer is gone: nothing fires at t=10.
        sleep(20);
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void coroutineAndDurationOverloads(EventLoop loop) {
        int a = timeout(Duration.ofSeconds(1), () -> sleep(0.5, 7));
        int b = timeoutAt(loop.time() + 1, () -> sleep(0.5, 8));
        int c = timeout(Duration.ofMillis(1500), s -> sleep(1, 9));
        assertEquals(7 + 8 + 9, a + b + c);
        assertThrows(TimeoutError.class, () -> timeout(Duration.ofMillis(250), () -> sleep(1, 0)));
        assertEquals(2.25, loop.time(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> timeout(Double.NaN, () -> 1));
    }

    @AsyncioTest
    void neverHasNoDeadlineUntilRescheduled(EventLoop loop) {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        assertEquals("ok", timeout(Timeout.NEVER, s -> {
            scope.set(s);
            assertEquals("<Timeout [active] when=None>", s.toString());
            return sleep(100, "ok");
        }));
        assertFalse(scope.get().expired());
        assertEquals(Timeout.NEVER, scope.get().when());

        assertThrows(TimeoutError.class, () -> timeoutAt(Timeout.NEVER, s -> {
            sleep(1);
            s.reschedule(loop.time() + 2);
            return sleep(100, "late");
        }));
        assertEquals(103.0, loop.time());
    }

    @AsyncioTest
    void zeroOrPastDeadlineExpiresAtTheNextTurn(EventLoop loop) {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        assertThrows(TimeoutError.class, () -> timeout(0, s -> {
            scope.set(s);
            return sleep(10, 0);
        }));
        assertTrue(scope.get().expired());
        assertEquals(0.0, loop.time());
        // sleep(0) is enough for the expiry to land, even with a deadline in the past.
        assertThrows(TimeoutError.class, () -> timeout(0, () -> sleep(0, 0)));
        assertThrows(TimeoutError.class, () -> timeout(-11, s -> {
            assertEquals(-11.0, s.when());
            return sleep(0, 0);
        }));
        assertEquals(0.0, loop.time());
    }

    @AsyncioTest
    void bodyThatDoesNotSuspendBeatsADeadlineInThePast() {
        // The deadline is in the past, but the expiry callback only runs once the task yields.
        int r = timeout(-1, () -> 1);
        assertEquals(1, r);
        assertEquals(0, currentTask().cancelling());
        sleep(0.1); // and no stray cancellation is left behind
    }

    @AsyncioTest
    void foreignExceptionPassesUnchanged() {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> timeout(0.01, s -> {
            scope.set(s);
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertFalse(scope.get().expired());
        assertEquals(0, e.getSuppressed().length);
    }

    @AsyncioTest
    @SuppressWarnings("finally") // the point: a finally block that throws
    void foreignExceptionRaisedWhileUnwindingTheTimeoutCarriesIt() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> timeout(0.01, () -> {
            try {
                sleep(1);
            } finally {
                throw new ArithmeticException("/ by zero in cleanup");
            }
        }));
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(TimeoutError.class, e.getSuppressed()[0]);
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void bodyCatchingTheCancellationAndRethrowingStillTimesOut() {
        Steps steps = new Steps();
        assertThrows(TimeoutError.class, () -> timeout(0.01, () -> {
            try {
                return sleep(10, 0);
            } catch (CancelledError c) {
                steps.expect(1);
                throw c;
            }
        }));
        steps.finish(2);
    }

    @AsyncioTest
    void bodyCatchingTheCancellationAndReturningEndsNormally(EventLoop loop) {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        String r = timeout(1, s -> {
            scope.set(s);
            try {
                sleep(10);
                return "slept";
            } catch (CancelledError c) {
                return "gave up";
            }
        });
        assertEquals("gave up", r);
        assertTrue(scope.get().expired(), "the deadline did pass");
        assertEquals(0, currentTask().cancelling());
        sleep(5); // the task is not cancelled afterwards
        assertEquals(6.0, loop.time());
    }

    @AsyncioTest
    void aCatchInsideDoesNotBreakTheEnclosingTimeout(EventLoop loop) {
        // trio's guarantee: user code swallowing one cancellation does not disarm an outer deadline.
        assertThrows(TimeoutError.class, () -> timeout(5, () -> {
            String inner = timeout(1, () -> {
                try {
                    return sleep(10, "slept");
                } catch (CancelledError c) {
                    return "swallowed";
                }
            });
            assertEquals("swallowed", inner);
            return sleep(10, "outer body finished");
        }));
        assertEquals(5.0, loop.time());
    }

    @AsyncioTest
    void foreignCancelIsNotATimeout() {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        assertThrows(CancelledError.class, () -> timeout(10, s -> {
            scope.set(s);
            currentTask().cancel();
            return sleep(10, 0);
        }));
        assertFalse(scope.get().expired());
        currentTask().uncancel();
    }

    @AsyncioTest
    void outerTaskIsNotCancelled() {
        Task<String> t = createTask(() -> {
            assertThrows(TimeoutError.class, () -> timeout(0.001, () -> sleep(10, 0)));
            return "fine";
        });
        assertEquals("fine", await(t));
        assertFalse(t.cancelled());
    }

    @AsyncioTest
    void innerExpiryRaisesOnlyTheInnerTimeoutError(EventLoop loop) {
        Steps steps = new Steps();
        String r = timeout(10, outer -> {
            assertThrows(TimeoutError.class, () -> timeout(1, () -> sleep(5, 0)));
            steps.expect(1);
            assertFalse(outer.expired());
            assertEquals(1.0, loop.time());
            return sleep(1, "outer finished");
        });
        steps.finish(2);
        assertEquals("outer finished", r);
        assertEquals(2.0, loop.time());
    }

    @AsyncioTest
    void outerExpiryWhileInnerPendingIsTheOutersTimeout(EventLoop loop) {
        Steps steps = new Steps();
        AtomicReference<Timeout> inner = new AtomicReference<>();
        AtomicReference<Timeout> outer = new AtomicReference<>();
        TimeoutError e = assertThrows(TimeoutError.class, () -> timeout(1, o -> {
            outer.set(o);
            try {
                return timeout(10, i -> {
                    inner.set(i);
                    return sleep(5, 0);
                });
            } catch (TimeoutError wrong) {
                fail("the inner scope must not report the outer scope's deadline");
                throw wrong;
            } catch (CancelledError c) {
                steps.expect(1); // the inner scope let the cancellation through, unchanged
                throw c;
            }
        }));
        steps.finish(2);
        assertEquals(1.0, loop.time());
        assertTrue(outer.get().expired());
        assertFalse(inner.get().expired());
        assertInstanceOf(CancelledError.class, e.getCause());
    }

    @AsyncioTest
    void nestedScopesWithTheSameDeadlineRaiseOnlyAtTheTop() {
        // CPython test_nested_timeouts: both expire in the same turn; the outermost reports it.
        double deadline = getRunningLoop().time() + 0.01;
        AtomicReference<Timeout> cm1 = new AtomicReference<>();
        AtomicReference<Timeout> cm2 = new AtomicReference<>();
        Steps steps = new Steps();
        assertThrows(TimeoutError.class, () -> timeoutAt(deadline, s1 -> {
            cm1.set(s1);
            try {
                return timeoutAt(deadline, s2 -> {
                    cm2.set(s2);
                    return sleep(10, 0);
                });
            } catch (CancelledError c) {
                steps.expect(1);
                throw c;
            }
        }));
        steps.finish(2);
        assertTrue(cm1.get().expired());
        assertTrue(cm2.get().expired());
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void outerDeadlineInterruptsWorkAfterAnInnerTimeoutWasCaught(EventLoop loop) {
        // CPython test_nested_timeouts_loop_busy, on virtual time.
        double t0 = loop.time();
        assertThrows(TimeoutError.class, () -> timeout(0.1, () -> {
            assertThrows(TimeoutError.class, () -> timeout(0.01, () -> sleep(1, 0)));
            return sleep(10, 0);
        }));
        assertEquals(t0 + 0.1, loop.time(), 1e-9);
    }

    @AsyncioTest
    void nestedTimeoutInCleanupOfAnExpiredScope(EventLoop loop) {
        assertThrows(TimeoutError.class, () -> timeout(0.01, () -> {
            try {
                return sleep(1, 0);
            } finally {
                assertThrows(TimeoutError.class, () -> timeout(0.01, () -> sleep(10, 0)));
            }
        }));
        assertEquals(0.02, loop.time(), 1e-9);
    }

    @AsyncioTest
    void rescheduleFromAnotherTask(EventLoop loop) {
        Future<Timeout> entered = loop.createFuture();
        double deadline1 = loop.time() + 10;
        double deadline2 = deadline1 + 20;
        Task<Object> t = createTask(() -> timeoutAt(deadline1, s -> {
            entered.setResult(s);
            return sleep(50, null);
        }));
        Timeout cm = await(entered);
        assertEquals(deadline1, cm.when());
        cm.reschedule(deadline2);
        assertEquals(deadline2, cm.when());
        cm.reschedule(Timeout.NEVER);
        assertEquals(Timeout.NEVER, cm.when());
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        assertFalse(cm.expired());
        assertEquals(0.0, loop.time());
    }

    @AsyncioTest
    void rescheduleMovesTheExpiry(EventLoop loop) {
        assertThrows(TimeoutError.class, () -> timeout(10, s -> {
            sleep(1);
            s.reschedule(loop.time() + 0.5);
            return sleep(5, 0);
        }));
        assertEquals(1.5, loop.time());
        // Moving the deadline into the past expires the scope at the next suspension.
        assertThrows(TimeoutError.class, () -> timeout(10, s -> {
            s.reschedule(loop.time() - 1);
            return sleep(5, 0);
        }));
        assertEquals(1.5, loop.time());
        // Postponing a scope keeps it alive past its first deadline.
        assertEquals("ok", timeout(1, s -> {
            s.reschedule(loop.time() + 3);
            return sleep(2, "ok");
        }));
    }

    @AsyncioTest
    void rescheduleAfterTheScopeEndedFails() {
        Timeout finished = timeout(0.01, s -> s);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> finished.reschedule(1));
        assertTrue(e.getMessage().contains("finished"), e.getMessage());

        AtomicReference<Timeout> expired = new AtomicReference<>();
        assertThrows(TimeoutError.class, () -> timeout(0.01, s -> {
            expired.set(s);
            return sleep(1, 0);
        }));
        e = assertThrows(IllegalStateException.class, () -> expired.get().reschedule(1));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @AsyncioTest
    void timeoutAfterASwallowedCancellationStillWorks() {
        // CPython test_timeout_after_cancellation: the task keeps cancelling() == 1 (no uncancel),
        // and a scope entered then compares against that level.
        try {
            currentTask().cancel();
            sleep(1);
        } catch (CancelledError swallowed) {
            // no uncancel(): the request count stays at 1
        }
        assertEquals(1, currentTask().cancelling());
        assertThrows(TimeoutError.class, () -> timeout(0.0, () -> sleep(1, 0)));
        assertEquals(1, currentTask().cancelling());
        currentTask().uncancel();
    }

    @AsyncioTest
    void cancelInsideAScopeAfterASwallowedCancellationPropagates() {
        // CPython test_cancel_in_timeout_after_cancellation
        try {
            currentTask().cancel();
            sleep(1);
        } catch (CancelledError swallowed) {
            // keep the count at 1
        }
        assertThrows(CancelledError.class, () -> timeout(1.0, () -> {
            currentTask().cancel();
            return sleep(2, 0);
        }));
        assertEquals(2, currentTask().cancelling());
        currentTask().uncancel();
        currentTask().uncancel();
    }

    @AsyncioTest
    void outsideCancelArrivingAfterExpiryWinsOverTheTimeout(EventLoop loop) {
        // The deadline passes, then (before the body ends) someone else cancels the task too:
        // the scope must not turn that cancellation into a TimeoutError.
        Steps steps = new Steps();
        Task<Object> t = createTask(() -> timeout(1, () -> {
            try {
                return sleep(10, null);
            } catch (CancelledError c) {
                steps.expect(1);
                sleep(1); // cleanup, interrupted by the outside cancel below
                fail("the cleanup sleep should have been cancelled");
                return null;
            }
        }));
        sleep(1.5);
        steps.expect(2);
        t.cancel("stop");
        CancelledError e = assertThrows(CancelledError.class, () -> await(t));
        assertEquals("stop", e.getMessage());
        steps.finish(3);
        assertEquals(1.5, loop.time());
    }

    @AsyncioTest
    @MainEngineOnly
    void expiryInterruptsAJdkBlockingCall(EventLoop loop) {
        // The scope's cancel() reaches a task parked in a JDK blocking call as an interrupt; the
        // InterruptedException it causes is the cancellation, so the scope still raises TimeoutError.
        CountDownLatch never = new CountDownLatch(1);
        TimeoutError e = assertThrows(TimeoutError.class, () -> timeout(1, () -> {
            never.await();
            return null;
        }));
        assertEquals(1.0, loop.time());
        assertInstanceOf(CancelledError.class, e.getCause());
        assertInstanceOf(InterruptedException.class, e.getCause().getCause());
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed");
        assertEquals(0, currentTask().cancelling());
        sleep(1);
        assertEquals(2.0, loop.time());
    }

    @AsyncioTest
    void currentEffectiveDeadlineIsTheNearestOfTheEnclosingScopes(EventLoop loop) {
        assertEquals(Double.POSITIVE_INFINITY, currentEffectiveDeadline());
        timeout(10, outer -> {
            assertEquals(10.0, currentEffectiveDeadline());
            timeout(Timeout.NEVER, () -> {
                assertEquals(10.0, currentEffectiveDeadline());
                timeout(3, inner -> {
                    assertEquals(3.0, currentEffectiveDeadline());
                    outer.reschedule(2);
                    assertEquals(2.0, currentEffectiveDeadline());
                    inner.reschedule(1);
                    assertEquals(1.0, currentEffectiveDeadline());
                    return null;
                });
                assertEquals(2.0, currentEffectiveDeadline());
                return null;
            });
            // Another task does not see this task's scopes.
            assertEquals(Double.POSITIVE_INFINITY, await(createTask(Asyncio::currentEffectiveDeadline)));
            return null;
        });
        assertEquals(Double.POSITIVE_INFINITY, currentEffectiveDeadline());
        // Scopes left by an exception are popped too.
        assertThrows(TimeoutError.class, () -> timeout(1, () -> sleep(2, 0)));
        assertThrows(IllegalStateException.class, () -> timeout(1, () -> {
            throw new IllegalStateException();
        }));
        assertEquals(Double.POSITIVE_INFINITY, currentEffectiveDeadline());
    }

    @AsyncioTest
    void timeoutAroundATaskGroupCancelsItsTasks(EventLoop loop) {
        Steps steps = new Steps();
        TimeoutError e = assertThrows(TimeoutError.class, () -> timeout(1, () -> taskGroup(tg -> {
            tg.createTask(() -> {
                try {
                    return sleep(10, 0);
                } catch (CancelledError c) {
                    steps.expect(1);
                    throw c;
                }
            });
            return null;
        })));
        steps.finish(2);
        assertEquals(1.0, loop.time());
        assertInstanceOf(CancelledError.class, e.getCause());
        assertEquals(0, currentTask().cancelling());
    }
}
