package io.jasyncio;

/**
 * Virtual time for a test loop: the loop's {@link EventLoop#time()} reads this clock, and when every
 * task is blocked and no outside work is pending, the loop jumps the clock straight to the next timer
 * instead of waiting (trio's {@code MockClock} with autojump, Kotlin's {@code runTest}). A test of
 * {@code sleep(3600)} therefore finishes in microseconds, and its timing is exact and repeatable.
 *
 * <p>Create one with {@link EventLoop.Builder#virtualClock(VirtualClock)}. Only the loop advances
 * the clock; other threads may read it.
 */
public final class VirtualClock {

    private volatile long nanos;

    /** Creates a clock at time zero. */
    public VirtualClock() {
    }

    /**
     * The current virtual time.
     *
     * @return seconds since the clock was created
     */
    public double time() {
        return nanos / 1e9;
    }

    /**
     * The current virtual time.
     *
     * @return nanoseconds since the clock was created
     */
    public long nanos() {
        return nanos;
    }

    /**
     * The loop has nothing ready: wait for real, or jump time (trio's {@code MockClock} autojump, whose policy
     * lives with its clock as {@code deadline_to_sleep_time}). Outside work pending: wait for it for real.
     * Work handed over by another thread: go on at once. Channels registered: give real I/O a grace of
     * {@link #IO_GRACE_NANOS} first, like trio's autojump threshold. Then jump to the next timer. With no timer and
     * no I/O, a task parked in a JDK blocking call (not awaiting a future, not sleeping) can still be woken by
     * another thread: wait for real. Otherwise nothing can ever wake a task: that is a deadlock, reported at once.
     *
     * @param next the next live timer, or null
     * @throws IllegalStateException on a deadlock
     */
    void idle(LoopTurn turn, TimerHandle next) {
        if (turn.outsideWork > 0) {
            turn.io.await(-1);
            return;
        }
        if (!turn.inbox.isEmpty()) {
            return;
        }
        if (turn.io.hasChannels()) {
            if (turn.io.await(next == null ? -1 : IO_GRACE_NANOS) || next == null) {
                return;
            }
        } else if (next == null) {
            if (turn.taskBlockedElsewhere()) {
                // A task parked in a JDK blocking call (a contended lock, say) is woken by another thread
                // through the inbox: wait for that for real instead of calling it a deadlock.
                turn.io.await(-1);
                return;
            }
            throw new IllegalStateException("deadlock on a virtual-clock loop: every task is blocked and "
                    + "nothing can wake them (no timer, no I/O, no outside work pending, no task in a JDK blocking call)");
        }
        if (turn.inbox.isEmpty()) {
            advanceTo(next.when);
        }
    }

    /** With channels registered: how long real I/O may take before time jumps. */
    static final long IO_GRACE_NANOS = 20_000_000;

    void advanceTo(long target) {
        if (target > nanos) {
            nanos = target;
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + time() + "s]";
    }
}
