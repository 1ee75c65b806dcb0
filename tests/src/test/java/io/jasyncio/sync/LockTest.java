package io.jasyncio.sync;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

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

/** Lock: asyncio 3.13 semantics, fairness, cancel and timeout races, hold(), statistics. */
class LockTest {

    @AsyncioTest
    void acquireAndReleaseWithoutContentionDoNotSuspend() {
        Lock lock = new Lock();
        Steps steps = new Steps();
        createTask(() -> {
            steps.expect(2);
            return null;
        });
        steps.expect(1);
        lock.acquire(); // free: no suspension, the task above has not run yet
        assertTrue(lock.locked());
        assertEquals(new Lock.Statistics(true, currentTask(), 0), lock.statistics());
        lock.release();
        assertFalse(lock.locked());
        assertEquals(new Lock.Statistics(false, null, 0), lock.statistics());
        sleep(0);
        steps.finish(3);
    }

    @AsyncioTest
    void releasingAnUnlockedLockFails() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
        assertFalse(lock.locked());
    }

    @AsyncioTest
    void waitersGetTheLockInArrivalOrder() {
        // CPython test_locks.LockTests.test_acquire
        Lock lock = new Lock();
        List<String> got = new ArrayList<>();
        lock.acquire();
        Task<Void> t1 = after(lock::acquire, "t1", got);
        Task<Void> t2 = after(lock::acquire, "t2", got);
        sleep(0);
        assertEquals(List.of(), got);
        assertEquals("<Lock [locked, waiters:2]>", lock.toString());
        lock.release();
        sleep(0);
        assertEquals(List.of("t1"), got);
        sleep(0);
        assertEquals(List.of("t1"), got);
        Task<Void> t3 = after(lock::acquire, "t3", got);
        lock.release();
        sleep(0);
        assertEquals(List.of("t1", "t2"), got);
        lock.release();
        sleep(0);
        assertEquals(List.of("t1", "t2", "t3"), got);
        gather(t1, t2, t3);
        assertEquals(new Lock.Statistics(true, t3, 0), lock.statistics());
    }

    @AsyncioTest
    void aNewcomerQueuesBehindAWokenWaiterInsteadOfBarging() {
        Lock lock = new Lock();
        Steps steps = new Steps();
        lock.acquire();
        Task<Void> w = createTask(() -> {
            steps.expect(1);
            lock.acquire();
            steps.expect(4);
            lock.release();
            return null;
        });
        TestLoop.waitAllBlocked();
        steps.expect(2);
        lock.release(); // wakes w; as in asyncio the lock stays unlocked until w runs
        assertFalse(lock.locked());
        assertEquals(new Lock.Statistics(false, null, 0), lock.statistics());
        steps.expect(3);
        lock.acquire(); // unlocked, but w is ahead: this task queues behind it instead of barging
        steps.expect(5);
        assertEquals(new Lock.Statistics(true, currentTask(), 0), lock.statistics());
        await(w);
        lock.release();
        steps.finish(6);
    }

    @AsyncioTest
    void anyTaskMayReleaseTheLockAndTheOwnerIsRecorded() {
        Lock lock = new Lock();
        Task<Void> holder = after(lock::acquire, "holder", new ArrayList<>());
        await(holder);
        assertEquals(holder, lock.statistics().owner());
        lock.release(); // the main task releases a lock it does not own: allowed, as in asyncio
        assertEquals(new Lock.Statistics(false, null, 0), lock.statistics());
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation races

    @AsyncioTest
    void waiterCancelledAfterReleaseWokeItPassesTheLockOn() {
        // CPython test_finished_waiter_cancelled: the lock must not stay acquired-by-nobody.
        Lock lock = new Lock();
        List<String> got = new ArrayList<>();
        lock.acquire();
        Task<Void> b = after(lock::acquire, "b", got);
        Task<Void> c = after(lock::acquire, "c", got);
        TestLoop.waitAllBlocked();
        lock.release(); // wakes b, which is cancelled before it could take the lock
        cancelAndExpectPassedOn(b, c, got);
        assertEquals(new Lock.Statistics(true, c, 0), lock.statistics());
        lock.release();
    }

    @AsyncioTest
    void waiterCancelledAfterReleaseWokeItLeavesTheLockFreeWhenNoOneElseWaits() {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> b = after(lock::acquire, "b", new ArrayList<>());
        TestLoop.waitAllBlocked();
        lock.release();
        b.cancel();
        assertThrows(CancelledError.class, () -> await(b));
        assertEquals("<Lock [unlocked]>", lock.toString());
        lock.acquire(); // free, and nobody is in the way: no suspension
        assertTrue(lock.locked());
    }

    @AsyncioTest
    void waiterCancelledInTheSameTurnAsTheReleaseDoesNotTakeTheLock() {
        // CPython test_cancel_race: B is cancelled, then A releases, before either runs.
        Lock lock = new Lock();
        List<String> got = new ArrayList<>();
        lock.acquire();
        Task<Void> b = after(lock::acquire, "b", got);
        Task<Void> c = after(lock::acquire, "c", got);
        TestLoop.waitAllBlocked();
        b.cancel();
        assertEquals(1, lock.statistics().tasksWaiting()); // b left the queue at once
        lock.release(); // so the release goes straight to c
        assertThrows(CancelledError.class, () -> await(b));
        await(c);
        assertEquals(List.of("c"), got);
        lock.release();
    }

    @AsyncioTest
    void cancelAndReleaseFromOneCallbackHandOutTheLockOnce(EventLoop loop) {
        // CPython test_cancel_release_race (issue 32734)
        Lock lock = new Lock();
        List<String> got = new ArrayList<>();
        lock.acquire();
        Task<Void> t1 = after(lock::acquire, "t1", got);
        Task<Void> t2 = after(lock::acquire, "t2", got);
        Task<Void> t3 = after(lock::acquire, "t3", got);
        sleep(0);
        loop.callSoon(() -> {
            t1.cancel();
            lock.release();
        });
        assertThrows(CancelledError.class, () -> await(t1));
        TestLoop.waitAllBlocked();
        assertEquals(List.of("t2"), got);
        assertTrue(t2.done());
        t3.cancel();
        assertThrows(CancelledError.class, () -> await(t3));
        assertEquals(new Lock.Statistics(true, t2, 0), lock.statistics());
    }

    @AsyncioTest
    void waiterCancelledWhileWaitingLeavesNoTrace() {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> w = after(lock::acquire, "w", new ArrayList<>());
        TestLoop.waitAllBlocked();
        w.cancel("give up");
        CancelledError e = assertThrows(CancelledError.class, () -> await(w));
        assertEquals("give up", e.getMessage());
        assertEquals("<Lock [locked]>", lock.toString());
        lock.release();
        assertFalse(lock.locked());
    }

    // ------------------------------------------------------------------------------------------
    // Timeouts

    @AsyncioTest
    void timeoutAroundAcquire(EventLoop loop) {
        Lock lock = new Lock();
        lock.acquire();
        Task<Object> w = createTask(() -> timeout(0.5, () -> {
            lock.acquire();
            return null;
        }));
        assertThrows(TimeoutError.class, () -> await(w));
        assertEquals(0.5, loop.time());
        assertEquals(new Lock.Statistics(true, currentTask(), 0), lock.statistics());
        lock.release();
        assertEquals(0, waitFor(() -> { // waitFor around a free lock: acquired at once
            lock.acquire();
            return 0;
        }, 1.0));
        assertTrue(lock.locked());
    }

    @AsyncioTest
    void timeoutFiringInTheSameTurnAsTheReleasePassesTheLockOn(EventLoop loop) {
        Lock lock = new Lock();
        List<String> got = new ArrayList<>();
        lock.acquire();
        loop.callLater(0.5, lock::release); // wakes w1 ...
        Task<Object> w1 = createTask(() -> waitFor(() -> {
            lock.acquire(); // ... whose timeout fires right after, in the same turn
            got.add("w1");
            return null;
        }, 0.5));
        Task<Void> w2 = after(lock::acquire, "w2", got);
        assertThrows(TimeoutError.class, () -> await(w1));
        await(w2);
        assertEquals(List.of("w2"), got);
        assertEquals(0.5, loop.time());
        assertEquals(new Lock.Statistics(true, w2, 0), lock.statistics());
    }

    // ------------------------------------------------------------------------------------------
    // hold()

    @AsyncioTest
    void holdReleasesOnExceptionAndCloseTwiceIsHarmless() {
        Lock lock = new Lock();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (var _ = lock.hold()) {
                assertTrue(lock.locked());
                throw new IllegalArgumentException("boom");
            }
        });
        assertEquals("boom", e.getMessage());
        assertFalse(lock.locked());
        Held held = lock.hold();
        held.close();
        held.close(); // released once only
        assertFalse(lock.locked());
    }

    @AsyncioTest
    void holdReleasesWhenTheTaskIsCancelledInside() {
        Lock lock = new Lock();
        Task<Void> t = createTask(() -> {
            try (var _ = lock.hold()) {
                sleep(10);
            }
            return null;
        });
        TestLoop.waitAllBlocked();
        assertTrue(lock.locked());
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        assertFalse(lock.locked());
    }

    @AsyncioTest
    void holdSerializesCriticalSections() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        List<Coroutine<Void>> workers = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            workers.add(() -> {
                try (var _ = lock.hold()) {
                    log.add(name + " in");
                    sleep(1);
                    log.add(name + " out");
                }
                return null;
            });
        }
        gather(workers);
        assertEquals(List.of("a in", "a out", "b in", "b out", "c in", "c out"), log);
        assertEquals(3.0, getRunningLoop().time());
    }

    // ------------------------------------------------------------------------------------------
    // Loops

    @Test
    void waitingFromTwoLoopsFailsClearly() {
        Lock lock = new Lock();
        TestLoop.run(() -> {
            lock.acquire();
            Task<Void> t = after(lock::acquire, "t", new ArrayList<>()); // binds the lock to this loop
            TestLoop.waitAllBlocked();
            lock.release();
            await(t);
            lock.release();
            return null;
        });
        String msg = TestLoop.run(() -> {
            lock.acquire(); // free: no loop check, as in asyncio
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
            lock.release();
            return e.getMessage();
        });
        assertTrue(msg.startsWith("<Lock [locked]> is bound to a different event loop"), msg);
    }
}
