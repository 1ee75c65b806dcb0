package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Where jasyncio followed asyncio's documented behaviour only partly (issue 8, item 6); CPython 3.13's
 * docs and Lib/test/test_asyncio are the reference for each case.
 */
class AsyncioParityTest {

    // ---- A task's result is set only by its coroutine (test_tasks: test_set_result_causes_invalid_state)

    @AsyncioTest
    void setResultOnATaskRaisesAndLeavesItUntouched() {
        Task<String> t = createTask(() -> sleep(1, "real"));
        sleep(0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> t.setResult("fake"));
        assertEquals("Task does not support set_result operation", e.getMessage());
        assertFalse(t.done());
        assertTrue(t.cancel(), "the task is still pending, so it can be cancelled");
        assertThrows(CancelledError.class, () -> await(t));
    }

    @AsyncioTest
    void setExceptionOnATaskRaisesAndTheRealOutcomeWins() {
        Task<String> t = createTask(() -> sleep(1, "real"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> t.setException(new IllegalStateException("fake")));
        assertEquals("Task does not support set_exception operation", e.getMessage());
        assertFalse(t.done());
        assertEquals("real", await(t));
    }

    // ---- The first cancellation message wins

    @AsyncioTest
    void aSecondCancelDoesNotReplaceTheFirstMessage() {
        Task<String> t = createTask(() -> sleep(10, "never"));
        sleep(0);                                  // t waits in its sleep
        assertTrue(t.cancel("first reason"));
        assertTrue(t.cancel("second reason"));
        CancelledError e = assertThrows(CancelledError.class, () -> await(t));
        assertEquals("first reason", e.getMessage());
        assertEquals(2, t.cancelling());
    }

    @AsyncioTest
    void aSecondCancelDoesNotReplaceTheFirstMessageWhileAwaitingAFuture() {
        Future<String> never = getRunningLoop().createFuture();
        Task<String> t = createTask(() -> await(never));
        sleep(0);                                  // t waits on the future
        t.cancel("first reason");
        t.cancel("second reason");
        CancelledError e = assertThrows(CancelledError.class, () -> await(t));
        assertEquals("first reason", e.getMessage());
    }

    @AsyncioTest
    void aTimeoutsOwnCancelDoesNotReplaceTheUsersReason(EventLoop loop) {
        List<String> seen = new ArrayList<>();
        Task<?>[] holder = new Task<?>[1];
        // Registered before the task's timeout, at the same deadline: the user's cancel comes first in
        // the turn, the timeout's own cancel (no message) right after it.
        loop.callAt(1.0, () -> holder[0].cancel("shutting down"));
        Task<Void> t = createTask(() -> {
            try {
                timeout(1.0, scope -> {
                    sleep(10);
                    return null;
                });
            } catch (CancelledError e) {
                seen.add(String.valueOf(e.getMessage()));
                throw e;
            }
            return null;
        });
        holder[0] = t;
        assertThrows(CancelledError.class, () -> await(t));
        assertEquals(List.of("shutting down"), seen);
    }

    // ---- asyncio's messages

    @AsyncioTest
    void resultOfAPendingFutureSaysResultIsNotSet(EventLoop loop) {
        InvalidStateError e = assertThrows(InvalidStateError.class, () -> loop.createFuture().result());
        assertEquals("Result is not set.", e.getMessage());
    }

    @AsyncioTest
    void aSecondSetResultSaysInvalidState(EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        InvalidStateError e = assertThrows(InvalidStateError.class, () -> f.setResult(2));
        assertTrue(e.getMessage().startsWith("invalid state"), e.getMessage());
        assertEquals(1, f.result());
    }

    @AsyncioTest
    void runnerRunInsideARunningLoopNamesRunnerRun() {
        try (Runner inner = new Runner()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> inner.run(() -> 1));
            assertEquals("Runner.run() cannot be called from a running event loop", e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> 1));
        assertEquals("Asyncio.run() cannot be called from a running event loop", e.getMessage());
    }

    // ---- The report of an exception nobody retrieved (base_events.default_exception_handler's keys)

    @org.junit.jupiter.api.Test
    void anUnretrievedTaskExceptionReachesTheHandlerWithAsyncioKeysWhenRunEnds() {
        List<ErrorContext> reports = new ArrayList<>();
        Task<?>[] created = new Task<?>[1];
        try (Runner runner = new Runner(EventLoop.builder().virtualClock(new VirtualClock()))) {
            runner.getLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            runner.run(() -> {
                created[0] = createTask(() -> Integer.parseInt("not a number"), "parser");
                sleep(1);
                return null;
            });
        }
        assertEquals(1, reports.size(), reports.toString());
        ErrorContext ctx = reports.get(0);
        assertEquals("Task exception was never retrieved", ctx.message());
        assertInstanceOf(NumberFormatException.class, ctx.exception());
        assertSame(created[0], ctx.future());
        assertEquals("Task exception was never retrieved", ctx.get("message"));
        assertSame(ctx.exception(), ctx.get("exception"));
        assertSame(created[0], ctx.get("future"));
        assertTrue(ctx.future().toString().contains("name='parser'"), ctx.future().toString());
    }

    @org.junit.jupiter.api.Test
    void inDebugModeTheReportSaysWhereTheTaskWasCreated() {
        List<ErrorContext> reports = new ArrayList<>();
        try (Runner runner = new Runner(EventLoop.builder().virtualClock(new VirtualClock()).debug(true))) {
            runner.getLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            runner.run(() -> {
                createTask(() -> Integer.parseInt("x"), "parser");   // the creation site
                sleep(1);
                return null;
            });
        }
        assertEquals(1, reports.size(), reports.toString());
        String task = reports.get(0).future().toString();
        assertTrue(task.contains("created at io.jasyncio.AsyncioParityTest.lambda$inDebugModeTheReportSaysWhereTheTaskWasCreated"),
                task);
        assertNotNull(reports.get(0).get("source_traceback"));
    }

    @org.junit.jupiter.api.Test
    void aTaskStillPendingWhenItsLoopClosesIsReported() {
        List<ErrorContext> reports = new ArrayList<>();
        EventLoop loop = EventLoop.builder().virtualClock(new VirtualClock()).build();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Task<?> t = loop.createTask(() -> loop.createFuture().call(), "stuck");
        loop.runUntilComplete(() -> {
            sleep(1);
            return null;
        });
        loop.close();
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("Task was destroyed but it is pending!", reports.get(0).message());
        assertSame(t, reports.get(0).future());
    }

    // ---- API asyncio code relies on

    @AsyncioTest
    void gatherFutureCanBePassedAroundAndCancelled() {
        List<String> log = new ArrayList<>();
        Coroutine<String> child = () -> {
            try {
                return sleep(10, "done");
            } catch (CancelledError e) {
                log.add("child cancelled");
                throw e;
            }
        };
        Future<List<String>> all = gatherFuture(child, child);
        sleep(1);
        assertFalse(all.done());
        assertTrue(all.cancel("enough"));
        assertThrows(CancelledError.class, () -> await(all));
        assertEquals(List.of("child cancelled", "child cancelled"), log);
    }

    @AsyncioTest
    void gatherFutureGivesTheResultsInOrder() {
        Future<List<String>> all = gatherFuture(() -> sleep(2, "a"), () -> sleep(1, "b"));
        assertEquals(List.of("a", "b"), await(all));
    }

    @org.junit.jupiter.api.Test
    void runInExecutorReturnsAFutureWithoutAwaitingIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String got = Asyncio.run(() -> {
                EventLoop loop = getRunningLoop();
                Future<String> f = loop.runInExecutor(pool, () -> Thread.currentThread().isVirtual() ? "virtual" : "pool");
                assertFalse(f.done(), "nothing is awaited yet");
                return await(f);
            });
            assertEquals("pool", got);
        } finally {
            pool.shutdown();
        }
    }

    @org.junit.jupiter.api.Test
    void runnerRunInAGivenContext() {
        ContextVar<String> user = new ContextVar<>("user", "-");
        Context ctx = Context.copyContext();
        ctx.run(() -> user.set("alice"));
        try (Runner runner = new Runner(EventLoop.builder().virtualClock(new VirtualClock()))) {
            String seen = runner.run(() -> {
                String before = user.get();
                user.set("bob");
                return before;
            }, ctx);
            assertEquals("alice", seen);
        }
        assertEquals("bob", ctx.run(user::get), "the main task ran in the context itself, as asyncio's does");
    }

    @AsyncioTest
    void timerHandleWhenIsExactlyTheDeadlineGiven(EventLoop loop) {
        double when = 0.1 + 0.2;                   // 0.30000000000000004: not a whole number of nanoseconds
        TimerHandle h = loop.callAt(when, () -> { });
        assertEquals(when, h.when());
        h.cancel();
    }
}
