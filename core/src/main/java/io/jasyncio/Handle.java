package io.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon}; cancel it to keep it
 * from running. Not thread-safe: cancel on the loop's thread (from another thread, cancel through
 * {@link EventLoop#callSoonThreadsafe}).
 *
 * <p>States: scheduled, then either run (once) or cancelled. Cancelling after it ran does nothing.
 */
public sealed class Handle permits TimerHandle {

    Runnable callback;
    private boolean cancelled;

    Handle(Runnable callback) {
        this.callback = callback;
    }

    /** Keeps the callback from running, if it has not run yet, and drops the reference to it. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
        }
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true once cancelled
     */
    public boolean cancelled() {
        return cancelled;
    }

    /** Runs the callback on the loop thread; a failure goes to the loop's exception handler. */
    final void run(EventLoop loop) {
        Runnable cb = callback;
        if (cb == null) {
            return;
        }
        try {
            cb.run();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            loop.callExceptionHandler(new ErrorContext("Exception in callback " + cb, t, null, this));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (cancelled ? "[cancelled]" : "[" + callback + "]");
    }
}
