package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bridges between a loop and other threads behind {@link Asyncio}: a task awaiting work of
 * another thread ({@code toThread}, {@code runInExecutor}, {@code await(CompletionStage)}), and
 * another thread running a coroutine on a loop ({@code runCoroutineThreadsafe}). What happens to the
 * outside work when the awaiting task is cancelled is a {@link ThreadCancelPolicy}
 * (docs/adr/0007-thread-work-cancellation.md).
 */
final class ThreadBridge {

    private ThreadBridge() {
    }

    // ------------------------------------------------------------------------------------------
    // A task awaiting outside work

    /** {@code await(stage)}: on cancellation, the policy decides what happens to the stage. */
    static <T> T await(CompletionStage<T> stage, ThreadCancelPolicy policy) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(policy, "policy");
        return awaitStage(stage, () -> {
            if (policy == ThreadCancelPolicy.ABANDON) {
                return;
            }
            if (stage instanceof java.util.concurrent.Future<?> f) {
                f.cancel(true);
            }
            if (policy == ThreadCancelPolicy.INTERRUPT_AND_WAIT) {
                CompletableFuture<Void> ended = new CompletableFuture<>();
                stage.whenComplete((v, e) -> ended.complete(null));
                awaitEnd(ended);
            }
        });
    }

    /** {@code toThread}: {@code fn} on the default executor, in a copy of the caller's context, awaited. */
    static <T> T toThread(Callable<T> fn, ThreadCancelPolicy policy) {
        Objects.requireNonNull(fn, "fn");
        Context ctx = Context.copyContext(); // asyncio.to_thread: functools.partial(ctx.run, func)
        return runInExecutor(null, () -> ctx.run(fn), policy);
    }

    /** {@code runInExecutor}: runs {@code fn} on {@code executor} (null: the default one) and awaits it. */
    static <T> T runInExecutor(Executor executor, Callable<T> fn, ThreadCancelPolicy policy) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(policy, "policy");
        Task<?> task = Task.currentOrThrow("toThread()");
        Executor ex = executor != null ? executor : task.loop.defaultExecutor();
        ThreadWork<T> work = new ThreadWork<>(fn);
        ex.execute(work);
        return awaitStage(work.result, () -> work.stop(policy));
    }

    /**
     * asyncio's {@code loop.run_in_executor(executor, fn)}: starts {@code fn} on the executor (the
     * loop's default one if null) and returns a future of its result at once, not awaited. Cancelling
     * the future stops the work if it has not started yet, and interrupts its thread otherwise.
     */
    static <T> Future<T> runInExecutorFuture(EventLoop loop, Executor executor, Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        Executor ex = executor != null ? executor : loop.defaultExecutor();
        ThreadWork<T> work = new ThreadWork<>(fn);
        Future<T> f = loop.createFuture();
        loop.turn.outsideWork++; // a virtual clock must not jump ahead meanwhile
        work.result.whenComplete((v, e) -> {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!f.done()) { // done: cancelled, and the mark was released then
                        loop.turn.outsideWork--;
                        if (e != null) {
                            f.setException(unwrap(e));
                        } else {
                            f.setResult(v);
                        }
                    }
                });
            } catch (IllegalStateException closed) {
                // The loop is gone: nobody waits for this result any more.
            }
        });
        f.addInternalListener(done -> {
            if (done.cancelled()) {
                loop.turn.outsideWork--;
                work.stop(ThreadCancelPolicy.INTERRUPT);
            }
        });
        ex.execute(work);
        return f;
    }

    /**
     * Parks the current task until {@code stage} completes, without blocking the loop, and returns its
     * value (a {@link CompletionException} or {@link ExecutionException} unwrapped to its cause, a
     * cancelled stage as {@link CancelledError}). If the task is cancelled while it waits, runs
     * {@code onCancel} in the task, then throws the {@link CancelledError}.
     */
    private static <T> T awaitStage(CompletionStage<T> stage, Runnable onCancel) {
        Task<?> task = Task.currentOrThrow("await(CompletionStage)");
        if (stage instanceof CompletableFuture<T> cf && cf.isDone()) {
            try {
                return cf.join();
            } catch (CompletionException | CancellationException e) {
                throw Throw.sneaky(unwrap(e));
            }
        }
        EventLoop loop = task.loop;
        Future<T> f = loop.createFuture();
        // While outside work is pending, a virtual clock must not jump ahead (see TestLoop).
        loop.turn.outsideWork++;
        stage.whenComplete((v, e) -> {
            Runnable complete = () -> {
                if (!f.done()) { // done: the task was cancelled, and released the mark then
                    loop.turn.outsideWork--;
                    if (e != null) {
                        f.setException(unwrap(e));
                    } else {
                        f.setResult(v);
                    }
                }
            };
            try {
                loop.callSoonThreadsafe(complete);
            } catch (IllegalStateException closed) {
                // The loop is gone: nobody waits for this result any more.
            }
        });
        try {
            return f.call();
        } catch (CancelledError c) {
            // f is private: only a cancellation of this task cancels it. A CancelledError with f not
            // cancelled is the stage's own cancellation, or one that came after the stage completed.
            if (f.cancelled()) {
                loop.turn.outsideWork--;
                onCancel.run();
            }
            throw c;
        }
    }

    /** Waits, in the current (cancelled) task, until {@code ended} completes; absorbs further cancellations. */
    private static void awaitEnd(CompletableFuture<?> ended) {
        while (!ended.isDone()) {
            try {
                awaitStage(ended, () -> { });
            } catch (CancelledError again) {
                // Already cancelled: the CancelledError being handled is raised once the work has ended.
            }
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancellationException) {
            CancelledError c = new CancelledError(e.getMessage());
            c.initCause(e);
            return c;
        }
        return e;
    }

    /**
     * One call of {@code toThread}/{@code runInExecutor}: the function, the worker thread running it
     * (so that a cancellation can interrupt exactly that thread, and only while it runs this work),
     * and the result.
     *
     * <p>States: queued &rarr; running &rarr; ended, or queued &rarr; stopped (never runs). The monitor
     * guards {@code worker} and {@code stopped}; the worker never blocks while holding it.
     */
    private static final class ThreadWork<T> implements Runnable {
        /** Completed by the worker after it stopped being interruptible by us, or cancelled if it never ran. */
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Callable<T> fn;
        private Thread worker;
        private boolean stopped;
        private boolean interrupted;

        ThreadWork(Callable<T> fn) {
            this.fn = fn;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (stopped) {
                    return; // the awaiting task was cancelled before the work started
                }
                worker = Thread.currentThread();
            }
            T value = null;
            Throwable error = null;
            try {
                value = fn.call();
            } catch (Throwable e) {
                error = e;
            }
            synchronized (this) {
                worker = null;
                if (interrupted) {
                    Thread.interrupted(); // our interrupt must not reach the pool's next job
                }
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }

        /** The awaiting task was cancelled (runs in that task). */
        void stop(ThreadCancelPolicy policy) {
            synchronized (this) {
                stopped = true;
                if (worker == null) {
                    result.cancel(false); // not started, so it never will; or already ended (no-op)
                    return;
                }
                if (policy != ThreadCancelPolicy.ABANDON) {
                    interrupted = true;
                    worker.interrupt();
                }
            }
            if (policy == ThreadCancelPolicy.INTERRUPT_AND_WAIT) {
                awaitEnd(result);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Another thread running a coroutine on a loop

    /** asyncio's {@code run_coroutine_threadsafe}. */
    static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        Objects.requireNonNull(coro, "coro");
        Objects.requireNonNull(loop, "loop");
        if (coro instanceof Future<?>) {
            throw new IllegalArgumentException("a coroutine was expected, got a " + coro.getClass().getSimpleName()
                    + " (it already runs on its loop; use toCompletableFuture() to wait for it)");
        }
        Submission<T> s = new Submission<>(loop, coro);
        try {
            loop.callSoonThreadsafe(s);
        } catch (IllegalStateException closed) {
            throw new IllegalStateException("runCoroutineThreadsafe(): the event loop is closed: " + loop, closed);
        }
        if (loop.isClosed()) {
            // Closed between the check above and the hand-over: close() may have missed it (see EventLoop.drop).
            s.dropped();
        }
        return s.result;
    }

    /**
     * A coroutine handed to a loop by another thread. Exactly one of {@link #run} (the loop starts
     * it) and {@link #dropped} (the loop closed first) claims it.
     */
    private static final class Submission<T> implements Runnable, LoopTurn.Droppable {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final EventLoop loop;
        private final Coroutine<T> coro;

        Submission(EventLoop loop, Coroutine<T> coro) {
            this.loop = loop;
            this.coro = coro;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true) || result.isDone()) {
                return; // dropped, or cancelled by the caller before it started: no task
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            task.bridgeTo(result);
        }

        @Override
        public void dropped() {
            if (claimed.compareAndSet(false, true)) {
                result.completeExceptionally(new IllegalStateException(
                        "runCoroutineThreadsafe(): the event loop was closed before the coroutine started: " + loop));
            }
        }
    }
}
