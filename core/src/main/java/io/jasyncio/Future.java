package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The outcome of an operation that completes later, on one event loop: asyncio's {@code Future}.
 *
 * <h2>States</h2>
 * <table>
 * <caption>Future states</caption>
 * <tr><th>state</th><th>entered by</th><th>{@code result()}</th></tr>
 * <tr><td>pending</td><td>creation</td><td>throws {@link InvalidStateError}</td></tr>
 * <tr><td>finished</td><td>{@link #setResult} / {@link #setException}</td><td>the value, or throws the exception</td></tr>
 * <tr><td>cancelled</td><td>{@link #cancel(String)}</td><td>throws {@link CancelledError}</td></tr>
 * </table>
 * A done future never changes again. Done callbacks are scheduled with {@link EventLoop#callSoon} when
 * it completes, in the order they were added.
 *
 * <h2>Awaiting</h2>
 * A future is a {@link Coroutine}: {@link #call()} (or {@code Asyncio.await(future)}) suspends the
 * current task until the future is done and returns its result or throws its exception. Called from a
 * thread that is not a task (and not the loop's thread), it blocks that thread instead, without
 * blocking the loop.
 *
 * <h2>Threads</h2>
 * Not thread-safe, as in asyncio: use it on its loop's thread. From other threads use
 * {@link #toCompletableFuture()}, or {@link EventLoop#callSoonThreadsafe} to complete it.
 *
 * <p>An exception set on a future that nobody retrieves ({@code result()}, {@code exception()} or an
 * await) is reported to the loop's exception handler ("Future exception was never retrieved", or
 * "Task ..." for a task) when the future is garbage collected, or when the loop closes if that comes
 * first.
 *
 * @param <T> the result type
 */
public class Future<T> implements Coroutine<T> {

    static final byte PENDING = 0;
    static final byte FINISHED = 1;
    static final byte CANCELLED = 2;

    /** Internal completion listeners run synchronously at completion, on the loop thread. */
    interface Listener {
        void onDone(Future<?> f);
    }

    final EventLoop loop;
    byte state;
    private Object result;
    private Throwable exception;
    private String cancelMessage;
    private CancelledError cancelledCause;
    /** null, one callback, or an ArrayList of them (Listener: run now; Consumer: callSoon). */
    private Object callbacks;
    private ExceptionLog log;
    /** Scratch mark used by {@link GatheringFuture#of} to dedupe its arguments; null otherwise. */
    Future<?> gatherMark;

    /**
     * A pending future of {@code loop}, for subclasses (asyncio's {@code Future(loop=loop)}); other code uses
     * {@link EventLoop#createFuture()}.
     *
     * @param loop the loop whose thread completes it and runs its callbacks
     */
    protected Future(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The loop this future belongs to.
     *
     * @return the loop
     */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * Whether the future is done: finished with a result or an exception, or cancelled.
     *
     * @return true once done
     */
    public final boolean done() {
        return state != PENDING;
    }

    /**
     * Whether the future was cancelled.
     *
     * @return true if cancelled
     */
    public final boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * The result. Marks an exception as retrieved.
     *
     * @return the value set with {@link #setResult}
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if it is not done yet
     * @throws RuntimeException (or any throwable, checked or not) the exception it finished with, unchanged
     */
    public T result() {
        if (state == FINISHED) {
            Throwable e = exception;
            if (e == null) {
                @SuppressWarnings("unchecked")
                T r = (T) result;
                return r;
            }
            markRetrieved();
            throw Throw.sneaky(e);
        }
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        throw new InvalidStateError("Result is not set.");
    }

    /**
     * The exception the future finished with, or null if it finished with a result. Marks it retrieved.
     *
     * @return the exception, or null
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if it is not done yet
     */
    public Throwable exception() {
        if (state == FINISHED) {
            markRetrieved();
            return exception;
        }
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        throw new InvalidStateError("Exception is not set.");
    }

    /**
     * Completes the future with a value and schedules its callbacks.
     *
     * @param value the result (may be null)
     * @throws InvalidStateError if the future is already done
     */
    public void setResult(T value) {
        if (loop.debug) {
            DebugTools.checkThread(loop, "Future.setResult");
        }
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + this);
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    /**
     * Completes the future with an exception and schedules its callbacks.
     *
     * @param error the exception; a {@link CancelledError} is allowed and makes awaiting tasks cancel
     * @throws InvalidStateError if the future is already done
     * @throws NullPointerException if {@code error} is null
     */
    public void setException(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (loop.debug) {
            DebugTools.checkThread(loop, "Future.setException");
        }
        if (state != PENDING) {
            throw new InvalidStateError("invalid state: " + this);
        }
        exception = error;
        state = FINISHED;
        logUnretrieved(error);
        scheduleCallbacks();
    }

    /**
     * Cancels the future if it is pending.
     *
     * @return true if it was cancelled by this call
     */
    public final boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future if it is pending; awaiting tasks get a {@link CancelledError} carrying
     * {@code msg}.
     *
     * @param msg the cancellation message, or null
     * @return true if it was cancelled by this call (for a task: if the cancellation was requested)
     */
    public boolean cancel(String msg) {
        if (state != PENDING) {
            return false;
        }
        cancelInternal(msg, null);
        return true;
    }

    final void cancelInternal(String msg, CancelledError cause) {
        cancelMessage = msg;
        cancelledCause = cause;
        state = CANCELLED;
        scheduleCallbacks();
    }

    /** Completion used by subclasses that already checked the state. */
    final void finish(Object value, Throwable error) {
        if (error == null) {
            result = value;
            state = FINISHED;
        } else {
            exception = error;
            state = FINISHED;
            logUnretrieved(error);
        }
        scheduleCallbacks();
    }

    CancelledError makeCancelledError() {
        CancelledError e = new CancelledError(cancelMessage);
        if (cancelledCause != null) {
            e.initCause(cancelledCause);
        }
        return e;
    }

    String cancelMessage() {
        return cancelMessage;
    }

    /**
     * Adds a callback run (with {@link EventLoop#callSoon}) when the future is done; at once (in the
     * next turn) if it already is. It runs in a copy of the {@link Context} current now, as in asyncio.
     *
     * @param fn the callback; it receives this future
     */
    public void addDoneCallback(Consumer<? super Future<T>> fn) {
        addDoneCallbackIn(fn, Context.captureOrNull());
    }

    /**
     * Adds a callback that runs in {@code context} itself when the future is done: asyncio's
     * {@code add_done_callback(fn, context=ctx)}.
     *
     * @param fn the callback; it receives this future
     * @param context the context to run it in
     */
    public void addDoneCallback(Consumer<? super Future<T>> fn, Context context) {
        addDoneCallbackIn(fn, Objects.requireNonNull(context, "context"));
    }

    private void addDoneCallbackIn(Consumer<? super Future<T>> fn, Context context) {
        Objects.requireNonNull(fn, "fn");
        if (state != PENDING) {
            loop.callSoonIn(() -> fn.accept(this), context);
        } else {
            addCallback(context == null ? fn : new InContext(fn, context));
        }
    }

    /** A done callback stored with the context it runs in (the common empty context stores none). */
    private record InContext(Consumer<?> fn, Context context) {
    }

    /**
     * Removes every registration of {@code fn}.
     *
     * @param fn the callback
     * @return how many were removed
     */
    public int removeDoneCallback(Consumer<? super Future<T>> fn) {
        return removeCallback(fn);
    }

    void addInternalListener(Listener l) {
        if (state != PENDING) {
            l.onDone(this);
        } else {
            addCallback(l);
        }
    }

    void removeInternalListener(Listener l) {
        removeCallback(l);
    }

    @SuppressWarnings("unchecked")
    private void addCallback(Object cb) {
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = cb;
        } else if (cbs instanceof ArrayList<?> list) {
            ((ArrayList<Object>) list).add(cb);
        } else {
            ArrayList<Object> list = new ArrayList<>(4);
            list.add(cbs);
            list.add(cb);
            callbacks = list;
        }
    }

    private int removeCallback(Object cb) {
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (cbs instanceof ArrayList<?> list) {
            int before = list.size();
            list.removeIf(x -> isCallback(x, cb));
            return before - list.size();
        }
        if (isCallback(cbs, cb)) {
            callbacks = null;
            return 1;
        }
        return 0;
    }

    private static boolean isCallback(Object stored, Object cb) {
        return stored.equals(cb) || stored instanceof InContext ic && ic.fn.equals(cb);
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof ArrayList<?> list) {
            for (Object cb : list) {
                dispatch(cb);
            }
        } else {
            dispatch(cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(Object cb) {
        if (cb instanceof Listener l) {
            l.onDone(this);
        } else if (cb instanceof InContext ic) {
            Consumer<? super Future<T>> fn = (Consumer<? super Future<T>>) ic.fn;
            loop.callSoonIn(() -> fn.accept(this), ic.context);
        } else {
            Consumer<? super Future<T>> fn = (Consumer<? super Future<T>>) cb;
            loop.callSoonIn(() -> fn.accept(this), null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Awaiting

    /**
     * Awaits the future: suspends the current task until it is done, then returns its result.
     * From a thread that is not a task, blocks that thread (never the loop's thread).
     *
     * <p>Cancel safety: if the awaiting task is cancelled, this future is cancelled too (as asyncio
     * does) and {@link CancelledError} is thrown. Use {@link Asyncio#shield} to protect it.
     *
     * @return the result
     * @throws CancelledError if the future or the awaiting task was cancelled
     * @throws IllegalStateException if called on the loop's thread outside a task, or from a task of
     *     another loop
     */
    @Override
    public T call() {
        if (state != PENDING) {
            return result();
        }
        Task<?> t = Task.currentOrNull();
        if (t == null) {
            return blockingAwait();
        }
        if (t.loop != loop) {
            throw new IllegalStateException("Task " + t + " got Future " + this + " attached to a different loop");
        }
        if (t == this) {
            throw new IllegalStateException("Task cannot await on itself: " + t);
        }
        t.waitFor(this);
        if (exception != null && this instanceof Task<?>) {
            // Made on the awaited task's thread: record where it is awaited, as Python's traceback shows.
            io.jasyncio.internal.RaisedAgain.record(exception, "awaited in " + t);
        }
        return result();
    }

    private T blockingAwait() {
        if (loop.inLoop()) {
            throw new IllegalStateException("cannot await " + this + " on the event loop's thread outside a task: "
                    + "it would block the loop (create a task, or add a done callback)");
        }
        CountDownLatch latch = new CountDownLatch(1);
        loop.callSoonThreadsafe(() -> addInternalListener(f -> latch.countDown()));
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledError("interrupted while waiting for " + this);
        }
        return result();
    }

    /**
     * A {@link CompletableFuture} view, safe to use from any thread: it completes when this future
     * does (cancellation becomes {@link CancellationException}); cancelling it cancels this future.
     *
     * @return a new completable future
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        if (loop.inLoop()) {
            bridgeTo(cf);
        } else {
            loop.callSoonThreadsafe(() -> bridgeTo(cf));
        }
        return cf;
    }

    /**
     * On the loop's thread: completes {@code cf} when this future is done, and cancels this future
     * (from whichever thread cancels {@code cf}) when {@code cf} is cancelled first.
     */
    final void bridgeTo(CompletableFuture<T> cf) {
        addInternalListener(f -> {
            if (state == CANCELLED) {
                cf.cancel(false);
            } else if (exception != null) {
                markRetrieved();
                cf.completeExceptionally(exception);
            } else {
                @SuppressWarnings("unchecked")
                T r = (T) result;
                cf.complete(r);
            }
        });
        cf.whenComplete((v, e) -> {
            if (e instanceof CancellationException && !loop.isClosed()) {
                try {
                    loop.callSoonThreadsafe(this::cancel);
                } catch (IllegalStateException closed) {
                    // The loop closed meanwhile: nothing left to cancel.
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------------
    // Unretrieved exceptions

    /**
     * The record of an exception set on a future, reported if nobody retrieves it. It does not refer
     * to the future, so that a {@link java.lang.ref.Cleaner} can run it once the future is unreachable
     * ({@link UnretrievedExceptions}).
     */
    static final class ExceptionLog implements Runnable {
        private final EventLoop loop;
        private final Throwable error;
        private final String message;
        private final String repr;
        private final StackTraceElement[] createdAt;
        /** The future itself on a tracking loop, else a weak reference (the future must stay collectable). */
        private final Object future;
        volatile boolean retrieved;
        /** Reported already (by the loop's close or by the cleaner): never twice. */
        volatile boolean reported;

        ExceptionLog(Future<?> f, Throwable error, StackTraceElement[] createdAt) {
            this.loop = f.loop;
            this.error = error;
            this.message = (f instanceof Task<?> ? "Task" : "Future") + " exception was never retrieved";
            this.repr = f.toString();
            this.createdAt = createdAt;
            this.future = loop.unretrieved.tracking ? f : new java.lang.ref.WeakReference<Future<?>>(f);
        }

        /** asyncio's context: message, exception, future; the creation stack as source_traceback. */
        ErrorContext context() {
            Future<?> f = future instanceof java.lang.ref.WeakReference<?> w ? (Future<?>) w.get() : (Future<?>) future;
            java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>();
            if (f == null) {
                extra.put("future_repr", repr); // collected: what it was
            }
            if (createdAt != null) {
                extra.put("source_traceback", java.util.List.of(createdAt));
            }
            return new ErrorContext(message, error, f, null, extra);
        }

        /** Reports it now, unless it was retrieved or reported already. Loop-confined. */
        void report() {
            loop.unretrieved.forget(this);
            if (!retrieved && !reported) {
                reported = true;
                loop.callExceptionHandler(context());
            }
        }

        /** The cleaner's action, once the future is unreachable: report on the loop's thread. */
        @Override
        public void run() {
            if (retrieved) {
                return;
            }
            try {
                loop.callSoonThreadsafe(this::report);
            } catch (IllegalStateException closed) {
                // The loop's close reported what was outstanding then; a failure set after the close
                // (by code still holding a future) is reported here, on the cleaner's thread.
                if (!reported) {
                    reported = true;
                    loop.callExceptionHandler(context());
                }
            }
        }
    }

    private void logUnretrieved(Throwable error) {
        if (error instanceof CancelledError) {
            return; // a cancellation is an outcome, not an error to report
        }
        ExceptionLog l = new ExceptionLog(this, error, this instanceof Task<?> t ? t.creationStack() : null);
        log = l;
        loop.unretrieved.add(this, l);
    }

    final void markRetrieved() {
        ExceptionLog l = log;
        if (l != null && !l.retrieved) {
            l.retrieved = true;
            loop.unretrieved.forget(l);
        }
    }

    String describe() {
        return toString();
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled";
            default -> exception != null ? "finished exception=" + exception : "finished result=" + io.jasyncio.internal.Repr.abbreviate(result);
        };
        return "<" + getClass().getSimpleName() + " " + s + ">";
    }
}
