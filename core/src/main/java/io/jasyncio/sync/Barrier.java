package io.jasyncio.sync;

import io.jasyncio.CancelledError;

/**
 * A meeting point for a fixed number of tasks: asyncio's {@code Barrier} (CPython 3.13
 * {@code Lib/asyncio/locks.py}, itself modelled on {@code threading.Barrier}). Each task calls
 * {@link #await()}; the call waits until {@link #parties()} tasks are waiting, then all of them pass
 * at once. The barrier is cyclic: once they have all left, it fills again.
 *
 * <pre>{@code
 * Barrier ready = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     createTask(() -> {
 *         prepare();
 *         int index = ready.await();   // 0, 1, 2 in order of arrival
 *         return go(index);
 *     });
 * }
 * }</pre>
 *
 * <p><b>{@code await()}, not {@code wait()}</b>: Java's {@code Object.wait()} is final, so asyncio's
 * {@code wait()} is named {@code await()} here, like {@code java.util.concurrent.CyclicBarrier.await()}.
 * Unlike {@code CyclicBarrier}, the returned index counts up in order of arrival, as in asyncio: the
 * first task to arrive gets 0, the one that trips the barrier gets {@code parties() - 1}.
 *
 * <h2>States</h2>
 * <table>
 * <caption>Barrier states (asyncio's {@code _BarrierState})</caption>
 * <tr><th>state</th><th>entered by</th><th>a task arriving in {@code await()}</th></tr>
 * <tr><td>{@link State#FILLING filling}</td><td>creation; the last task left after draining or
 *     resetting; {@link #reset()} with nobody inside</td><td>waits; the last one trips the barrier</td></tr>
 * <tr><td>{@link State#DRAINING draining}</td><td>the barrier tripped</td>
 *     <td>waits until every released task has left, then arrives</td></tr>
 * <tr><td>{@link State#RESETTING resetting}</td><td>{@link #reset()} with tasks inside: each gets
 *     {@link BrokenBarrierError}</td><td>waits until they have left, then arrives</td></tr>
 * <tr><td>{@link State#BROKEN broken}</td><td>{@link #abort()}</td>
 *     <td>throws {@link BrokenBarrierError}</td></tr>
 * </table>
 * A broken barrier stays broken until {@link #reset()}.
 *
 * <h2>Differences from asyncio</h2>
 * asyncio serializes the barrier through a {@link Condition}, so {@code abort()} and {@code reset()}
 * are coroutines there (they take its lock). Here the loop's single thread is enough: they never
 * suspend, and waiting tasks wait on the barrier directly. The order in which tasks arrive, pass and
 * fail is asyncio's.
 *
 * <h2>Loop and threads</h2>
 * The barrier binds to the loop of the first task that waits on it. Loop-confined.
 */
public final class Barrier {

    /** The states of a barrier; see the class comment. */
    public enum State {
        /** Tasks are arriving; the barrier trips when {@link Barrier#parties()} wait. */
        FILLING,
        /** The barrier tripped; the released tasks are leaving. */
        DRAINING,
        /** {@link Barrier#reset()} was called while tasks waited; they are leaving with an error. */
        RESETTING,
        /** {@link Barrier#abort()} was called; every wait fails until {@link Barrier#reset()}. */
        BROKEN
    }

    /**
     * A snapshot of a barrier's state.
     *
     * @param parties the number of tasks needed to trip it
     * @param nWaiting the number of tasks waiting for it to trip ({@link Barrier#nWaiting()})
     * @param state its state
     */
    public record Statistics(int parties, int nWaiting, State state) {
    }

    private final int parties;
    private State state = State.FILLING;
    /** Tasks inside {@link #await()}: counted on arrival, uncounted when they leave. */
    private int count;
    // Every state change wakes every waiter, each re-checks: like asyncio's notify_all on one condition.
    private final ParkingLot lot = new ParkingLot(this, ParkingLot.EVERYONE_WOKEN);

    /**
     * Creates a barrier for {@code parties} tasks: {@code asyncio.Barrier(parties)}.
     *
     * @param parties the number of tasks that must wait before all pass
     * @throws IllegalArgumentException if {@code parties} is less than 1 (Python's {@code ValueError})
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} tasks wait here, then passes with all of them: asyncio's
     * {@code await barrier.wait()} (renamed: see the class comment). If the barrier is draining or
     * resetting, first waits until it fills again. The task that trips the barrier does not suspend.
     *
     * <p>Cancel safety: if the task is cancelled while waiting for the barrier to fill, it leaves it
     * ({@link #nWaiting()} goes down by one, the others keep waiting for a new last arrival) and
     * {@link CancelledError} is thrown. If it is cancelled after the barrier tripped but before it ran,
     * it also throws {@code CancelledError}, and the others pass as usual. (As in asyncio, indices of
     * tasks arriving after such a departure may repeat one already given out.)
     *
     * @return the arrival index, from 0 (first) to {@code parties() - 1} (the one that tripped it)
     * @throws BrokenBarrierError if the barrier is broken, or is aborted or reset while this task waits
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     another loop than the barrier's
     */
    public int await() {
        // Block while the barrier drains or resets (asyncio's _block).
        while (state == State.DRAINING || state == State.RESETTING) {
            park();
        }
        if (state == State.BROKEN) {
            throw new BrokenBarrierError("Barrier aborted");
        }
        int index = count++;
        try {
            if (index + 1 == parties) {
                state = State.DRAINING; // trip: release everybody (asyncio's _release)
                lot.unparkAll();
            } else {
                while (state == State.FILLING) {
                    park();
                }
                if (state == State.BROKEN || state == State.RESETTING) {
                    throw new BrokenBarrierError("Abort or reset of barrier");
                }
            }
            return index;
        } finally {
            count--;
            exit();
        }
    }

    private void park() {
        lot.park(lot.bind("Barrier.await()"));
    }

    /** The last task to leave ends draining or resetting, and lets blocked arrivals in (asyncio's _exit). */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            lot.unparkAll();
        }
    }

    /**
     * Resets the barrier to filling: {@code await barrier.reset()}, without suspending here. Tasks
     * waiting for it to fill get {@link BrokenBarrierError}; it fills again once they have left. Also
     * repairs a broken barrier.
     */
    public void reset() {
        if (count > 0) {
            state = State.RESETTING;
        } else {
            state = State.FILLING;
        }
        lot.unparkAll();
    }

    /**
     * Breaks the barrier: {@code await barrier.abort()}, without suspending here. Tasks waiting and
     * tasks arriving later get {@link BrokenBarrierError}, until {@link #reset()}. Use it when a party
     * fails and the others must not wait for it forever.
     */
    public void abort() {
        state = State.BROKEN;
        lot.unparkAll();
    }

    /**
     * The number of tasks needed to trip the barrier.
     *
     * @return the parties
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of tasks waiting for the barrier to trip: {@code barrier.n_waiting}; 0 unless it is
     * filling.
     *
     * @return the number of waiting tasks
     */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /**
     * Whether the barrier is broken: {@code barrier.broken}.
     *
     * @return true after {@link #abort()}, until {@link #reset()}
     */
    public boolean broken() {
        return state == State.BROKEN;
    }

    /**
     * A snapshot of the barrier's state.
     *
     * @return the parties, the waiting tasks and the state
     */
    public Statistics statistics() {
        return new Statistics(parties, nWaiting(), state);
    }

    /**
     * A description in the style of asyncio's repr: {@code <Barrier [filling, waiters:2/3]>},
     * {@code <Barrier [broken]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String s = state.name().toLowerCase(java.util.Locale.ROOT);
        return "<Barrier [" + (state == State.BROKEN ? s : s + ", waiters:" + nWaiting() + "/" + parties) + "]>";
    }
}
