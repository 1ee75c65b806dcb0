package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@link Asyncio#waitFor}: CPython's test_waitfor.py, on virtual time. */
class WaitForTest {

    private static final class SlowOperation {
        boolean started;
        boolean cancelled;

        int run() {
            started = true;
            try {
                sleep(5);
                return 42;
            } catch (CancelledError c) {
                cancelled = true;
                throw c;
            }
        }
    }

    @AsyncioTest
    void seedExampleTimesOutAfterExactlyOneSecondAndCancelsTheOperation(EventLoop loop) {
        // async def slow_operation(): await asyncio.sleep(5); return 42
        // await asyncio.wait_for(slow_operation(), timeout=1.0)  -> TimeoutError
        SlowOperation op = new SlowOperation();
        TimeoutError e = assertThrows(TimeoutError.class, () -> waitFor(op::run, 1.0));
        assertEquals(1.0, loop.time());
        assertTrue(op.cancelled, "the coroutine saw the cancellation");
        assertInstanceOf(CancelledError.class, e.getCause());
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void seedExampleWithATaskCancelsTheTask(EventLoop loop) {
        SlowOperation op = new SlowOperation();
        Task<Integer> t = createTask(op::run);
        assertThrows(TimeoutError.class, () -> waitFor(t, 1.0));
        assertEquals(1.0, loop.time());
        assertTrue(t.cancelled());
        assertTrue(op.cancelled);
    }

    @AsyncioTest
    void resultInTimeIsReturned(EventLoop loop) {
        assertEquals("done", waitFor(() -> sleep(0.5, "done"), 1.0));
        assertEquals(0.5, loop.time());
        assertEquals("d", waitFor(() -> sleep(0.5, "d"), Duration.ofSeconds(1)));
        assertEquals("forever", waitFor(() -> sleep(1000, "forever"), Double.POSITIVE_INFINITY));
        assertEquals(1001.0, loop.time());
    }

    @AsyncioTest
    void plainCoroutineRunsInlineInTheCurrentTask() {
        Task<?> me = currentTask();
        assertSame(me, waitFor(() -> currentTask(), 1.0));
    }

    @AsyncioTest
    void exceptionsPassUnchanged() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> waitFor(() -> {
            sleep(0.1);
            throw new IllegalStateException("inner");
        }, 1.0));
        assertEquals("inner", e.getMessage());
    }

    @AsyncioTest
    void zeroTimeoutReturnsTheResultOfADoneFuture(EventLoop loop) {
        Future<String> fut = loop.createFuture();
        fut.setResult("done");
        assertEquals("done", waitFor(fut, 0));
        assertEquals("done", waitFor(fut, -1));
        assertEquals(0.0, loop.time());
    }

    @AsyncioTest
    void zeroTimeoutNeverStartsACoroutine(EventLoop loop) {
        AtomicBoolean started = new AtomicBoolean();
        TimeoutError e = assertThrows(TimeoutError.class, () -> waitFor(() -> {
            started.set(true);
            return null;
        }, 0));
        assertFalse(started.get());
        assertInstanceOf(CancelledError.class, e.getCause());
        assertEquals(0.0, loop.time());
    }

    @AsyncioTest
    void zeroOrNegativeTimeoutCancelsARunningTask(EventLoop loop) {
        for (double timeout : new double[] {0, -1}) {
            Future<Void> started = loop.createFuture();
            AtomicBoolean running = new AtomicBoolean();
            Task<String> fut = createTask(() -> {
                running.set(true);
                started.setResult(null);
                try {
                    return sleep(10, "done");
                } finally {
                    running.set(false);
                }
            });
            await(started);
            assertThrows(TimeoutError.class, () -> waitFor(fut, timeout));
            assertTrue(fut.cancelled());
            assertFalse(running.get());
        }
        assertEquals(0.0, loop.time());
    }

    @AsyncioTest
    void completionEarlierThanTheDeadlineWins(EventLoop loop) {
        // CPython test_wait_for_race_condition
        Future<String> fut = loop.createFuture();
        loop.callLater(0.1, () -> fut.setResult("ok"));
        assertEquals("ok", waitFor(fut, 0.2));
        assertEquals(0.1, loop.time(), 1e-9);
    }

    @AsyncioTest
    void completionInTheSameTurnAsTheDeadlineLosesToTheTimeout(EventLoop loop) {
        // Both timers are due in the same turn; the future's was scheduled first, so it completes
        // first, but the waiting task only resumes in the next turn, after the deadline callback
        // cancelled it: asyncio then throws CancelledError into the task, which the scope turns into
        // TimeoutError. The result stays on the future.
        Future<String> fut = loop.createFuture();
        loop.callLater(1.0, () -> fut.setResult("ok"));
        TimeoutError e = assertThrows(TimeoutError.class, () -> waitFor(fut, 1.0));
        assertEquals(1.0, loop.time());
        assertEquals("ok", fut.result());
        assertInstanceOf(CancelledError.class, e.getCause());

        // The other order: the deadline's timer first. It cancels the future before it gets its result.
        Future<String> fut2 = loop.createFuture();
        Steps steps = new Steps();
        Task<Object> waiter = createTask(() -> {
            steps.expect(1);
            return waitFor(fut2, 1.0);
        });
        sleep(0); // the waiter's deadline timer is now scheduled before ours
        loop.callLater(1.0, () -> {
            steps.expect(2);
            assertTrue(fut2.cancelled(), "the deadline callback ran first");
        });
        assertThrows(TimeoutError.class, () -> await(waiter));
        steps.finish(3);

        // A coroutine that ends exactly at the deadline: its sleep timer is scheduled after the
        // scope's, so the deadline wins.
        assertThrows(TimeoutError.class, () -> waitFor(() -> sleep(1.0, "just in time?"), 1.0));
        assertEquals(3.0, loop.time());
    }

    @AsyncioTest
    void taskFinishingAtTheDeadlineIsCancelledToo(EventLoop loop) {
        // The task's sleep ends in the same turn the deadline fires: the task is cancelled before it
        // can resume, so it never returns its value (CPython behaves the same).
        Task<String> t = createTask(() -> sleep(1.0, "value"));
        sleep(0);
        assertThrows(TimeoutError.class, () -> waitFor(t, 1.0));
        assertTrue(t.cancelled());
        assertEquals(1.0, loop.time());
    }

    @AsyncioTest
    void outerCancelDuringWaitForIsACancellationNotATimeout(EventLoop loop) {
        SlowOperation op = new SlowOperation();
        Task<Integer> inner = createTask(op::run);
        Steps steps = new Steps();
        Task<Integer> waiting = createTask(() -> {
            steps.expect(1);
            try {
                return waitFor(inner, 3.0);
            } catch (TimeoutError wrong) {
                fail("an outside cancel must not become a TimeoutError");
                throw wrong;
            }
        });
        sleep(1);
        steps.expect(2);
        waiting.cancel();
        assertThrows(CancelledError.class, () -> await(waiting));
        steps.finish(3);
        assertTrue(inner.cancelled(), "cancelling the wait cancels the awaited task");
        assertTrue(op.cancelled);
        assertEquals(1.0, loop.time());
    }

    @AsyncioTest
    void cancellingABlockingWaitForCancelsTheTask(EventLoop loop) {
        // CPython _test_cancel_wait_for, with no timeout and with a long one (Python issue #23219).
        for (double timeout : new double[] {Double.POSITIVE_INFINITY, 60.0}) {
            Task<Object> task = createTask(() -> await(loop.createFuture()));
            Task<Object> wait = createTask(() -> waitFor(task, timeout));
            loop.callSoon(wait::cancel);
            assertThrows(CancelledError.class, () -> await(wait));
            assertTrue(task.cancelled());
        }
    }

    @AsyncioTest
    void workThatSuppressesTheCancellationReturnsItsValue(EventLoop loop) {
        // CPython test_wait_for_cancel_suppressed and test_wait_for_cancellation_race_condition
        int r = waitFor(() -> {
            try {
                return sleep(10, 0);
            } catch (CancelledError c) {
                return 42;
            }
        }, 0.1);
        assertEquals(42, r);
        assertEquals(0.1, loop.time(), 1e-9);
        assertEquals(0, currentTask().cancelling());
        sleep(1); // no stray cancellation
    }

    @AsyncioTest
    void waitsForTheCancelledTaskToFinish(EventLoop loop) {
        // CPython test_wait_for_waits_for_task_cancellation
        AtomicBoolean taskDone = new AtomicBoolean();
        Task<Object> inner = createTask(() -> {
            try {
                return sleep(10, null);
            } catch (CancelledError c) {
                sleep(0.5); // cleanup that takes time
                throw c;
            } finally {
                taskDone.set(true);
            }
        });
        TimeoutError e = assertThrows(TimeoutError.class, () -> waitFor(inner, 0.25));
        assertTrue(taskDone.get());
        assertEquals(0.75, loop.time());
        assertInstanceOf(CancelledError.class, e.getCause());
    }

    @AsyncioTest
    void zeroTimeoutWaitsForTheCancelledTaskToFinish(EventLoop loop) {
        AtomicBoolean taskDone = new AtomicBoolean();
        Task<Object> inner = createTask(() -> {
            try {
                return sleep(10, null);
            } catch (CancelledError c) {
                sleep(0.5);
                throw c;
            } finally {
                taskDone.set(true);
            }
        });
        sleep(0.01);
        assertThrows(TimeoutError.class, () -> waitFor(inner, 0));
        assertTrue(taskDone.get());
        assertEquals(0.51, loop.time(), 1e-9);
    }

    @AsyncioTest
    @SuppressWarnings("finally") // the point: a finally block that throws
    void exceptionDuringCancellationIsRaised() {
        // CPython test_wait_for_reraises_exception_during_cancellation
        class FooException extends RuntimeException {
        }
        Task<Object> inner = createTask(() -> {
            try {
                return sleep(0.2, null);
            } finally {
                throw new FooException();
            }
        });
        assertThrows(FooException.class, () -> waitFor(inner, 0.01));
    }

    @AsyncioTest
    void waitForItselfIsCancellableWhileTheTaskHoldsOut(EventLoop loop) {
        // CPython test_wait_for_self_cancellation
        Task<Integer> inner = createTask(() -> {
            try {
                sleep(0.3);
            } catch (CancelledError c) {
                try {
                    sleep(0.3);
                } catch (CancelledError c2) {
                    sleep(0.3);
                }
            }
            return 42;
        });
        Task<Integer> wait = createTask(() -> waitFor(inner, 0.1));
        wait.cancel();
        assertThrows(CancelledError.class, () -> await(wait));
        assertEquals(42, await(inner));
        assertEquals(0.3, loop.time(), 1e-9);
    }

    @AsyncioTest
    void cancelAfterAFastWaitForIsNotLost() {
        // CPython test_wait_for_issue86296
        AtomicBoolean reachedEnd = new AtomicBoolean();
        Task<Object> task = createTask(() -> {
            waitFor(() -> null, 100);
            sleep(1);
            reachedEnd.set(true);
            return null;
        });
        sleep(0);
        assertFalse(task.done());
        task.cancel();
        assertThrows(CancelledError.class, () -> await(task));
        assertFalse(reachedEnd.get());
    }

    @AsyncioTest
    void waitForInsideATimeoutScope(EventLoop loop) {
        // The inner waitFor's deadline comes first: its TimeoutError only.
        String r = timeout(5, () -> {
            assertThrows(TimeoutError.class, () -> waitFor(() -> sleep(10, 0), 1));
            return "outer ok";
        });
        assertEquals("outer ok", r);
        // The outer scope's deadline comes first: the waitFor lets the cancellation through.
        Steps steps = new Steps();
        assertThrows(TimeoutError.class, () -> timeout(1, () -> {
            try {
                return waitFor(() -> sleep(10, 0), 5);
            } catch (CancelledError c) {
                steps.expect(1);
                throw c;
            }
        }));
        steps.finish(2);
        assertEquals(2.0, loop.time());
    }

    @AsyncioTest
    void nanTimeoutIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> waitFor(() -> 1, Double.NaN));
    }
}
