package io.jasyncio.sync;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

/**
 * A mutual-exclusion lock for tasks: asyncio's {@code Lock} (CPython 3.13 {@code Lib/asyncio/locks.py}).
 * Not reentrant: a task that acquires a lock it holds waits for itself forever.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * try (var _ = lock.hold()) {   // async with lock:
 *     ...                       // one task at a time
 * }
 * }</pre>
 *
 * <h2>States</h2>
 * <table>
 * <caption>Lock states (asyncio 3.13)</caption>
 * <tr><th>state</th><th>entered by</th><th>{@link #acquire()}</th></tr>
 * <tr><td>unlocked</td><td>creation; {@link #release()}</td>
 *     <td>takes it at once, unless tasks wait or were just woken: then queues behind them</td></tr>
 * <tr><td>locked</td><td>an acquire</td><td>waits</td></tr>
 * </table>
 *
 * <h2>Fairness</h2>
 * Waiting tasks get the lock in the order they asked for it. {@link #release()} wakes the
 * longest-waiting task and leaves the lock unlocked until that task runs and takes it (so
 * {@link #locked()} is false in between, as in asyncio); a task calling {@code acquire()} in between
 * does not barge in: while any task waits, or was woken and has not run yet, a newcomer queues behind
 * it (asyncio's rule: the fast path is taken only if no waiter is left that is not cancelled).
 *
 * <h2>Ownership</h2>
 * As in asyncio, any task (or callback) may release a locked lock, not only the one that acquired it.
 * The lock still records which task acquired it, for {@link #statistics()} and diagnostics.
 *
 * <h2>Loop and threads</h2>
 * The lock binds to the loop of the first task that waits on it; a task of another loop that must
 * wait gets {@link IllegalStateException}. Loop-confined, like everything on a loop: from another
 * thread use {@link EventLoop#callSoonThreadsafe}.
 */
public final class Lock {

    /**
     * A snapshot of a lock's state (trio's {@code statistics()}).
     *
     * @param locked whether the lock is held
     * @param owner the task that acquired it, or null if unlocked (or acquired outside a task)
     * @param tasksWaiting tasks waiting in {@link #acquire()}, not counting one already woken
     */
    public record Statistics(boolean locked, Task<?> owner, int tasksWaiting) {
    }

    private boolean locked;
    private Task<?> owner;
    // A release wakes the next waiter; a waiter woken then cancelled passes that on (CPython's
    // `if not self._locked: self._wake_up_first()`). The lock is always free then: nobody else can take
    // it while a woken task has not run, so the check is only a guard.
    private final ParkingLot lot = new ParkingLot(this, l -> {
        if (!locked) {
            l.unpark(1);
        }
    });

    /** Creates an unlocked lock: {@code asyncio.Lock()}. */
    public Lock() {
    }

    /**
     * Whether the lock is held.
     *
     * @return true if locked
     */
    public boolean locked() {
        return locked;
    }

    /**
     * Acquires the lock, waiting until it is free and it is this task's turn:
     * {@code await lock.acquire()}. Does not suspend when the lock is free and nobody waits.
     *
     * <p>Cancel safety: if the task is cancelled while waiting, {@link CancelledError} is thrown and the
     * lock is not acquired; the queue is as if the task had never waited. If the lock had already
     * been handed to this task by a release but the task was cancelled before it could take it, the
     * lock goes to the next waiting task (or stays unlocked if none), so it never stays locked by
     * nobody. A timeout around the call ({@link Asyncio#timeout}, {@link Asyncio#waitFor}) works the
     * same way.
     *
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     another loop than the lock's; or if the calling task already holds the lock ("Lock is not
     *     reentrant": waiting would never end)
     */
    public void acquire() {
        if (!locked && !lot.occupied()) {
            locked = true;
            owner = Task.current();
            return;
        }
        Task<?> t = lot.bind("Lock.acquire()");
        if (locked && owner == t) {
            throw new IllegalStateException("Lock is not reentrant: " + t + " already holds it, and would wait "
                    + "for itself forever (asyncio's Lock is not reentrant either; release it first)");
        }
        lot.park(t);
        locked = true; // release() left it unlocked for us, and nobody could take it in between
        owner = t;
    }

    /**
     * Acquires the lock and returns a handle that releases it when closed: asyncio's
     * {@code async with lock:} as {@code try (var _ = lock.hold()) { ... }}.
     *
     * <p>Cancel safety: as {@link #acquire()}; if it throws, nothing is held.
     *
     * @return the handle; closing it calls {@link #release()} once
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException as {@link #acquire()}
     */
    public Held hold() {
        acquire();
        return new Held(this::release);
    }

    /**
     * Releases the lock and wakes the longest-waiting task, if any. Never suspends. Any task or
     * callback may call it, as in asyncio.
     *
     * @throws IllegalStateException if the lock is not locked (Python's {@code RuntimeError}), with the
     *     message {@code "Lock is not acquired."}
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        owner = null;
        lot.unpark(1);
    }

    /**
     * A snapshot of the lock's state.
     *
     * @return whether it is locked, by which task, and how many tasks wait
     */
    public Statistics statistics() {
        return new Statistics(locked, owner, lot.waiting());
    }

    /**
     * A description in the style of asyncio's repr: {@code <Lock [locked, waiters:2]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return lot.describe(locked ? "locked" : "unlocked");
    }
}
