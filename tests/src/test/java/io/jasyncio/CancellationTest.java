package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Cancellation as asyncio delivers it: at the next suspension point, down await chains, countable. */
class CancellationTest {

    @AsyncioTest
    void cancellingASleepingTaskRaisesAtTheSleep(EventLoop loop) {
        List<String> log = new ArrayList<>();
        Task<String> t = createTask(() -> {
            try {
                sleep(10);
                return "finished";
            } catch (CancelledError e) {
                log.add("cancelled at " + getRunningLoop().time() + ": " + e.getMessage());
                throw e;
            }
        });
        sleep(1);
        assertTrue(t.cancel("stop now"));
        assertEquals(1, t.cancelling());
        CancelledError e = assertThrows(CancelledError.class, () -> await(t));
        assertEquals("stop now", e.getMessage());
        assertTrue(t.cancelled());
        assertEquals(List.of("cancelled at 1.0: stop now"), log);
        assertEquals(1.0, loop.time());
        assertFalse(t.cancel(), "a done task cannot be cancelled");
    }

    @AsyncioTest
    void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
        List<String> log = new ArrayList<>();
        Task<Object> t = createTask(() -> log.add("ran"));
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled());
        assertEquals(List.of(), log);
    }

    @AsyncioTest
    void selfCancellationRaisesAtTheNextSuspensionPoint() {
        Steps steps = new Steps();
        Task<Object> t = createTask(() -> {
            currentTask().cancel();
            steps.expect(2); // still running: cancellation is not preemptive
            sleep(0);
            steps.expect(99);
            return null;
        });
        steps.expect(1);
        assertThrows(CancelledError.class, () -> await(t));
        steps.finish(3);
    }

    @AsyncioTest
    void catchingTheCancellationLetsTheTaskGoOn() {
        Task<String> t = createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                sleep(1); // cleanup may await
                return "recovered";
            }
            return "not cancelled";
        });
        sleep(1);
        t.cancel();
        assertEquals("recovered", await(t));
        assertFalse(t.cancelled());
        assertEquals(1, t.cancelling());
        assertEquals(0, t.uncancel());
    }

    @AsyncioTest
    void cancellationFlowsDownAChainOfAwaits() {
        List<String> log = new ArrayList<>();
        Task<String> inner = createTask(() -> {
            try {
                sleep(10);
                return "inner";
            } catch (CancelledError e) {
                log.add("inner cancelled");
                throw e;
            }
        });
        Task<String> outer = createTask(() -> {
            try {
                return await(inner);
            } catch (CancelledError e) {
                log.add("outer cancelled");
                throw e;
            }
        });
        sleep(1);
        outer.cancel();
        assertThrows(CancelledError.class, () -> await(outer));
        assertTrue(inner.cancelled());
        assertEquals(List.of("inner cancelled", "outer cancelled"), log);
    }

    @AsyncioTest
    void anInnerTaskThatIgnoresCancellationDeliversItsResult() {
        Task<String> inner = createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                return "ignored the cancel";
            }
            return "slept";
        });
        Task<String> outer = createTask(() -> await(inner));
        sleep(1);
        outer.cancel();
        assertEquals("ignored the cancel", await(outer));
        assertEquals(1, outer.cancelling());
    }

    @AsyncioTest
    void cancellingTheAwaiterCancelsTheAwaitedFuture(EventLoop loop) {
        Future<String> f = loop.createFuture();
        Task<String> t = createTask(() -> await(f));
        sleep(0);
        t.cancel("bye");
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(f.cancelled());
    }

    @AsyncioTest
    void aCancelArrivingAfterTheFutureCompletedButBeforeTheTaskResumedWins(EventLoop loop) {
        // asyncio: the wake-up is pending, cancel() finds the waited-on future done and sets
        // _must_cancel, so the task sees CancelledError instead of the result.
        Future<String> f = loop.createFuture();
        Task<String> t = createTask(() -> await(f));
        sleep(0);
        loop.callSoon(() -> {
            f.setResult("value");
            t.cancel();
        });
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled());
        assertEquals("value", f.result());
    }

    @AsyncioTest
    void uncancelToZeroDropsAnUndeliveredCancellation() {
        Steps steps = new Steps();
        Task<String> t = createTask(() -> {
            steps.expect(2);
            sleep(0);
            steps.expect(4);
            sleep(0);
            return "survived";
        });
        steps.expect(1);
        sleep(0);
        steps.expect(3);
        t.cancel();
        t.cancel();
        assertEquals(2, t.cancelling());
        assertEquals(1, t.uncancel());
        assertEquals(0, t.uncancel());
        assertEquals("survived", await(t));
        steps.finish(5);
    }

    @AsyncioTest
    void cancellingAGatheredChildFailsTheGatherWithCancelledError() {
        Task<String> a = createTask(() -> sleep(5, "a"));
        Task<String> b = createTask(() -> sleep(1, "b"));
        createTask(() -> {
            sleep(0.5);
            a.cancel();
            return null;
        });
        assertThrows(CancelledError.class, () -> gather(a, b));
        assertEquals("b", await(b));
    }

    @AsyncioTest
    void cancelledErrorIsNotAnException() {
        Task<String> t = createTask(() -> {
            try {
                sleep(10);
            } catch (Exception e) {
                return "swallowed by catch (Exception)";
            }
            return "slept";
        });
        sleep(1);
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        assertFalse(Exception.class.isAssignableFrom(CancelledError.class));
    }

    @AsyncioTest
    void interruptingATaskThreadCountsAsACancellationRequest() {
        Task<String> t = createTask(() -> sleep(10, "slept"));
        sleep(1);
        t.thread().interrupt();
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled());
    }
}
