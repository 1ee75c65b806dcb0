package io.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon}; cancel it to keep it
 * from running. Not thread-safe: cancel on the loop's thread (from another thread, cancel through
 * {@link EventLoop#callSoonThreadsafe}).
 *
 * <p>The callback runs in a {@link Context}: the one given when it was scheduled, or else a copy of
 * the context current then (asyncio's {@code Handle}).
 *
 * <p>States: scheduled, then either run (once) or cancelled. Cancelling after it ran does nothing.
 */
public sealed class Handle permits TimerHandle {

    Runnable callback;
    /** The context the callback runs in; null for a fresh empty one (see {@link Context#captureOrNull}). */
    private final Context context;
    private boolean cancelled;

    Handle(Runnable callback, Context context) {
        this.callback = callback;
        this.context = context;
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

    /**
     * Runs the callback on the loop thread, in its context (asyncio's {@code Handle._run}:
     * {@code self._context.run(self._callback)}); a failure goes to the loop's exception handler.
     */
    final void run(EventLoop loop) {
        Runnable cb = callback;
        if (cb == null) {
            return;
        }
        Context ctx = context;
        if (ctx != null) {
            try {
                ctx.enter();
            } catch (IllegalStateException e) {
                loop.callExceptionHandler(new ErrorContext("Exception in callback " + cb, e, null, this));
                return;
            }
        }
        Context.Slot slot = loop.contextSlot;
        Context prev = slot.context;
        slot.context = ctx;
        try {
            cb.run();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            loop.callExceptionHandler(new ErrorContext("Exception in callback " + cb, t, null, this));
        } finally {
            slot.context = prev;
            if (ctx != null) {
                ctx.exit();
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (cancelled ? "[cancelled]" : "[" + callback + "]");
    }
}
