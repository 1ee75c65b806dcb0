package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.Task;

/**
 * A counter of permits that tasks take and give back: asyncio's {@code Semaphore} (CPython 3.13
 * {@code Lib/asyncio/locks.py}). {@link #acquire()} takes a permit, waiting while there is none;
 * {@link #release()} gives one back. Use it to bound concurrency:
 *
 * <pre>{@code
 * Semaphore slots = new Semaphore(10);
 * try (var _ = slots.hold()) {   // async with slots:
 *     fetch(url);                // at most 10 at a time
 * }
 * }</pre>
 *
 * <h2>Fairness</h2>
 * Waiting tasks get permits in the order they asked (asyncio 3.13). {@link #release()} hands its permit
 * straight to the longest-waiting task (the {@linkplain #value() value} does not go up); a task calling
 * {@code acquire()} while others wait, or were woken and have not run yet, queues behind them even if
 * the value is positive ({@link #locked()} is true then).
 *
 * <p>Nothing checks that a task releases only what it acquired: {@code release()} can raise the value
 * above the initial one. {@link BoundedSemaphore} refuses that.
 *
 * <h2>Loop and threads</h2>
 * The semaphore binds to the loop of the first task that waits on it. Loop-confined: from another
 * thread, {@code loop.callSoonThreadsafe(sem::release)}.
 */
public sealed class Semaphore permits BoundedSemaphore {

    /**
     * A snapshot of a semaphore's state (trio's {@code statistics()}).
     *
     * @param value the permits available
     * @param tasksWaiting tasks waiting in {@link #acquire()}, not counting those already handed a permit
     */
    public record Statistics(int value, int tasksWaiting) {
    }

    private int value;
    // A permit handed to a task that was cancelled before it ran comes back; acquire() passes it on.
    private final ParkingLot lot = new ParkingLot(this, l -> value++);

    /** Creates a semaphore with one permit: {@code asyncio.Semaphore()}. */
    public Semaphore() {
        this(1);
    }

    /**
     * Creates a semaphore: {@code asyncio.Semaphore(value)}.
     *
     * @param value the initial number of permits
     * @throws IllegalArgumentException if {@code value} is negative (Python's {@code ValueError})
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
        }
        this.value = value;
    }

    /**
     * The permits available now. Permits handed to woken tasks that have not run yet are not counted.
     *
     * @return the value
     */
    public final int value() {
        return value;
    }

    /**
     * Whether {@link #acquire()} would wait: no permit is left, or other tasks are ahead in the queue.
     *
     * @return true if an acquire would suspend
     */
    public final boolean locked() {
        return value == 0 || lot.occupied();
    }

    /**
     * Takes a permit, waiting until one is free and it is this task's turn: {@code await sem.acquire()}.
     * Does not suspend when a permit is free and nobody waits.
     *
     * <p>Cancel safety: if the task is cancelled while waiting, {@link CancelledError} is thrown and no
     * permit is taken. If a release had already handed this task a permit but the task was cancelled
     * before it ran, the permit goes to the next waiting task (or back to the value), so none is lost.
     * A timeout around the call works the same way.
     *
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     another loop than the semaphore's
     */
    public final void acquire() {
        if (!locked()) {
            value--;
            return;
        }
        Task<?> t = lot.bind("Semaphore.acquire()");
        try {
            lot.park(t); // on return, release() handed us its permit: the value already counts it as taken
        } finally {
            // Tasks may have queued behind us while permits were free (FIFO): wake as many as there are
            // permits, including one we gave back (CPython's closing loop in acquire()).
            while (value > 0 && wakeUpNext()) {
                // woke one
            }
        }
    }

    /**
     * Takes a permit and returns a handle that gives it back when closed: asyncio's
     * {@code async with sem:} as {@code try (var _ = sem.hold()) { ... }}.
     *
     * <p>Cancel safety: as {@link #acquire()}; if it throws, nothing is held.
     *
     * @return the handle; closing it calls {@link #release()} once
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException as {@link #acquire()}
     */
    public final Held hold() {
        acquire();
        return new Held(this::release);
    }

    /**
     * Gives a permit back and, if tasks wait, hands it to the longest-waiting one. Never suspends.
     *
     * @throws IllegalStateException in a {@link BoundedSemaphore}, if it would raise the value above
     *     the initial one
     */
    public void release() {
        value++;
        wakeUpNext();
    }

    /** Hands a permit to the longest-waiting task, if any (CPython's {@code _wake_up_next}). */
    private boolean wakeUpNext() {
        if (lot.unpark(1) == 0) {
            return false;
        }
        value--;
        return true;
    }

    /**
     * A snapshot of the semaphore's state.
     *
     * @return the value and how many tasks wait
     */
    public final Statistics statistics() {
        return new Statistics(value, lot.waiting());
    }

    /**
     * A description in the style of asyncio's repr: {@code <Semaphore [unlocked, value:2]>},
     * {@code <Semaphore [locked, waiters:1]>}.
     *
     * @return the description
     */
    @Override
    public final String toString() {
        return lot.describe(locked() ? "locked" : "unlocked, value:" + value);
    }
}
