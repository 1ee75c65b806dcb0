package io.jasyncio.queues;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

/** Queue cancel safety, fairness of waiters, and the binding to one loop. */
class QueueCancelTest {

    // ------------------------------------------------------------------------------------------
    // Fairness

    @AsyncioTest
    void gettersAreServedInArrivalOrder() {
        Queue<String> q = new Queue<>();
        List<String> got = new ArrayList<>();
        List<Task<Void>> getters = new ArrayList<>();
        for (String name : List.of("g1", "g2", "g3")) {
            getters.add(createTask(() -> {
                got.add(name + "=" + q.get());
                return null;
            }));
            TestLoop.waitAllBlocked(); // g1 waits first, then g2, then g3
        }
        q.put("a");
        q.put("b");
        q.put("c");
        gather(getters);
        assertEquals(List.of("g1=a", "g2=b", "g3=c"), got);
    }

    @AsyncioTest
    void puttersAreServedInArrivalOrder() {
        Queue<String> q = new Queue<>(1);
        q.put("first");
        List<Task<Void>> putters = new ArrayList<>();
        for (String item : List.of("p1", "p2", "p3")) {
            putters.add(createTask(() -> {
                q.put(item);
                return null;
            }));
            TestLoop.waitAllBlocked();
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(q.get());
        }
        gather(putters);
        assertEquals(List.of("first", "p1", "p2", "p3"), got);
    }

    // ------------------------------------------------------------------------------------------
    // Getters

    @AsyncioTest
    void getterCancelledAfterBeingWokenDoesNotLoseTheItem() {
        Queue<String> q = new Queue<>();
        Task<String> g1 = createTask(q::get);
        Task<String> g2 = createTask(q::get);
        TestLoop.waitAllBlocked();
        q.put("item"); // wakes g1 ...
        g1.cancel(); // ... which is cancelled before it could run and take the item
        assertThrows(CancelledError.class, () -> await(g1));
        assertTrue(g1.cancelled());
        assertEquals("item", await(g2)); // g1 passed the wake-up on to g2
        assertTrue(q.empty());
        assertEquals("<Queue maxsize=0 qsize=0 tasks=1>", q.toString());
    }

    @AsyncioTest
    void getterCancelledAfterBeingWokenLeavesTheItemWhenNoOneElseWaits() {
        Queue<String> q = new Queue<>();
        Task<String> g = createTask(q::get);
        TestLoop.waitAllBlocked();
        q.put("item");
        g.cancel();
        assertThrows(CancelledError.class, () -> await(g));
        assertEquals(1, q.qsize());
        assertEquals("item", q.getNowait());
    }

    @AsyncioTest
    void getterCancelledWhileWaitingLeavesNoTrace() {
        Queue<String> q = new Queue<>();
        Task<String> g = createTask(q::get);
        TestLoop.waitAllBlocked();
        assertEquals("<Queue maxsize=0 qsize=0 _getters[1]>", q.toString());
        g.cancel("stop");
        CancelledError e = assertThrows(CancelledError.class, () -> await(g));
        assertEquals("stop", e.getMessage());
        assertEquals("<Queue maxsize=0 qsize=0>", q.toString());
        q.put("later");
        assertEquals(1, q.qsize()); // nobody took it
        assertEquals("later", q.get());
    }

    @AsyncioTest
    void getterCancelledBeforeItWaitsLeavesNoTrace() {
        Queue<String> q = new Queue<>();
        Task<String> g = createTask(q::get);
        g.cancel(); // before the task even started
        assertThrows(CancelledError.class, () -> await(g));
        assertEquals("<Queue maxsize=0 qsize=0>", q.toString());
    }

    @AsyncioTest
    void getTimedOutWithCallLaterKeepsTheQueueUsable(EventLoop loop) {
        Queue<String> q = new Queue<>();
        Task<String> g = createTask(q::get);
        loop.callLater(0.5, g::cancel); // a timeout of 0.5 s
        assertThrows(CancelledError.class, () -> await(g));
        assertEquals(0.5, loop.time());
        assertEquals("<Queue maxsize=0 qsize=0>", q.toString());
        Task<String> next = createTask(q::get);
        sleep(1);
        q.put("x");
        assertEquals("x", await(next));
    }

    @AsyncioTest
    void timeoutFiringInTheSameTurnAsThePutDoesNotLoseTheItem(EventLoop loop) {
        Queue<String> q = new Queue<>();
        Task<String> g1 = createTask(q::get);
        Task<String> g2 = createTask(q::get);
        loop.callLater(0.5, () -> q.put("x")); // wakes g1 ...
        loop.callLater(0.5, g1::cancel); // ... whose timeout fires right after, in the same turn
        assertThrows(CancelledError.class, () -> await(g1));
        assertEquals("x", await(g2));
        assertEquals(0.5, loop.time());
    }

    // ------------------------------------------------------------------------------------------
    // Putters

    @AsyncioTest
    void putterCancelledWhileBlockedLeavesTheQueueUnchanged() {
        Queue<String> q = new Queue<>(1);
        q.put("a");
        Task<Void> p = createTask(() -> {
            q.put("b");
            return null;
        });
        TestLoop.waitAllBlocked();
        p.cancel();
        assertThrows(CancelledError.class, () -> await(p));
        assertEquals("<Queue maxsize=1 qsize=1 _queue=[a] tasks=1>", q.toString());
        assertEquals("a", q.get());
        assertTrue(q.empty());
    }

    @AsyncioTest
    void putterCancelledAfterBeingWokenPassesTheSlotOn() {
        Queue<String> q = new Queue<>(1);
        q.put("a");
        List<Task<Void>> putters = QueueFixtures.blockedPutters(q, "p1", "p2");
        Task<Void> p1 = putters.get(0);
        Task<Void> p2 = putters.get(1);
        assertEquals("a", q.get()); // frees the slot and wakes p1 ...
        p1.cancel(); // ... which is cancelled before it could use it
        assertThrows(CancelledError.class, () -> await(p1));
        await(p2); // p1 passed the wake-up on to p2
        assertEquals("p2", q.get());
        assertTrue(q.empty());
    }

    @AsyncioTest
    void cancelledWaiterCanCatchAndRetry() {
        // A task that suppresses the cancellation (uncancel) may wait again; the queue still works.
        Queue<String> q = new Queue<>();
        Task<String> g = createTask(() -> {
            try {
                return q.get();
            } catch (CancelledError e) {
                Asyncio.currentTask().uncancel();
                return "retried " + q.get();
            }
        });
        TestLoop.waitAllBlocked();
        g.cancel();
        TestLoop.waitAllBlocked();
        assertEquals("<Queue maxsize=0 qsize=0 _getters[1]>", q.toString());
        q.put("x");
        assertEquals("retried x", await(g));
    }

    // ------------------------------------------------------------------------------------------
    // Loops and threads

    @Test
    void waitingFromTwoLoopsFailsClearly() {
        Queue<String> q = new Queue<>();
        TestLoop.run(() -> {
            Task<String> g = createTask(q::get); // binds the queue to this loop
            TestLoop.waitAllBlocked();
            q.put("x");
            return await(g);
        });
        String msg = TestLoop.run(() -> {
            q.put("fine"); // nothing waits: no check, as in asyncio
            assertEquals("fine", q.get());
            IllegalStateException e = assertThrows(IllegalStateException.class, q::get); // must wait: refused
            assertThrows(IllegalStateException.class, () -> {
                q.put("y");
                q.join();
            });
            return e.getMessage();
        });
        assertTrue(msg.contains("bound to a different event loop"), msg);
    }

    @Test
    void waitingOutsideATaskFailsClearly() {
        Queue<String> q = new Queue<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::get);
        assertTrue(e.getMessage().contains("Queue.get() must be called from a task"), e.getMessage());
        q.put("x"); // room: no need to be in a task
        assertEquals("x", q.get());
    }
}
