package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.MainEngineOnly;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@code createTask(..., eagerStart)}: asyncio's {@code eager_start}, from callbacks and from tasks. */
class EagerStartTest {

    @AsyncioTest
    @MainEngineOnly
    void fromACallbackTheFirstStepRunsInsideCreateTask(EventLoop loop) {
        List<String> log = new ArrayList<>();
        Future<Task<String>> made = loop.createFuture();
        loop.callSoon(() -> {
            log.add("callback starts");
            Task<String> t = loop.createTask(() -> {
                log.add("step 1");
                sleep(0);
                log.add("step 2");
                return "done";
            }, "eager", null, true);
            log.add("callback ends, task done: " + t.done());
            loop.callSoon(() -> log.add("scheduled by the callback after the task"));
            made.setResult(t);
        });
        assertEquals("done", await(await(made)));
        assertEquals(List.of("callback starts", "step 1", "callback ends, task done: false", "step 2",
                "scheduled by the callback after the task"), log);
    }

    @AsyncioTest
    @MainEngineOnly
    void aCoroutineThatNeverSuspendsIsDoneWhenCreateTaskReturns(EventLoop loop) {
        Future<Boolean> doneAtOnce = loop.createFuture();
        Future<Task<Integer>> failed = loop.createFuture();
        loop.callSoon(() -> {
            Task<Integer> ok = loop.createTask(() -> 42, null, null, true);
            doneAtOnce.setResult(ok.done() && ok.result() == 42);
            // What the eager step raises is the task's outcome: nothing reaches the callback.
            failed.setResult(loop.createTask(() -> {
                throw new IllegalStateException("boom");
            }, null, null, true));
        });
        assertTrue(await(doneAtOnce));
        Task<Integer> t = await(failed);
        assertTrue(t.done());
        assertEquals("boom", assertThrows(IllegalStateException.class, () -> await(t)).getMessage());
    }

    @AsyncioTest
    void fromATaskTheTaskIsScheduledAsUsual(EventLoop loop) {
        List<String> log = new ArrayList<>();
        Task<Void> t = loop.createTask(() -> {
            log.add("child runs");
            return null;
        }, "child", null, true);
        log.add("creator goes on");
        assertFalse(t.done());
        await(t);
        assertEquals(List.of("creator goes on", "child runs"), log);
    }

    @AsyncioTest
    void anEagerTaskFromACallbackEndsWithItsResultOnEitherEngine(EventLoop loop) {
        Future<Task<String>> made = loop.createFuture();
        loop.callSoon(() -> made.setResult(loop.createTask(() -> {
            sleep(0.5);
            return "slept";
        }, null, null, true)));
        double t0 = loop.time();
        assertEquals("slept", await(await(made)));
        assertEquals(0.5, loop.time() - t0, 0.01);
    }
}
