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

/** Semaphore and BoundedSemaphore: asyncio 3.13 FIFO rules, permits never lost to cancellation, hold(). */
class SemaphoreTest {

    @AsyncioTest
    void valueAndLocked() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(new Semaphore(0).locked());
        Semaphore sem = new Semaphore();
        assertEquals(1, sem.value());
        assertEquals("<Semaphore [unlocked, value:1]>", sem.toString());
        sem.acquire();
        assertEquals(0, sem.value());
        assertTrue(sem.locked());
        assertEquals("<Semaphore [locked]>", sem.toString());
        sem.release();
        sem.release(); // a plain semaphore does not check
        assertEquals(new Semaphore.Statistics(2, 0), sem.statistics());
    }

    @AsyncioTest
    void releaseHandsThePermitStraightToTheLongestWaitingTask() {
        // CPython test_locks.SemaphoreTests.test_acquire (3.13)
        Semaphore sem = new Semaphore(3);
        List<String> got = new ArrayList<>();
        sem.acquire();
        sem.acquire();
        assertFalse(sem.locked());
        Task<Void> t1 = after(sem::acquire, "1", got);
        Task<Void> t2 = after(sem::acquire, "2", got);
        Task<Void> t3 = after(sem::acquire, "3", got);
        sleep(0);
        assertEquals(List.of("1"), got);
        assertTrue(sem.locked());
        assertEquals(new Semaphore.Statistics(0, 2), sem.statistics());
        assertEquals("<Semaphore [locked, waiters:2]>", sem.toString());
        Task<Void> t4 = after(sem::acquire, "4", got);
        sem.release();
        sem.release();
        assertEquals(new Semaphore.Statistics(0, 0), sem.statistics()); // both permits handed over
        sleep(0);
        assertEquals(List.of("1", "2", "3"), got); // t4 started first, found no permit, and waits
        assertEquals(new Semaphore.Statistics(0, 1), sem.statistics());
        gather(t1, t2, t3);
        sem.release();
        await(t4);
        assertEquals(List.of("1", "2", "3", "4"), got);
    }

    @AsyncioTest
    void permitsGoInArrivalOrderEvenToTasksThatComeBack() {
        // CPython test_acquire_fifo_order
        Semaphore sem = new Semaphore(1);
        List<String> log = new ArrayList<>();
        taskGroup(tg -> {
            for (String tag : List.of("c1", "c2", "c3")) {
                tg.createTask(() -> {
                    for (int round = 1; round <= 2; round++) {
                        sem.acquire();
                        log.add(tag + "_" + round);
                        sleep(0.01);
                        sem.release();
                    }
                    return null;
                });
            }
            return null;
        });
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), log);
    }

    @AsyncioTest
    void aNewcomerQueuesBehindAWokenTaskEvenWithAPermitFree() {
        // CPython test_acquire_fifo_order_2: locked() is true while a woken task has not run
        Semaphore sem = new Semaphore(1);
        List<String> got = new ArrayList<>();
        Task<Void> t1 = after(sem::acquire, "1", got);
        Task<Void> t2 = createTask(() -> {
            sem.acquire();
            got.add("2");
            sem.release();
            sem.acquire(); // a permit is free, but t3 was woken first: queue behind it
            got.add("4");
            return null;
        });
        Task<Void> t3 = after(sem::acquire, "3", got);
        sleep(0);
        sem.release();
        sem.release();
        gather(t1, t2, t3);
        assertEquals(List.of("1", "2", "3", "4"), got);
    }

    @AsyncioTest
    void newcomerWithAFreePermitWaitsUntilTheWokenTaskRan() {
        Semaphore sem = new Semaphore(0);
        Steps steps = new Steps();
        Task<Void> a = createTask(() -> {
            sem.acquire();
            steps.expect(2);
            return null;
        });
        TestLoop.waitAllBlocked();
        sem.release(); // handed to a
        sem.release(); // free: value 1
        assertEquals(1, sem.value());
        assertTrue(sem.locked()); // a was woken and has not run: asyncio keeps FIFO
        steps.expect(1);
        sem.acquire(); // queues behind a; a wakes us when it runs, since a permit is free
        steps.expect(3);
        await(a);
        assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
        steps.finish(4);
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation races

    @AsyncioTest
    void permitHandedToACancelledWaiterPassesToTheNext() {
        Semaphore sem = new Semaphore(0);
        List<String> got = new ArrayList<>();
        Task<Void> a = after(sem::acquire, "a", got);
        Task<Void> b = after(sem::acquire, "b", got);
        TestLoop.waitAllBlocked();
        sem.release(); // hands the permit to a, which is cancelled before it runs
        cancelAndExpectPassedOn(a, b, got);
        assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
    }

    @AsyncioTest
    void permitHandedToACancelledWaiterComesBackWhenNobodyElseWaits() {
        // CPython test_acquire_no_hang
        Semaphore sem = new Semaphore(1);
        List<Task<Void>> t2 = new ArrayList<>();
        Task<Void> t1 = createTask(() -> {
            try (var _ = sem.hold()) {
                sleep(0);
            } // hands the permit to t2 ...
            t2.getFirst().cancel(); // ... which is cancelled before it runs
            return null;
        });
        t2.add(after(sem::acquire, "t2", new ArrayList<>()));
        await(t1);
        assertThrows(CancelledError.class, () -> await(t2.getFirst()));
        assertEquals(new Semaphore.Statistics(1, 0), sem.statistics());
        waitFor(() -> {
            sem.acquire(); // at once
            return null;
        }, 1.0);
        assertEquals(0, sem.value());
    }

    @AsyncioTest
    void waitersCancelledBeforeTheReleaseAreSkipped() {
        // CPython test_acquire_cancel_before_awoken and test_acquire_hang
        Semaphore sem = new Semaphore(0);
        List<String> got = new ArrayList<>();
        Task<Void> t1 = after(sem::acquire, "1", got);
        Task<Void> t2 = after(sem::acquire, "2", got);
        Task<Void> t3 = after(sem::acquire, "3", got);
        Task<Void> t4 = after(sem::acquire, "4", got);
        sleep(0);
        t1.cancel();
        t2.cancel();
        sem.release();
        sleep(0);
        sleep(0);
        assertTrue(t3.done());
        assertFalse(t4.done());
        assertEquals(List.of("3"), got);
        assertTrue(sem.locked());
        t4.cancel();
        gatherReturnExceptions(t1, t2, t4);
        assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
    }

    @AsyncioTest
    void waiterCancelledWhileWaitingLeavesTheValueAlone() {
        // CPython test_acquire_fifo_order_3
        Semaphore sem = new Semaphore(0);
        List<String> got = new ArrayList<>();
        Task<Void> t1 = after(sem::acquire, "1", got);
        Task<Void> t2 = after(sem::acquire, "2", got);
        Task<Void> t3 = after(sem::acquire, "3", got);
        sleep(0);
        t1.cancel();
        sleep(0);
        assertEquals(new Semaphore.Statistics(0, 2), sem.statistics());
        sem.release();
        sem.release();
        gatherReturnExceptions(t1, t2, t3);
        assertEquals(List.of("2", "3"), got);
    }

    @AsyncioTest
    void timeoutAroundAcquire(EventLoop loop) {
        Semaphore sem = new Semaphore(0);
        assertThrows(TimeoutError.class, () -> timeout(0.5, () -> {
            sem.acquire();
            return null;
        }));
        assertEquals(0.5, loop.time());
        assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
    }

    @AsyncioTest
    void timeoutFiringInTheSameTurnAsTheReleasePassesThePermitOn(EventLoop loop) {
        Semaphore sem = new Semaphore(0);
        List<String> got = new ArrayList<>();
        loop.callLater(0.5, sem::release); // hands the permit to w1 ...
        Task<Object> w1 = createTask(() -> waitFor(() -> {
            sem.acquire(); // ... whose timeout fires right after, in the same turn
            got.add("w1");
            return null;
        }, 0.5));
        Task<Void> w2 = after(sem::acquire, "w2", got);
        assertThrows(TimeoutError.class, () -> await(w1));
        await(w2);
        assertEquals(List.of("w2"), got);
        assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
    }

    // ------------------------------------------------------------------------------------------
    // hold() and BoundedSemaphore

    @AsyncioTest
    void holdGivesThePermitBackOnException() {
        Semaphore sem = new Semaphore(2);
        assertThrows(IllegalArgumentException.class, () -> {
            try (var _ = sem.hold()) {
                assertEquals(1, sem.value());
                throw new IllegalArgumentException("boom");
            }
        });
        assertEquals(2, sem.value());
    }

    @AsyncioTest
    void holdBoundsConcurrency(EventLoop loop) {
        Semaphore sem = new Semaphore(2);
        int[] inside = {0};
        int[] most = {0};
        List<Coroutine<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(() -> {
                try (var _ = sem.hold()) {
                    most[0] = Math.max(most[0], ++inside[0]);
                    sleep(1);
                    inside[0]--;
                }
                return null;
            });
        }
        gather(jobs);
        assertEquals(2, most[0]);
        assertEquals(3.0, loop.time());
        assertEquals(2, sem.value());
    }

    @AsyncioTest
    void boundedSemaphoreRefusesToGoAboveItsInitialValue() {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
        assertEquals(new Semaphore.Statistics(2, 0), sem.statistics()); // unchanged
        sem.acquire();
        sem.release();
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(2, sem.value());
        assertEquals("<BoundedSemaphore [unlocked, value:2]>", sem.toString());
        assertThrows(IllegalStateException.class, () -> new BoundedSemaphore().release());
    }

    @AsyncioTest
    void boundedSemaphoreStaysConsistentWhenAHandedPermitComesBack() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        sem.acquire();
        Task<Void> w = after(sem::acquire, "w", new ArrayList<>());
        TestLoop.waitAllBlocked();
        sem.release(); // handed to w ...
        w.cancel(); // ... which gives it back
        assertThrows(CancelledError.class, () -> await(w));
        assertEquals(1, sem.value());
        assertThrows(IllegalStateException.class, sem::release);
    }

    @AsyncioTest
    void closingAHeldPermitOfABoundedSemaphoreTwiceReleasesOnce() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        Held held = sem.hold();
        held.close();
        held.close(); // would throw if it released again
        assertEquals(1, sem.value());
    }
}
