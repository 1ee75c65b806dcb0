package io.jasyncio.queues;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

/** Queue.taskDone / join, and shutdown per asyncio 3.13. */
class QueueJoinShutdownTest {

    // ------------------------------------------------------------------------------------------
    // taskDone / join

    @AsyncioTest
    void joinReturnsAtOnceWhenNothingIsUnfinished(EventLoop loop) {
        Steps steps = new Steps();
        Queue<Integer> q = new Queue<>();
        createTask(() -> {
            steps.expect(2); // runs only once the main task suspends
            return null;
        });
        steps.expect(1);
        q.join(); // does not suspend
        q.put(1);
        q.get();
        q.taskDone();
        q.join(); // still nothing unfinished: does not suspend
        assertEquals(0.0, loop.time());
        sleep(0);
        steps.finish(3);
    }

    @AsyncioTest
    void joinReturnsExactlyWhenTheLastItemIsDone(EventLoop loop) {
        Steps steps = new Steps();
        Queue<Integer> q = new Queue<>();
        for (int seconds = 1; seconds <= 5; seconds++) {
            q.put(seconds);
        }
        List<String> log = new ArrayList<>();
        List<Task<Void>> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2")) {
            workers.add(createTask(() -> {
                while (true) {
                    int seconds = q.get();
                    sleep(seconds);
                    log.add(name + ":" + seconds + "@" + loop.time());
                    if (q.empty() && log.size() == 5) {
                        steps.expect(1); // the last taskDone is about to happen
                    }
                    q.taskDone();
                }
            }));
        }
        q.join();
        steps.finish(2);
        // w1 does 1 (0..1), 3 (1..4), 5 (4..9); w2 does 2 (0..2), 4 (2..6).
        assertEquals(9.0, loop.time());
        assertEquals(List.of("w1:1@1.0", "w2:2@2.0", "w1:3@4.0", "w2:4@6.0", "w1:5@9.0"), log);
        for (Task<Void> w : workers) {
            w.cancel();
        }
        for (Task<Void> w : workers) {
            assertThrows(CancelledError.class, () -> await(w));
        }
    }

    @AsyncioTest
    void everyJoinerIsReleased(EventLoop loop) {
        Queue<String> q = new Queue<>();
        q.put("job");
        Task<Double> j1 = createTask(() -> {
            q.join();
            return loop.time();
        });
        Task<Double> j2 = createTask(() -> {
            q.join();
            return loop.time();
        });
        sleep(2);
        assertFalse(j1.done());
        assertEquals("job", q.get());
        sleep(1);
        assertFalse(j1.done()); // gotten, but not done yet
        q.taskDone();
        assertEquals(3.0, await(j1));
        assertEquals(3.0, await(j2));
    }

    @AsyncioTest
    void cancelledJoinerLeavesOthersWaiting() {
        Queue<String> q = new Queue<>();
        q.put("job");
        Task<Void> cancelled = createTask(() -> {
            q.join();
            return null;
        });
        Task<Void> other = createTask(() -> {
            q.join();
            return null;
        });
        TestLoop.waitAllBlocked();
        cancelled.cancel();
        assertThrows(CancelledError.class, () -> await(cancelled));
        assertFalse(other.done());
        assertEquals(1, q.qsize());
        q.get();
        q.taskDone();
        await(other);
    }

    @AsyncioTest
    void taskDoneTooManyTimes() {
        Queue<Integer> q = new Queue<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("taskDone() called too many times", e.getMessage());
        q.put(1);
        q.taskDone(); // allowed before the get, as in asyncio: it only counts
        assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals(1, q.qsize());
    }

    // ------------------------------------------------------------------------------------------
    // shutdown

    @AsyncioTest
    void putAfterShutdownRaises() {
        Queue<Integer> q = new Queue<>();
        q.put(1);
        q.shutdown();
        assertThrows(QueueShutDown.class, () -> q.put(2));
        assertThrows(QueueShutDown.class, () -> q.putNowait(2));
        assertEquals(1, q.qsize());
        q.shutdown(); // again: harmless
        assertEquals(1, q.qsize());
    }

    @AsyncioTest
    void getDrainsThenRaisesOnceEmpty() {
        Queue<Integer> q = new Queue<>();
        q.put(1);
        q.put(2);
        q.shutdown();
        assertEquals(1, q.get());
        assertEquals(2, q.getNowait());
        assertThrows(QueueShutDown.class, q::get);
        assertThrows(QueueShutDown.class, q::getNowait);
    }

    @AsyncioTest
    void joinStillWaitsForTaskDoneAfterAPlainShutdown(EventLoop loop) {
        Queue<Integer> q = new Queue<>();
        q.put(1);
        q.put(2);
        q.shutdown();
        Task<Double> joiner = createTask(() -> {
            q.join();
            return loop.time();
        });
        q.get();
        q.taskDone();
        sleep(1);
        assertFalse(joiner.done());
        q.get();
        q.taskDone();
        assertEquals(1.0, await(joiner));
    }

    @AsyncioTest
    void shutdownWakesBlockedGetters() {
        Queue<Integer> q = new Queue<>();
        Task<Integer> g1 = createTask(q::get);
        Task<Integer> g2 = createTask(q::get);
        TestLoop.waitAllBlocked();
        q.shutdown();
        assertThrows(QueueShutDown.class, () -> await(g1));
        assertThrows(QueueShutDown.class, () -> await(g2));
        assertEquals("<Queue maxsize=0 qsize=0 shutdown>", q.toString());
    }

    @AsyncioTest
    void shutdownWakesBlockedPuttersAndKeepsTheItems() {
        Queue<String> q = new Queue<>(1);
        q.put("kept");
        List<Task<Void>> putters = QueueFixtures.blockedPutters(q, "p1", "p2");
        Task<Void> p1 = putters.get(0);
        Task<Void> p2 = putters.get(1);
        q.shutdown();
        assertThrows(QueueShutDown.class, () -> await(p1));
        assertThrows(QueueShutDown.class, () -> await(p2));
        assertEquals("kept", q.get());
        assertThrows(QueueShutDown.class, q::get);
    }

    @AsyncioTest
    void getterWokenByAPutBeforeShutdownStillGetsTheItem() {
        Queue<String> q = new Queue<>();
        Task<String> getter = createTask(q::get);
        TestLoop.waitAllBlocked();
        q.put("last");
        q.shutdown(); // the getter was woken for "last" and has not run yet
        assertEquals("last", await(getter));
    }

    @AsyncioTest
    void immediateShutdownDrainsAndWakesEveryone(EventLoop loop) {
        Queue<String> q = new Queue<>(2);
        q.put("a");
        q.put("b");
        Task<Void> putter = createTask(() -> {
            q.put("c");
            return null;
        });
        Task<Double> joiner = createTask(() -> {
            q.join();
            return loop.time();
        });
        sleep(1);
        q.shutdown(true);
        assertEquals(0, q.qsize());
        assertTrue(q.empty());
        assertThrows(QueueShutDown.class, () -> await(putter));
        assertEquals(1.0, await(joiner)); // the two discarded items counted as done
        assertThrows(QueueShutDown.class, q::get);
        assertThrows(QueueShutDown.class, q::getNowait);
        assertThrows(IllegalStateException.class, q::taskDone); // nothing is unfinished any more
    }

    @AsyncioTest
    void immediateShutdownWakesBlockedGetters() {
        Queue<String> q = new Queue<>();
        Task<String> getter = createTask(q::get);
        TestLoop.waitAllBlocked();
        q.shutdown(true);
        assertThrows(QueueShutDown.class, () -> await(getter));
    }

    @AsyncioTest
    void immediateShutdownCountsOnlyDiscardedItemsAsDone(EventLoop loop) {
        Queue<String> q = new Queue<>();
        q.put("in progress");
        q.put("dropped 1");
        q.put("dropped 2");
        assertEquals("in progress", q.get()); // gotten, not marked done yet
        Task<Double> joiner = createTask(() -> {
            q.join();
            return loop.time();
        });
        sleep(1);
        q.shutdown(true);
        sleep(1);
        assertFalse(joiner.done()); // one item is still being processed
        q.taskDone();
        assertEquals(2.0, await(joiner));
    }
}
