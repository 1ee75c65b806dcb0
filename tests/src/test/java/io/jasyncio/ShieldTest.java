package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.util.concurrent.atomic.AtomicReference;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@link Asyncio#shield} and {@link Asyncio#shieldFuture}. */
class ShieldTest {

    @AsyncioTest
    void outerCancelledInnerKeepsRunningAndItsResultIsAvailable(EventLoop loop) {
        Steps steps = new Steps();
        Task<String> inner = createTask(() -> {
            sleep(2);
            steps.expect(3);
            return "saved";
        });
        Task<String> outer = createTask(() -> {
            steps.expect(1);
            return shield(inner);
        });
        sleep(1);
        steps.expect(2);
        outer.cancel();
        assertThrows(CancelledError.class, () -> await(outer));
        assertEquals(1.0, loop.time(), "the awaiting task stops at once");
        assertFalse(inner.cancelled());
        assertFalse(inner.done());
        assertEquals("saved", await(inner));
        steps.finish(4);
        assertEquals(2.0, loop.time());
    }

    @AsyncioTest
    void shieldOfACoroutineRunsItInATaskThatSurvives(EventLoop loop) {
        AtomicReference<Task<?>> innerTask = new AtomicReference<>();
        Task<Integer> outer = createTask(() -> shield(() -> {
            innerTask.set(currentTask());
            return sleep(2, 7);
        }));
        sleep(1);
        assertNotSame(outer, innerTask.get(), "the shielded coroutine runs in a task of its own");
        outer.cancel();
        assertThrows(CancelledError.class, () -> await(outer));
        assertEquals(7, await(innerTask.get()));
    }

    @AsyncioTest
    void resultAndExceptionPassThrough() {
        int r = shield(() -> sleep(1, 5));
        assertEquals(5, r);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> shield(() -> {
            sleep(1);
            throw new IllegalStateException("inner failed");
        }));
        assertEquals("inner failed", e.getMessage());
    }

    @AsyncioTest
    void cancellingTheInnerStillCancelsTheShield() {
        Task<String> inner = createTask(() -> sleep(10, "x"));
        getRunningLoop().callLater(1, inner::cancel);
        assertThrows(CancelledError.class, () -> shield(inner));
        assertTrue(inner.cancelled());
    }

    @AsyncioTest
    void shieldUnderWaitForTimesOutButTheWorkGoesOn(EventLoop loop) {
        // The classic pattern: bound how long we wait, never interrupt the work itself.
        Task<String> save = createTask(() -> sleep(3, "saved"));
        assertThrows(TimeoutError.class, () -> waitFor(() -> shield(save), 1));
        assertEquals(1.0, loop.time());
        assertFalse(save.done());
        assertEquals("saved", await(save));
        assertEquals(3.0, loop.time());
    }

    @AsyncioTest
    void shieldFutureCanBeCancelledAlone(EventLoop loop) {
        Task<String> inner = createTask(() -> sleep(1, "inner"));
        Future<String> outer = shieldFuture(inner);
        assertNotSame(inner, outer);
        assertTrue(outer.cancel());
        assertTrue(outer.cancelled());
        assertEquals("inner", await(inner));
        // A done inner is returned as it is.
        assertSame(inner, shieldFuture(inner));
        Future<String> done = loop.createFuture();
        done.setResult("d");
        assertSame(done, shieldFuture(done));
    }

    @AsyncioTest
    void shieldFutureMirrorsTheInner(EventLoop loop) {
        Future<String> inner = loop.createFuture();
        Future<String> outer = shieldFuture(inner);
        loop.callLater(1, () -> inner.setResult("v"));
        assertEquals("v", await(outer));
        Future<String> inner2 = loop.createFuture();
        Future<String> outer2 = shieldFuture(inner2);
        inner2.cancel();
        assertTrue(outer2.cancelled());
    }

    @AsyncioTest
    void innerFailureAfterTheShieldWasCancelledIsStillReported() {
        // Nobody awaits the inner any more: its error must not vanish silently. Here we retrieve it.
        Task<String> inner = createTask(() -> {
            sleep(2);
            throw new IllegalStateException("late failure");
        });
        Task<String> outer = createTask(() -> shield(inner));
        sleep(1);
        outer.cancel();
        assertThrows(CancelledError.class, () -> await(outer));
        assertThrows(IllegalStateException.class, () -> await(inner));
    }
}
