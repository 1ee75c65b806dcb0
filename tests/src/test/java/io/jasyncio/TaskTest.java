package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Tasks and futures: scheduling order, results, callbacks, names, bookkeeping. */
class TaskTest {

    @AsyncioTest
    void aCoroutineDoesNothingUntilAwaited() {
        List<String> log = new ArrayList<>();
        Coroutine<String> coro = () -> {
            log.add("start a");
            return "A";
        };
        assertEquals(List.of(), log);
        assertEquals("A", await(coro));
        assertEquals(List.of("start a"), log);
    }

    @AsyncioTest
    void createTaskStartsInTheNextTurn() {
        Steps steps = new Steps();
        steps.expect(1);
        Task<Integer> t = createTask(() -> {
            steps.expect(3);
            return 7;
        });
        steps.expect(2);
        assertFalse(t.done());
        assertEquals(7, await(t));
        steps.finish(4);
    }

    @AsyncioTest
    void sleepZeroYieldsExactlyOneTurn() {
        List<String> log = new ArrayList<>();
        Coroutine<Void> a = () -> {
            for (int i = 1; i <= 3; i++) {
                log.add("a" + i);
                sleep(0);
            }
            return null;
        };
        Coroutine<Void> b = () -> {
            for (int i = 1; i <= 3; i++) {
                log.add("b" + i);
                sleep(0);
            }
            return null;
        };
        gather(a, b);
        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), log);
    }

    @AsyncioTest
    void awaitingADoneFutureDoesNotYield(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setResult("x");
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> log.add("callback"));
        assertEquals("x", await(f));
        assertEquals(List.of(), log, "no turn passed");
        sleep(0);
        assertEquals(List.of("callback"), log);
    }

    @AsyncioTest
    void futureStatesAndErrors(EventLoop loop) {
        Future<String> f = loop.createFuture();
        assertFalse(f.done());
        assertThrows(InvalidStateError.class, f::result);
        assertThrows(InvalidStateError.class, f::exception);
        f.setResult("v");
        assertTrue(f.done());
        assertEquals("v", f.result());
        assertNull(f.exception());
        assertThrows(InvalidStateError.class, () -> f.setResult("again"));
        assertFalse(f.cancel());

        Future<String> g = loop.createFuture();
        g.setException(new IllegalArgumentException("bad"));
        assertEquals("bad", g.exception().getMessage());
        assertThrows(IllegalArgumentException.class, g::result);
        assertThrows(NullPointerException.class, () -> loop.createFuture().setException(null));

        Future<String> c = loop.createFuture();
        assertTrue(c.cancel("because"));
        assertTrue(c.cancelled());
        assertEquals("because", assertThrows(CancelledError.class, c::result).getMessage());
        assertThrows(CancelledError.class, c::exception);
    }

    @AsyncioTest
    void doneCallbacksRunSoonInOrderAndCanBeRemoved(EventLoop loop) {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        Consumer<Future<String>> first = x -> log.add("first " + x.result());
        Consumer<Future<String>> removed = x -> log.add("removed");
        f.addDoneCallback(first);
        f.addDoneCallback(removed);
        f.addDoneCallback(removed);
        f.addDoneCallback(x -> log.add("third"));
        assertEquals(2, f.removeDoneCallback(removed));
        f.setResult("r");
        assertEquals(List.of(), log, "callbacks are scheduled, not called");
        sleep(0);
        assertEquals(List.of("first r", "third"), log);
        f.addDoneCallback(x -> log.add("late"));
        sleep(0);
        assertEquals(List.of("first r", "third", "late"), log);
    }

    @AsyncioTest
    void namesCurrentTaskAndAllTasks() {
        Task<?> main = currentTask();
        assertNotNull(main);
        assertEquals("Task-1", main.getName());
        Task<String> t = createTask(() -> currentTask().getName(), "worker");
        Task<String> u = createTask(() -> sleep(1, "u"));
        assertEquals("Task-3", u.getName());
        assertTrue(allTasks().containsAll(List.of(main, t, u)));
        assertEquals("worker", await(t));
        assertEquals("worker", t.thread().getName());
        t.setName("renamed");
        assertEquals("renamed", t.getName());
        assertEquals("u", await(u));
        assertEquals(List.of(main), allTasks());
        assertTrue(t.toString().contains("name='renamed'"), t.toString());
    }

    @AsyncioTest
    void aTaskCannotAwaitItselfAndForeignLoopsAreRejected() {
        Task<?>[] self = new Task<?>[1];
        Task<Object> t = createTask(() -> await(self[0]));
        self[0] = t;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(t));
        assertTrue(e.getMessage().contains("cannot await on itself"), e.getMessage());

        try (EventLoop other = EventLoop.newEventLoop()) {
            Future<Object> foreign = other.createFuture();
            IllegalStateException f = assertThrows(IllegalStateException.class, () -> await(foreign));
            assertTrue(f.getMessage().contains("different loop"), f.getMessage());
        }
    }

    @AsyncioTest
    void createTaskRejectsAFuture(EventLoop loop) {
        Future<Object> f = loop.createFuture();
        assertThrows(IllegalArgumentException.class, () -> createTask(f));
    }

    @AsyncioTest
    void theLoopKeepsUnreferencedTasksAlive(EventLoop loop) {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            createTask(() -> {
                sleep(1);
                log.add("done " + n);
                return null;
            });
        }
        System.gc();
        sleep(2);
        assertEquals(100, log.size());
    }

    @AsyncioTest
    void suspendingOutsideATaskIsAClearError(EventLoop loop) {
        Future<String> f = loop.createFuture();
        List<String> messages = new ArrayList<>();
        loop.callSoon(() -> {
            try {
                sleep(1);
            } catch (IllegalStateException e) {
                messages.add(e.getMessage());
            }
            try {
                f.call();
            } catch (IllegalStateException e) {
                messages.add(e.getMessage());
            }
        });
        sleep(0);
        assertEquals(2, messages.size());
        assertTrue(messages.get(0).startsWith("sleep() must be called from a task"), messages.get(0));
        assertTrue(messages.get(1).contains("outside a task"), messages.get(1));
    }

    @org.junit.jupiter.api.Test
    void runInsideARunningLoopFailsWithAsyncioMessage() {
        IllegalStateException e = TestLoop.run(() -> assertThrows(IllegalStateException.class, () -> run(() -> 1)));
        assertEquals("Asyncio.run() cannot be called from a running event loop", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void runCancelsLeftoverTasksAtTheEnd() {
        List<String> log = new ArrayList<>();
        String r = run(EventLoop.builder().virtualClock(new VirtualClock()), () -> {
            createTask(() -> {
                try {
                    sleep(100);
                } catch (CancelledError e) {
                    log.add("leftover cancelled");
                    throw e;
                }
                return null;
            });
            sleep(0);
            return "main done";
        });
        assertEquals("main done", r);
        assertEquals(List.of("leftover cancelled"), log);
    }

    @org.junit.jupiter.api.Test
    void runnerReusesItsLoopAcrossRuns() {
        try (Runner runner = new Runner(EventLoop.builder().virtualClock(new VirtualClock()))) {
            assertEquals(1, runner.run(() -> 1));
            EventLoop first = runner.getLoop();
            assertEquals(2.0, runner.run(() -> {
                sleep(2);
                return getRunningLoop().time();
            }));
            assertSame(first, runner.getLoop());
        }
    }

    @org.junit.jupiter.api.Test
    void runPropagatesTheMainException() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> {
            throw new IllegalStateException("main failed");
        }));
        assertEquals("main failed", e.getMessage());
    }
}
