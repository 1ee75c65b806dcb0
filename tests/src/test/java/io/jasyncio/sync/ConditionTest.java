package io.jasyncio.sync;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.Recording.after;
import static io.jasyncio.fixtures.Recording.cancelAndExpectPassedOn;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;

/** Condition: asyncio 3.13 semantics, notify order, waitFor, cancel and timeout races, statistics. */
class ConditionTest {

    /** A task that takes the lock, waits once, then records {@code name} and keeps the lock. */
    private static Task<Void> waiter(Condition cond, String name, List<String> woke) {
        return after(() -> {
            cond.acquire();
            cond.await();
        }, name, woke);
    }

    /** A task that waits once inside {@code hold()}, then records {@code name}. */
    private static Task<Void> politeWaiter(Condition cond, String name, List<String> woke) {
        return after(() -> {
            try (var _ = cond.hold()) {
                cond.await();
            }
        }, name, woke);
    }

    @AsyncioTest
    void awaitReleasesTheLockAndReturnsOnlyOnceItHasItAgain() {
        // CPython test_locks.ConditionTests.test_wait
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        Task<Void> t1 = waiter(cond, "1", woke);
        Task<Void> t2 = waiter(cond, "2", woke);
        Task<Void> t3 = waiter(cond, "3", woke);
        sleep(0);
        assertEquals(List.of(), woke);
        assertFalse(cond.locked());
        assertEquals("<Condition [unlocked, waiters:3]>", cond.toString());

        cond.acquire();
        cond.notify(1);
        sleep(0);
        assertEquals(List.of(), woke); // t1 woke, and waits for the lock we hold
        assertTrue(cond.locked());
        assertEquals(new Condition.Statistics(new Lock.Statistics(true, currentTask(), 1), 2), cond.statistics());

        cond.release();
        sleep(0);
        assertEquals(List.of("1"), woke);
        assertTrue(cond.locked()); // t1 keeps it

        cond.notify(2); // the lock is locked (by t1): allowed, as asyncio checks only locked()
        sleep(0);
        assertEquals(List.of("1"), woke);
        cond.release();
        sleep(0);
        assertEquals(List.of("1", "2"), woke);
        cond.release();
        sleep(0);
        assertEquals(List.of("1", "2", "3"), woke);
        gather(t1, t2, t3);
        assertEquals(new Lock.Statistics(true, t3, 0), cond.lock().statistics());
    }

    @AsyncioTest
    void notifyWakesTheLongestWaitingFirstAndAtMostN() {
        // CPython test_notify
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("1", "2", "3")) {
            tasks.add(politeWaiter(cond, name, woke));
            TestLoop.waitAllBlocked();
        }
        try (var _ = cond.hold()) {
            cond.notify(1);
        }
        TestLoop.waitAllBlocked();
        assertEquals(List.of("1"), woke);
        try (var _ = cond.hold()) {
            cond.notify(0); // wakes nobody
            cond.notify(-3);
            assertEquals(2, cond.statistics().tasksWaiting());
            cond.notify(1);
            cond.notify(2048); // more than wait: wakes the rest
            assertEquals(0, cond.statistics().tasksWaiting());
        }
        gather(tasks);
        assertEquals(List.of("1", "2", "3"), woke);
    }

    @AsyncioTest
    void notifyAllWaitersWakesEveryWaiterInOrder() {
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        Task<Void> t1 = politeWaiter(cond, "1", woke);
        Task<Void> t2 = politeWaiter(cond, "2", woke);
        sleep(0);
        try (var _ = cond.hold()) {
            cond.notifyAllWaiters();
        }
        sleep(0);
        assertEquals(List.of("1", "2"), woke);
        gather(t1, t2);
    }

    @AsyncioTest
    void awaitAndNotifyRequireTheLock() {
        Condition cond = new Condition();
        assertEquals("cannot wait on un-acquired lock", assertThrows(IllegalStateException.class, cond::await)
                .getMessage());
        assertEquals("cannot notify on un-acquired lock", assertThrows(IllegalStateException.class,
                () -> cond.notify(1)).getMessage());
        assertThrows(IllegalStateException.class, cond::notifyAllWaiters);
        assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> false));
        cond.waitFor(() -> true); // true from the start: no lock needed (asyncio)
        assertFalse(cond.locked());
    }

    @AsyncioTest
    void waitForReEvaluatesThePredicateAfterEachNotification() {
        // CPython test_wait_for
        Condition cond = new Condition();
        boolean[] ready = {false};
        int[] evaluations = {0};
        List<String> woke = new ArrayList<>();
        Task<Void> t = createTask(() -> {
            try (var _ = cond.hold()) {
                cond.waitFor(() -> {
                    evaluations[0]++;
                    assertTrue(cond.locked());
                    return ready[0];
                });
                woke.add("t");
            }
            return null;
        });
        sleep(0);
        try (var _ = cond.hold()) {
            cond.notify(1);
        }
        sleep(0);
        assertEquals(List.of(), woke); // woken, predicate still false: waits again
        assertEquals(2, evaluations[0]);
        ready[0] = true;
        try (var _ = cond.hold()) {
            cond.notify(1);
        }
        sleep(0);
        assertEquals(List.of("t"), woke);
        assertEquals(3, evaluations[0]);
        await(t);
    }

    @AsyncioTest
    void producerAndConsumersWithHold() {
        Condition cond = new Condition();
        List<Integer> items = new ArrayList<>();
        List<String> log = new ArrayList<>();
        List<Coroutine<Void>> consumers = new ArrayList<>();
        for (String name : List.of("c1", "c2")) {
            consumers.add(() -> {
                try (var _ = cond.hold()) {
                    cond.waitFor(() -> !items.isEmpty());
                    log.add(name + " took " + items.removeFirst());
                }
                return null;
            });
        }
        Coroutine<Void> producer = () -> {
            for (int i = 1; i <= 2; i++) {
                sleep(1);
                try (var _ = cond.hold()) {
                    items.add(i);
                    cond.notify(1);
                }
            }
            return null;
        };
        List<Coroutine<Void>> all = new ArrayList<>(consumers);
        all.add(producer);
        gather(all);
        assertEquals(List.of("c1 took 1", "c2 took 2"), log);
    }

    @AsyncioTest
    void conditionsCanShareALock() {
        // CPython test_explicit_lock
        Lock lock = new Lock();
        Condition a = new Condition(lock);
        Condition b = new Condition(lock);
        assertSame(lock, a.lock());
        try (var _ = a.hold()) {
            assertTrue(lock.locked());
            assertTrue(b.locked());
        }
        assertFalse(b.locked());
        try (var _ = lock.hold()) {
            assertTrue(a.locked());
        }
        assertFalse(a.locked());
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation: the lock is always re-acquired, a notification is never lost

    @AsyncioTest
    void waiterCancelledWhileWaitingReacquiresTheLockBeforeRaising() {
        // CPython test_wait_cancel, with the lock contested so that the order is visible
        Condition cond = new Condition();
        Steps steps = new Steps();
        Task<Void> w = createTask(() -> {
            try (var _ = cond.hold()) {
                steps.expect(1);
                try {
                    cond.await();
                } catch (CancelledError e) {
                    steps.expect(4);
                    assertEquals(currentTask(), cond.lock().statistics().owner()); // held again
                    throw e;
                }
            }
            return null;
        });
        TestLoop.waitAllBlocked();
        cond.acquire();
        steps.expect(2);
        w.cancel();
        TestLoop.waitAllBlocked(); // w woke, and now waits for the lock we hold
        assertEquals(new Condition.Statistics(new Lock.Statistics(true, currentTask(), 1), 0), cond.statistics());
        steps.expect(3);
        cond.release();
        assertThrows(CancelledError.class, () -> await(w));
        steps.finish(5);
        assertFalse(cond.locked()); // released by w's hold() on the way out
    }

    @AsyncioTest
    void waiterNotifiedThenCancelledBeforeItRunsPassesTheNotificationOn() {
        // CPython test_cancelled_wakeup: no lost wake-up
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        Task<Void> a = politeWaiter(cond, "a", woke);
        Task<Void> b = politeWaiter(cond, "b", woke);
        TestLoop.waitAllBlocked();
        try (var _ = cond.hold()) {
            cond.notify(1); // wakes a, which is cancelled before it runs: b gets the notification
        }
        cancelAndExpectPassedOn(a, b, woke);
        assertFalse(cond.locked());
    }

    @AsyncioTest
    void waiterCancelledWhileReacquiringPassesTheNotificationOnAndKeepsTheLock() {
        // CPython test_cancelled_wakeup_relock / test_wait_cancel_after_notify
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        boolean[] heldWhenCancelled = {false};
        Task<Void> a = createTask(() -> {
            try (var _ = cond.hold()) {
                try {
                    cond.await();
                    woke.add("a");
                } catch (CancelledError e) {
                    heldWhenCancelled[0] = cond.lock().statistics().owner() == currentTask();
                    throw e;
                }
            }
            return null;
        });
        Task<Void> b = politeWaiter(cond, "b", woke);
        TestLoop.waitAllBlocked();
        cond.acquire();
        cond.notify(1);
        TestLoop.waitAllBlocked(); // a woke and waits for the lock
        assertEquals(new Condition.Statistics(new Lock.Statistics(true, currentTask(), 1), 1), cond.statistics());
        a.cancel(); // cancelled while re-acquiring
        TestLoop.waitAllBlocked(); // a still waits for the lock: it must hold it before raising
        assertFalse(a.done());
        cond.release();
        assertThrows(CancelledError.class, () -> await(a));
        assertTrue(heldWhenCancelled[0]);
        await(b); // a's notification went to b
        assertEquals(List.of("b"), woke);
    }

    @AsyncioTest
    void cancelledAgainWhileReacquiringRaisesTheLatestCancellation() {
        Condition cond = new Condition();
        Task<Void> w = createTask(() -> {
            try (var _ = cond.hold()) {
                cond.await();
            }
            return null;
        });
        TestLoop.waitAllBlocked();
        cond.acquire();
        w.cancel("first");
        TestLoop.waitAllBlocked(); // w woke from the wait and queues for the lock
        w.cancel("second");
        TestLoop.waitAllBlocked(); // still re-acquiring
        assertFalse(w.done());
        cond.release();
        CancelledError e = assertThrows(CancelledError.class, () -> await(w));
        assertEquals("second", e.getMessage());
        assertFalse(cond.locked());
    }

    @AsyncioTest
    void cancellingAWaiterThatWasNotNotifiedWakesNobodyElse() {
        // asyncio notifies another waiter here (a spurious wake-up); we know a was never notified.
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        Task<Void> a = politeWaiter(cond, "a", woke);
        Task<Void> b = politeWaiter(cond, "b", woke);
        TestLoop.waitAllBlocked();
        a.cancel();
        assertThrows(CancelledError.class, () -> await(a));
        TestLoop.waitAllBlocked();
        assertEquals(1, cond.statistics().tasksWaiting()); // b still waits
        assertEquals(List.of(), woke);
        try (var _ = cond.hold()) {
            cond.notifyAllWaiters();
        }
        await(b);
    }

    @AsyncioTest
    void timeoutAroundAwaitLeavesWithTheLockHeld(EventLoop loop) {
        // CPython test_timeout_in_block
        Condition cond = new Condition();
        try (var _ = cond.hold()) {
            assertThrows(TimeoutError.class, () -> waitFor(() -> {
                cond.await();
                return null;
            }, 0.5));
            assertEquals(currentTask(), cond.lock().statistics().owner());
        }
        assertEquals(0.5, loop.time());
        assertFalse(cond.locked());
    }

    @AsyncioTest
    void timeoutFiringInTheSameTurnAsTheNotifyPassesTheNotificationOn(EventLoop loop) {
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        loop.callLater(0.5, () -> {
            cond.acquire(); // free: a callback may take it without waiting
            cond.notify(1); // wakes a ...
            cond.release();
        });
        Task<Object> a = createTask(() -> {
            try (var _ = cond.hold()) {
                return timeout(0.5, () -> { // ... whose deadline fires right after, in the same turn
                    cond.await();
                    woke.add("a");
                    return null;
                });
            }
        });
        Task<Void> b = politeWaiter(cond, "b", woke);
        assertThrows(TimeoutError.class, () -> await(a));
        await(b);
        assertEquals(List.of("b"), woke);
        assertEquals(0.5, loop.time());
    }
}
