package io.jasyncio;

import io.jasyncio.internal.RaisedAgain;
import io.jasyncio.internal.Signals;
import io.jasyncio.internal.Throw;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs coroutines on one event loop that it creates and closes: asyncio's {@code Runner}.
 * {@link Asyncio#run} is {@code try (Runner r = new Runner()) { return r.run(main); }}.
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(() -> setUp());
 *     runner.run(() -> work());   // same loop, same executor
 * }
 * }</pre>
 *
 * <p>Every main task runs in the same {@link Context}: a copy of the current one, made at the first
 * {@link #run}, so context variables set by one {@code run} are seen by the next (as in asyncio).
 *
 * <p>While {@link #run} runs on the JVM's main thread, Ctrl+C (SIGINT) cancels the main task; if the
 * main task then ends cancelled, {@code run} throws {@link KeyboardInterrupt}. A second Ctrl+C while
 * the first is being handled falls back to the JVM's default (exit).
 *
 * <p>Closing cancels the tasks still pending, waits for them to finish, waits for the default
 * executor's threads (up to five minutes, as asyncio), then closes the loop.
 */
public final class Runner implements AutoCloseable {

    private final EventLoop.Builder builder;
    private EventLoop loop;
    /** The context every main task runs in (asyncio's {@code Runner._context}), made on first run. */
    private Context context;
    private boolean closed;

    /** A runner with a default loop (real clock; debug mode from {@code -Djasyncio.debug=true}). */
    public Runner() {
        this(EventLoop.builder());
    }

    /**
     * A runner whose loop is built by {@code builder}.
     *
     * @param builder configures the loop
     */
    public Runner(EventLoop.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /**
     * The runner's loop, created on first use.
     *
     * @return the loop
     * @throws IllegalStateException if the runner is closed
     */
    public EventLoop getLoop() {
        if (closed) {
            throw new IllegalStateException("Runner is closed");
        }
        if (loop == null) {
            loop = builder.build();
        }
        return loop;
    }

    /**
     * Runs {@code main} as the main task to completion and returns its result.
     *
     * @param <T> the result type
     * @param main the coroutine
     * @return its result
     * <p>An exception of the main task comes out unchanged, its stack trace extended with this
     * thread's frames below it (the caller of {@code run}), as Python's traceback shows
     * {@code asyncio.run(main())} below the coroutine's frames.
     *
     * @throws IllegalStateException if called from a running loop ("Runner.run() cannot be called from
     *     a running event loop")
     * @throws KeyboardInterrupt if Ctrl+C cancelled the main task
     * @throws CancelledError if the main task was cancelled otherwise
     */
    public <T> T run(Coroutine<T> main) {
        return run(main, null);
    }

    /**
     * Runs {@code main} as the main task in {@code context} itself (asyncio's
     * {@code Runner.run(coro, context=ctx)}): what it sets there stays in {@code context}.
     *
     * @param <T> the result type
     * @param main the coroutine
     * @param context the context to run it in; null for the runner's own (see the class comment)
     * @return its result
     * @throws IllegalStateException if called from a running loop ("Runner.run() cannot be called from
     *     a running event loop")
     * @throws KeyboardInterrupt if Ctrl+C cancelled the main task
     * @throws CancelledError if the main task was cancelled otherwise
     */
    public <T> T run(Coroutine<T> main, Context context) {
        Objects.requireNonNull(main, "main");
        if (EventLoop.runningLoopOrNull() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        EventLoop l = getLoop();
        if (context == null) {
            if (this.context == null) {
                this.context = Context.copyContext();
            }
            context = this.context;
        }
        Task<T> task = l.createTask(main, null, context);
        boolean[] interrupted = new boolean[1];
        Signals.Registration sigint = Signals.onInterrupt(Thread.currentThread(), () -> {
            if (interrupted[0]) {
                return false; // second Ctrl+C: let the JVM's default handler exit
            }
            interrupted[0] = true;
            l.callSoonThreadsafe(() -> task.cancel("KeyboardInterrupt"));
            return true;
        });
        // An interrupt of this thread (a JUnit @Timeout, an executor's shutdownNow) cancels the main task, as
        // Ctrl+C does; the thread's interrupt status is set again when the loop stops.
        l.turn.onInterrupt = () -> task.cancel("the loop's thread was interrupted");
        try {
            return l.runUntilComplete(task);
        } catch (CancelledError e) {
            if (interrupted[0] && task.cancelled()) {
                KeyboardInterrupt ki = new KeyboardInterrupt();
                ki.initCause(e);
                throw ki;
            }
            throw e;
        } catch (RuntimeException | Error e) {
            RaisedAgain.appendCallerFrames(e);
            throw e;
        } catch (Throwable e) { // a checked exception of the main coroutine, rethrown as is
            RaisedAgain.appendCallerFrames(e);
            throw Throw.sneaky(e);
        } finally {
            sigint.close();
            l.turn.onInterrupt = null;
        }
    }

    /** {@link Asyncio#run}: {@code main} on a new loop built by {@code builder}, closed when it ends. */
    static <T> T runOnNewLoop(EventLoop.Builder builder, Coroutine<T> main) {
        if (EventLoop.runningLoopOrNull() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        try (Runner runner = new Runner(builder)) {
            return runner.run(main);
        }
    }

    /** Cancels what is left, shuts the executor down, closes the loop. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        EventLoop l = loop;
        if (l == null) {
            return;
        }
        // The cleanup must run to its end even if this thread was interrupted (run() gives an interrupt back):
        // hold the interrupt status meanwhile, and set it again afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            cancelAllTasks(l);
            l.runUntilComplete(l.shutdownDefaultExecutor(Duration.ofMinutes(5)));
        } finally {
            l.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void cancelAllTasks(EventLoop l) {
        List<Task<?>> pending = l.allTasks();
        if (pending.isEmpty()) {
            return;
        }
        for (Task<?> t : pending) {
            t.cancel();
        }
        Future<List<Object>> all = GatheringFuture.of(l, pending, true);
        l.runUntilComplete(all);
        for (Task<?> t : pending) {
            if (!t.cancelled() && t.exception() != null) {
                l.callExceptionHandler(new ErrorContext("unhandled exception during Asyncio.run() shutdown",
                        t.exception(), t, null));
            }
        }
    }
}
