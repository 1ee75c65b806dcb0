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
