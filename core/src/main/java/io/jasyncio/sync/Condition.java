package io.jasyncio.sync;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;

/**
 * A condition variable: tasks wait until another task notifies them, while a {@link Lock} protects the
 * shared state they check: asyncio's {@code Condition} (CPython 3.13 {@code Lib/asyncio/locks.py}).
 *
 * <pre>{@code
 * Condition cond = new Condition();
 * // consumer
 * try (var _ = cond.hold()) {
 *     cond.waitFor(() -> !items.isEmpty());
 *     take(items);
 * }
 * // producer
 * try (var _ = cond.hold()) {
 *     items.add(x);
 *     cond.notify(1);
 * }
 * }</pre>
 *
 * <h2>Java names</h2>
 * Java's {@code Object.wait()}, {@code notify()} and {@code notifyAll()} are final, so asyncio's
 * {@code wait()} is {@link #await()} (as in {@code java.util.concurrent.locks.Condition}),
 * {@code notify()} is {@link #notify(int) notify(1)}, and {@code notify_all()} is
 * {@link #notifyAllWaiters()}. Beware: {@code cond.wait()}, {@code cond.notify()} and
 * {@code cond.notifyAll()} still compile, and throw {@link IllegalMonitorStateException}.
 *
 * <h2>How waiting works</h2>
 * {@link #await()} releases the lock, waits for a notification, then re-acquires the lock before it
 * returns, even when it ends with an exception, so the caller always holds the lock afterwards.
 * Notifications wake waiters in the order they started waiting. A woken task returns only once it has
 * the lock again, so the notifier should release the lock soon. As in asyncio, a waiter may return
 * without its condition being true (another task may have changed the state first): check it in a loop,
 * or use {@link #waitFor(BooleanSupplier)}.
 *
 * <h2>Loop and threads</h2>
 * The condition binds to the loop of the first task that waits on it (and its lock to the loop of the
 * first task that waits for the lock). Loop-confined.
 */
public final class Condition {

    /**
     * A snapshot of a condition's state.
     *
     * @param lockStatistics the statistics of the underlying lock
     * @param tasksWaiting tasks waiting for a notification, not counting those already notified
     */
    public record Statistics(Lock.Statistics lockStatistics, int tasksWaiting) {
    }

    private final Lock lock;
    // A waiter notified then cancelled before it ran passes its notification to the next waiter.
    private final ParkingLot lot = new ParkingLot(this, l -> l.unpark(1));

    /** Creates a condition with a lock of its own: {@code asyncio.Condition()}. */
    public Condition() {
        this(new Lock());
    }

    /**
     * Creates a condition that uses {@code lock}: {@code asyncio.Condition(lock)}. Several conditions
     * may share one lock.
     *
     * @param lock the underlying lock
     */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * The underlying lock.
     *
     * @return the lock
     */
    public Lock lock() {
        return lock;
    }

    /**
     * Whether the underlying lock is held: {@code cond.locked()}.
     *
     * @return true if locked
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Acquires the underlying lock: {@code await cond.acquire()}.
     *
     * <p>Cancel safety: as {@link Lock#acquire()}.
     *
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException as {@link Lock#acquire()}
     */
    public void acquire() {
        lock.acquire();
    }

    /**
     * Acquires the underlying lock and returns a handle that releases it when closed: asyncio's
     * {@code async with cond:} as {@code try (var _ = cond.hold()) { ... }}.
     *
     * <p>Cancel safety: as {@link Lock#acquire()}; if it throws, nothing is held.
     *
     * @return the handle; closing it releases the lock once
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException as {@link Lock#acquire()}
     */
    public Held hold() {
        return lock.hold();
    }

    /**
     * Releases the underlying lock: {@code cond.release()}.
     *
     * @throws IllegalStateException if it is not locked
     */
    public void release() {
        lock.release();
    }

    /**
     * Waits until notified: asyncio's {@code await cond.wait()} (renamed: see the class comment).
     * Releases the lock, waits for {@link #notify(int)} or {@link #notifyAllWaiters()}, then
     * re-acquires the lock and returns. The caller must hold the lock (asyncio checks only that it is
     * locked, not by whom; so does this).
     *
     * <p>Cancel safety: however the wait ends, the lock is held again when this method returns or
     * throws (asyncio). If the task is cancelled while waiting, it first re-acquires the lock, then
     * throws {@link CancelledError}; if it is cancelled again while re-acquiring, it keeps waiting for
     * the lock and throws the latest {@code CancelledError}. A notification is never lost: if this task
     * was notified but ends with {@code CancelledError} (cancelled before it ran, or while it
     * re-acquired the lock), the notification passes to the next waiter. (asyncio passes one on for
     * every cancelled waiter, notified or not, which can wake a task spuriously; here only a notified
     * one does.) A timeout around the call behaves the same; the {@code TimeoutError} leaves with the
     * lock held.
     *
     * @throws IllegalStateException if the lock is not locked ({@code "cannot wait on un-acquired
     *     lock"}, Python's {@code RuntimeError}), or if not called from a task, or from a task of another
     *     loop than the condition's; the lock is then left as it was
     * @throws CancelledError if the task was cancelled; the lock is held
     */
    public void await() {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        Task<?> t = lot.bind("Condition.await()"); // before releasing: a refusal changes nothing
        lock.release();
        boolean notified = false;
        CancelledError cancelled = null;
        try {
            lot.park(t);
            notified = true;
        } catch (CancelledError e) {
            cancelled = e;
        }
        // Re-acquire even if cancelled; a cancellation meanwhile is kept for later (CPython's loop).
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (CancelledError e) {
                cancelled = e;
            }
        }
        if (cancelled != null) {
            if (notified) {
                lot.unpark(1); // we took a notification and do not return normally: pass it on
            }
            throw cancelled;
        }
    }

    /**
     * Waits until {@code predicate} is true: {@code await cond.wait_for(predicate)}. Evaluates it
     * first, then after each notification, always with the lock held; returns as soon as it is true
     * (at once, without needing the lock, if it is true from the start).
     *
     * <p>Cancel safety: as {@link #await()}: when it throws {@link CancelledError}, the lock is held.
     *
     * @param predicate the condition to wait for; it should only read state guarded by the lock
     * @throws IllegalStateException if it must wait and the lock is not locked, or as {@link #await()}
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void waitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /**
     * Wakes up to {@code n} waiting tasks, longest-waiting first: {@code cond.notify(n)}. A woken task
     * returns from {@link #await()} only once it re-acquired the lock, so release it afterwards.
     *
     * @param n how many to wake; zero or less wakes none; more than wait wakes all
     * @throws IllegalStateException if the lock is not locked ({@code "cannot notify on un-acquired
     *     lock"})
     */
    public void notify(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        lot.unpark(n);
    }

    /**
     * Wakes every waiting task: {@code cond.notify_all()} (renamed: see the class comment).
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void notifyAllWaiters() {
        notify(Integer.MAX_VALUE);
    }

    /**
     * A snapshot of the condition's state.
     *
     * @return the lock's statistics and how many tasks wait for a notification
     */
    public Statistics statistics() {
        return new Statistics(lock.statistics(), lot.waiting());
    }

    /**
     * A description in the style of asyncio's repr: {@code <Condition [locked, waiters:1]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return lot.describe(lock.locked() ? "locked" : "unlocked");
    }
}
