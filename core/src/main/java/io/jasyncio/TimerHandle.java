package io.jasyncio;

/**
 * A callback scheduled for a point in loop time by {@link EventLoop#callLater} or
 * {@link EventLoop#callAt}. Callbacks due at the same time run in the order they were scheduled.
 * Not thread-safe: cancel on the loop's thread.
 */
public sealed class TimerHandle extends Handle permits TimerHandle.At {

    /** Loop time in nanoseconds at which the callback becomes ready. */
    final long when;
    /** Scheduling order, to keep timers with equal deadlines FIFO. */
    final long seq;
    private final EventLoop loop;
    /** True while the handle sits in the loop's timer queue. */
    boolean scheduled;
    /**
     * The delay-map slot of this timer's chain in the {@link TimerQueue} (meaningful only while
     * {@code tails[chainSlot] == this}); a short, to fit in the object's padding.
     */
    short chainSlot;
    /** The next timer of this timer's chain in the {@link TimerQueue}, or null. */
    TimerHandle next;

    TimerHandle(EventLoop loop, long when, long seq, Runnable callback, Context context) {
        super(callback, context);
        this.loop = loop;
        this.when = when;
        this.seq = seq;
    }

    /**
     * The loop time, in seconds, at which this callback is due.
     *
     * @return the deadline on the {@link EventLoop#time()} scale
     */
    public double when() {
        return when / 1e9;
    }

    /** A timer of {@link EventLoop#callAt}: {@link #when()} is exactly the deadline given (asyncio's). */
    static final class At extends TimerHandle {
        private final double given;

        At(EventLoop loop, long when, long seq, Runnable callback, Context context, double given) {
            super(loop, when, seq, callback, context);
            this.given = given;
        }

        @Override
        public double when() {
            return given;
        }
    }

    @Override
    public void cancel() {
        if (!cancelled()) {
            if (scheduled) {
                loop.timerCancelled();
            }
            super.cancel();
        }
    }
}
