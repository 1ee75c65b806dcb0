package io.jasyncio.sync;

import io.jasyncio.sync.Barrier.State;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;

/** Barrier: filling, draining, arrival indices, cancellation, abort and reset, as in asyncio 3.13. */
class BarrierTest {

    /** A task that waits at {@code barrier} once and returns its index. */
    private static Task<Integer> arrive(Barrier barrier) {
        return createTask(barrier::await);
    }

    /** A task that waits once and returns its index, or -1 for a {@link BrokenBarrierError}. */
    private static Task<Integer> arriveOrBreak(Barrier barrier) {
        return createTask(() -> {
            try {
                return barrier.await();
            } catch (BrokenBarrierError e) {
                return -1;
            }
        });
    }

    /**
     * Completes a round: new tasks arrive behind those already {@code inside} until one party is
     * missing, this task trips the barrier, and every index comes out in order of arrival.
     */
    @SafeVarargs
    private static void completeRound(Barrier barrier, Task<Integer>... inside) {
        List<Task<Integer>> tasks = new ArrayList<>(List.of(inside));
        while (tasks.size() < barrier.parties() - 1) {
            tasks.add(arrive(barrier));
        }
        TestLoop.waitAllBlocked();
        assertEquals(barrier.parties() - 1, barrier.await());
        assertEquals(IntStream.range(0, barrier.parties() - 1).boxed().toList(), gather(tasks));
        assertEquals(State.FILLING, barrier.statistics().state());
    }

    @AsyncioTest
    void partiesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
    }

    @AsyncioTest
    void fillsTaskByTaskThenReleasesAllWithTheirArrivalIndex() {
        // CPython test_filling_task_by_task and test_repr
        Barrier barrier = new Barrier(3);
        assertEquals("<Barrier [filling, waiters:0/3]>", barrier.toString());
        Task<Integer> t1 = arrive(barrier);
        TestLoop.waitAllBlocked();
        assertEquals(1, barrier.nWaiting());
        Task<Integer> t2 = arrive(barrier);
        TestLoop.waitAllBlocked();
        assertEquals(new Barrier.Statistics(3, 2, State.FILLING), barrier.statistics());
        assertEquals("<Barrier [filling, waiters:2/3]>", barrier.toString());
        assertEquals(2, barrier.await()); // the last arrival trips it without suspending
        assertEquals(new Barrier.Statistics(3, 0, State.DRAINING), barrier.statistics());
        assertEquals("<Barrier [draining, waiters:0/3]>", barrier.toString());
        assertEquals(List.of(0, 1), gather(t1, t2));
        assertEquals(new Barrier.Statistics(3, 0, State.FILLING), barrier.statistics());
        assertFalse(barrier.broken());
    }

    @AsyncioTest
    void aBarrierOfOnePassesAtOnce() {
        // CPython test_filling_one_task_twice
        Barrier barrier = new Barrier(1);
        Steps steps = new Steps();
        createTask(() -> {
            steps.expect(2);
            return null;
        });
        steps.expect(1);
        assertEquals(0, barrier.await());
        assertEquals(0, barrier.await());
        sleep(0);
        steps.finish(3);
        assertEquals(new Barrier.Statistics(1, 0, State.FILLING), barrier.statistics());
    }

    @AsyncioTest
    void isCyclicAndEachRoundGivesEveryIndexOnce() {
        // CPython test_filling_tasks_wait_twice / test_filling_tasks_check_return_value
        Barrier barrier = new Barrier(4);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        List<Coroutine<Void>> parties = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parties.add(() -> {
                first.add(barrier.await());
                second.add(barrier.await());
                return null;
            });
        }
        gather(parties);
        assertEquals(List.of(3, 0, 1, 2), first); // the tripper returns first, then the others in order
        assertEquals(List.of(3, 0, 1, 2), second);
        assertEquals(new Barrier.Statistics(4, 0, State.FILLING), barrier.statistics());
    }

    @AsyncioTest
    void drainsBeforeTheLastTaskLeaves() {
        // CPython test_draining_state
        Barrier barrier = new Barrier(3);
        List<State> seen = new ArrayList<>();
        List<Coroutine<Void>> parties = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parties.add(() -> {
                barrier.await();
                seen.add(barrier.statistics().state());
                return null;
            });
        }
        gather(parties);
        assertEquals(List.of(State.DRAINING, State.DRAINING, State.FILLING), seen);
    }

    @AsyncioTest
    void anArrivalWhileDrainingWaitsForTheNextRound() {
        Barrier barrier = new Barrier(2);
        Steps steps = new Steps();
        Task<Integer> a = createTask(() -> {
            steps.expect(1);
            int i = barrier.await();
            steps.expect(4); // a leaves: the barrier fills again and lets b in
            return i;
        });
        Task<Integer> b = createTask(() -> {
            steps.expect(2);
            int first = barrier.await(); // trips
            steps.expect(3);
            int second = barrier.await(); // a has not left yet: blocked until it has
            steps.expect(6);
            return first * 10 + second;
        });
        TestLoop.waitAllBlocked();
        assertEquals(new Barrier.Statistics(2, 1, State.FILLING), barrier.statistics()); // b waits in round 2
        assertEquals(0, await(a));
        steps.expect(5);
        assertEquals(1, barrier.await()); // trips round 2
        assertEquals(10, await(b));
        steps.finish(7);
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation

    @AsyncioTest
    void aWaiterCancelledWhileFillingLeavesTheBarrier() {
        // CPython test_filling_tasks_cancel_one
        Barrier barrier = new Barrier(3);
        Task<Integer> t1 = arrive(barrier);
        TestLoop.waitAllBlocked();
        Task<Integer> t2 = arrive(barrier);
        TestLoop.waitAllBlocked();
        assertEquals(2, barrier.nWaiting());
        t1.cancel();
        assertThrows(CancelledError.class, () -> await(t1));
        assertEquals(1, barrier.nWaiting());
        Task<Integer> t3 = arrive(barrier);
        TestLoop.waitAllBlocked();
        assertEquals(2, barrier.nWaiting());
        // As in asyncio, t3 got index 1 again: indices count the tasks inside, and t1 left.
        assertEquals(2, barrier.await());
        assertEquals(List.of(1, 1), gather(t2, t3));
        assertEquals(new Barrier.Statistics(3, 0, State.FILLING), barrier.statistics());
    }

    @AsyncioTest
    void aWaiterCancelledAfterTheTripDoesNotHoldTheOthersBack() {
        Barrier barrier = new Barrier(3);
        Task<Integer> a = arrive(barrier);
        Task<Integer> b = arrive(barrier);
        TestLoop.waitAllBlocked();
        assertEquals(2, barrier.await()); // trips: wakes a and b ...
        a.cancel(); // ... and a is cancelled before it runs
        assertThrows(CancelledError.class, () -> await(a));
        assertEquals(1, await(b));
        assertEquals(new Barrier.Statistics(3, 0, State.FILLING), barrier.statistics());
        completeRound(barrier); // the next round works
    }

    @AsyncioTest
    void timeoutAroundAwait(EventLoop loop) {
        Barrier barrier = new Barrier(2);
        assertThrows(TimeoutError.class, () -> waitFor(barrier::await, 0.5));
        assertEquals(0.5, loop.time());
        assertEquals(new Barrier.Statistics(2, 0, State.FILLING), barrier.statistics());
    }

    // ------------------------------------------------------------------------------------------
    // abort and reset

    @AsyncioTest
    void abortBreaksWaitersAndLaterArrivalsUntilReset() {
        Barrier barrier = new Barrier(3);
        Task<Integer> a = arrive(barrier);
        Task<Integer> b = arrive(barrier);
        TestLoop.waitAllBlocked();
        barrier.abort();
        assertTrue(barrier.broken());
        assertEquals("<Barrier [broken]>", barrier.toString());
        assertEquals("Abort or reset of barrier",
                assertThrows(BrokenBarrierError.class, () -> await(a)).getMessage());
        assertThrows(BrokenBarrierError.class, () -> await(b));
        assertEquals("Barrier aborted", assertThrows(BrokenBarrierError.class, barrier::await).getMessage());
        assertEquals(new Barrier.Statistics(3, 0, State.BROKEN), barrier.statistics());
        barrier.reset(); // nobody inside: filling at once
        assertFalse(barrier.broken());
        completeRound(barrier);
    }

    @AsyncioTest
    void abortWhenOnePartyFails() {
        // CPython test_abort_barrier_when_exception
        Barrier barrier = new Barrier(4);
        List<String> log = new ArrayList<>();
        List<Coroutine<Void>> parties = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            parties.add(() -> {
                try {
                    if (barrier.await() == 2) {
                        throw new IllegalStateException("party failed");
                    }
                    barrier.await();
                    log.add("passed");
                } catch (BrokenBarrierError e) {
                    log.add("broken");
                } catch (IllegalStateException e) {
                    barrier.abort();
                }
                return null;
            });
        }
        gather(parties);
        assertEquals(List.of("broken", "broken", "broken"), log);
        assertTrue(barrier.broken());
        assertEquals(0, barrier.nWaiting());
    }

    @AsyncioTest
    void resetBreaksTheWaitersThenFillsAgain() {
        // CPython test_reset_barrier_while_tasks_waiting
        Barrier barrier = new Barrier(3);
        Task<Integer> a = arriveOrBreak(barrier);
        Task<Integer> b = arriveOrBreak(barrier);
        TestLoop.waitAllBlocked();
        Task<Integer> late = arrive(barrier); // starts in the next turn, before a and b: while resetting
        barrier.reset();
        assertEquals(new Barrier.Statistics(3, 0, State.RESETTING), barrier.statistics());
        assertEquals(List.of(-1, -1), gather(a, b));
        assertFalse(barrier.broken());
        TestLoop.waitAllBlocked();
        assertEquals(new Barrier.Statistics(3, 1, State.FILLING), barrier.statistics());
        completeRound(barrier, late);
    }

    @AsyncioTest
    void resetWhileDrainingBreaksTheTasksThatHaveNotLeftYet() {
        // CPython test_reset_barrier_when_tasks_half_draining: a reset counts the tasks still inside
        Barrier barrier = new Barrier(3);
        Task<Integer> a = arriveOrBreak(barrier);
        Task<Integer> b = arriveOrBreak(barrier);
        TestLoop.waitAllBlocked();
        assertEquals(2, barrier.await()); // trips; a and b have not run yet
        barrier.reset();
        assertEquals(State.RESETTING, barrier.statistics().state());
        assertEquals(List.of(-1, -1), gather(a, b));
        assertEquals(new Barrier.Statistics(3, 0, State.FILLING), barrier.statistics());
    }
}
