package io.jasyncio.sync;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.util.ArrayDeque;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

/**
 * The fair wait queue under every synchronization primitive (trio's {@code ParkingLot}): a task parks
 * in it until another task or callback unparks it, and unparks happen in the order the tasks parked.
 * {@link Lock}, {@link Event}, {@link Condition}, {@link Semaphore} and {@link Barrier} keep their
 * state (locked, set, value, ...) and decide whom to wake; the lot only queues, wakes, and keeps the
 * cancellation bookkeeping, which is the same for all of them.
 *
 * <h2>A parked task's life</h2>
 * <table>
 * <caption>States of a task in a lot</caption>
 * <tr><th>state</th><th>entered by</th><th>counted by</th><th>leaves by</th></tr>
 * <tr><td>parked</td><td>{@link #park}</td><td>{@link #waiting()}</td>
 *     <td>{@link #unpark} (to waking), or a cancellation (gone at once)</td></tr>
 * <tr><td>waking</td><td>{@link #unpark}: its future got a result, its wake-up is queued on the loop</td>
 *     <td>{@link #occupied()}</td><td>resuming: {@code park} returns; or a cancellation that arrives
 *     before it resumed: a <em>lost wake-up</em></td></tr>
 * </table>
 * Each parked task waits on a future of its own ({@link Ticket}), as asyncio's primitives do. A ticket
 * that is cancelled (its task was cancelled, a timeout fired) leaves the queue at once, so the queue
 * holds exactly the tasks still waiting and {@link #unpark} never picks a dead one.
 *
 * <h2>Lost wake-ups</h2>
 * In asyncio a task can be cancelled after it was woken but before it runs: its future is done, so the
 * cancellation surfaces when it resumes, and the wake-up (a lock hand-off, a semaphore permit, a
 * notification) would be lost. The lot sees this case exactly: {@link #park} throws the
 * {@link CancelledError} and first calls the primitive's {@link LostWakeup} handler, which passes the
 * wake-up on (CPython does the same in each primitive by hand: {@code Lock.acquire}'s
 * {@code _wake_up_first}, {@code Semaphore.acquire}'s {@code _value += 1}, {@code Condition.wait}'s
 * {@code _notify(1)}). A task cancelled while still parked was never woken: nothing to pass on.
 *
 * <h2>Loop</h2>
 * The lot binds to the loop of the first task that parks in it (CPython's {@code _LoopBoundMixin});
 * loop-confined like everything on a loop.
 */
final class ParkingLot {

    private static final KernelAccess KERNEL = Kernel.access();

    /** What a primitive does with a wake-up its task can no longer use (see the class comment). */
    @FunctionalInterface
    interface LostWakeup {
        /**
         * Passes the wake-up on, or gives back what it carried.
         *
         * @param lot the lot the cancelled task was unparked from
         */
        void relay(ParkingLot lot);
    }

    /**
     * The handler of a primitive that wakes every waiter at once ({@link Event#set()}, a barrier's
     * state change): the others were woken too, so a lost wake-up takes nothing from anybody.
     */
    static final LostWakeup EVERYONE_WOKEN = lot -> { };

    /** The primitive this lot belongs to, named in error messages. */
    private final Object owner;
    private final LostWakeup onLostWakeup;
    /** The tickets of the parked tasks, oldest first; every one is pending. */
    private final ArrayDeque<Ticket> parked = new ArrayDeque<>(2);
    /** Tasks unparked that have not resumed yet. */
    private int waking;
    /** The loop of the first task that parked here, or null. */
    private EventLoop loop;

    /**
     * Creates an empty lot.
     *
     * @param owner the primitive, named in error messages and in {@link #describe}
     * @param onLostWakeup what to do with a wake-up lost to a cancellation
     */
    ParkingLot(Object owner, LostWakeup onLostWakeup) {
        this.owner = owner;
        this.onLostWakeup = onLostWakeup;
    }

    /**
     * The current task, which is about to park here; binds the lot to its loop on first use. Separate
     * from {@link #park} so that a primitive can check before it changes anything (a condition must not
     * release its lock and then fail to wait).
     *
     * @param what the operation, for the error message, e.g. {@code "Lock.acquire()"}
     * @return the current task
     * @throws IllegalStateException if not called from a task, or from a task of another loop
     */
    Task<?> bind(String what) {
        Task<?> t = KERNEL.boundTask(loop, owner, what);
        loop = t.getLoop();
        return t;
    }

    /**
     * Parks {@code t} (the current task, from {@link #bind}) at the tail of the queue until it is
     * unparked.
     *
     * <p>Cancel safety: if the task is cancelled while parked, it leaves the queue and
     * {@link CancelledError} is thrown; nothing else changes. If it was already unparked and is
     * cancelled before it resumed, the primitive's {@link LostWakeup} handler runs, then
     * {@link CancelledError} is thrown.
     *
     * @param t the current task
     * @throws CancelledError if the task was cancelled before it resumed
     */
    void park(Task<?> t) {
        Ticket ticket = new Ticket(this, t.getLoop());
        parked.addLast(ticket);
        try {
            KERNEL.awaitDone(t, ticket);
            ticket.result(); // throws CancelledError if the ticket itself was cancelled
        } catch (Throwable e) {
            ticket.cancel(); // a no-op: waitFor only ends once the ticket is done
            if (!ticket.cancelled()) {
                waking--;
                onLostWakeup.relay(this);
            }
            throw e;
        }
        waking--;
    }

    /**
     * Wakes the {@code n} tasks that have waited longest (fewer if fewer wait), in that order.
     *
     * @param n how many to wake; zero or less wakes none
     * @return how many were woken
     */
    int unpark(int n) {
        int woken = 0;
        Ticket ticket;
        while (woken < n && (ticket = parked.pollFirst()) != null) {
            waking++;
            woken++;
            ticket.setResult(null);
        }
        return woken;
    }

    /**
     * Wakes every parked task, longest-waiting first.
     *
     * @return how many were woken
     */
    int unparkAll() {
        return unpark(Integer.MAX_VALUE);
    }

    /**
     * The number of tasks parked and not yet unparked or cancelled (trio's {@code tasks_waiting}).
     *
     * @return the number of waiting tasks
     */
    int waiting() {
        return parked.size();
    }

    /**
     * Whether a task is parked, or was unparked and has not resumed yet. Lock and semaphore make a
     * newcomer queue while this holds, so that nobody overtakes a task asyncio already woke (FIFO).
     *
     * @return true if a task waits or is about to resume
     */
    boolean occupied() {
        return waking > 0 || !parked.isEmpty();
    }

    /**
     * An asyncio-style description of the owner: {@code <Lock [locked, waiters:2]>}.
     *
     * @param state the owner's state words, e.g. {@code "locked"}
     * @return the description
     */
    String describe(String state) {
        String s = "<" + owner.getClass().getSimpleName() + " [" + state;
        int n = parked.size();
        return (n > 0 ? s + ", waiters:" + n : s) + "]>";
    }

    /** The future a parked task waits on; cancelling it (the task's cancellation does) takes it out of the queue. */
    private static final class Ticket extends Future<Void> {
        private final ParkingLot lot;

        Ticket(ParkingLot lot, EventLoop loop) {
            super(loop);
            this.lot = lot;
        }

        @Override
        public boolean cancel(String msg) {
            if (!super.cancel(msg)) {
                return false;
            }
            lot.parked.remove(this);
            return true;
        }
    }
}
