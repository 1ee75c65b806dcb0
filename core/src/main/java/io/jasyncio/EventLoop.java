package io.jasyncio;

import io.jasyncio.internal.Kernel;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event loop: one platform thread that runs ready callbacks and task steps one at a time, fires
 * timers, and waits for I/O and for work handed over by other threads. Python's asyncio event loop.
 *
 * <h2>How it runs</h2>
 * Each turn ({@code runOnce}, CPython's {@code _run_once}) moves work handed over by other threads
 * into the ready queue, waits if there is nothing ready (until the next timer, an I/O event or a
 * wake-up), moves due timers into the ready queue, then runs exactly the callbacks that were ready at
 * that point, in FIFO order; what they schedule runs in the next turn. Timers with equal deadlines run
 * in the order they were scheduled. Tasks are virtual threads whose scheduler is this loop
 * (docs/adr/0001-engine.md): a task that parks gives the thread back to the loop, and when it is
 * unparked its continuation joins the tail of the ready queue like any callback.
 *
 * <h2>Threads</h2>
 * Everything here is loop-confined (call it from the loop's thread: a callback or a task) except
 * {@link #callSoonThreadsafe}, {@link #isRunning()}, {@link #isClosed()} and {@link #time()}.
 *
 * <h2>States</h2>
 * created &rarr; running ({@code runForever}/{@code runUntilComplete}) &rarr; stopped &rarr; ...
 * &rarr; closed. A closed loop cannot run again.
 */
public final class EventLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    /** The loop whose thread this is, while it runs; tasks find their loop through their task. */
    static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();

    static {
        Kernel.install(new KernelAccessImpl()); // the leaves' one way into the kernel
    }

    final int id = LOOP_IDS.incrementAndGet();
    private final Thread.Builder.OfVirtual threads;
    /** Runs the turns, and holds their state: the ready queue, timers, inbox, I/O driver ({@link LoopTurn}). */
    final LoopTurn turn = new LoopTurn(this);
    private final long origin = System.nanoTime();
    final VirtualClock virtualClock;

    volatile Thread thread;
    private volatile boolean closed;
    /** How the loop waits: selector or park, and the coalesced wake-up (owned by {@link #turn}). */
    final IoDriver io = turn.io;
    /** Debug mode (asyncio's): wrong-thread checks, creation sites, the debugging tools' monitor. */
    boolean debug;
    private long timerSeq;
    private ExceptionHandler exceptionHandler;
    private final DefaultExecutor executor = new DefaultExecutor(this);
    /** The loop thread's current-context slot while it runs: callbacks swap their context in here. */
    Context.Slot contextSlot;
    /** Loop-locals and close hooks of the leaf packages (e.g. the child processes). */
    final LoopResources resources = new LoopResources();

    // Pending tasks, as an intrusive doubly linked list: the loop's strong references to them.
    final TaskList tasks = new TaskList();
    long taskNumbers;

    /** The exceptions set on futures of this loop, until retrieved or reported. */
    final UnretrievedExceptions unretrieved;

    private EventLoop(Builder b) {
        this.virtualClock = b.clock;
        this.debug = b.debug;
        this.unretrieved = new UnretrievedExceptions(b.trackUnretrieved);
        this.threads = Engine.CURRENT.builder(turn);
        turn.monitor = DebugTools.attach(this, debug); // registers it for ./jasyncio ps; a monitor in debug mode
    }

    /**
     * Creates a loop on the real monotonic clock: asyncio's {@code new_event_loop()}.
     *
     * @return a new loop, not running
     */
    public static EventLoop newEventLoop() {
        return new Builder().build();
    }

    /**
     * Starts configuring a loop.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for a new loop. */
    public static final class Builder {
        private VirtualClock clock;
        private boolean debug = Boolean.getBoolean("jasyncio.debug") || DebugTools.fromEnvironment();
        private boolean trackUnretrieved;

        private Builder() {
        }

        /**
         * Runs the loop on virtual time (see {@link VirtualClock}).
         *
         * @param clock the clock, or null for real time
         * @return this builder
         */
        public Builder virtualClock(VirtualClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Debug mode (asyncio's): tasks record where they were created, loop-only calls from another
         * thread fail, and with jasyncio-debug present a watchdog reports a blocked loop while it is
         * blocked, slow callbacks are logged and the loop's metrics kept (docs/debugging.md). Defaults
         * to the system property {@code jasyncio.debug} or the environment variable
         * {@code JASYNCIO_DEBUG} (asyncio's {@code PYTHONASYNCIODEBUG}: any value but empty, 0 or false).
         *
         * @param debug whether debug mode is on
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Keeps a record of every exception set on a future of this loop so that
         * {@link EventLoop#unretrievedExceptions()} can list those nobody retrieved: test loops use it to
         * fail a test deterministically instead of waiting for the garbage collector.
         *
         * @param track whether to keep the records
         * @return this builder
         */
        public Builder trackUnretrievedExceptions(boolean track) {
            this.trackUnretrieved = track;
            return this;
        }

        /**
         * Creates the loop.
         *
         * @return a new loop, not running
         */
        public EventLoop build() {
            return new EventLoop(this);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Finding the running loop

    /**
     * The loop running the current task or callback: asyncio's {@code get_running_loop()}.
     *
     * @return the running loop
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static EventLoop getRunningLoop() {
        EventLoop loop = runningLoopOrNull();
        if (loop == null) {
            throw new IllegalStateException("no running event loop: getRunningLoop() must be called from a task "
                    + "(inside Asyncio.run or a task of a running loop) or a callback of a running loop");
        }
        return loop;
    }

    static EventLoop runningLoopOrNull() {
        Task<?> t = Task.currentOrNull();
        return t != null ? t.loop : RUNNING.get();
    }

    /** Whether the caller runs on this loop's thread: in a callback or in one of its tasks. */
    boolean inLoop() {
        Thread ct = Thread.currentThread();
        if (ct == thread) {
            return true;
        }
        Task<?> t = Task.currentOrNull();
        return t != null && t.loop == this;
    }

    // ------------------------------------------------------------------------------------------
    // Scheduling

    /**
     * Schedules {@code callback} to run in the next turn, after the callbacks already ready. It runs
     * in a copy of the current {@link Context}, as in asyncio.
     *
     * @param callback what to run; an exception it throws goes to the exception handler
     * @return a handle that can cancel it
     */
    public Handle callSoon(Runnable callback) {
        return callSoonIn(callback, Context.captureOrNull());
    }

    /**
     * Schedules {@code callback} like {@link #callSoon(Runnable)}, to run in {@code context} itself:
     * asyncio's {@code call_soon(callback, context=ctx)}. What the callback sets stays in
     * {@code context}.
     *
     * @param callback what to run
     * @param context the context to run it in; if it is entered when the callback is due, the
     *     callback does not run and the loop's exception handler gets the error
     * @return a handle that can cancel it
     */
    public Handle callSoon(Runnable callback, Context context) {
        return callSoonIn(callback, Objects.requireNonNull(context, "context"));
    }

    /** {@link #callSoon} in {@code context}, or in a fresh empty context if it is null. */
    Handle callSoonIn(Runnable callback, Context context) {
        checkClosed();
        Handle h = new Handle(Objects.requireNonNull(callback, "callback"), context);
        if (debug) {
            DebugTools.checkThread(this, "callSoon");
        }
        turn.ready.addLast(h);
        return h;
    }

    /**
     * Schedules {@code callback} from any thread and wakes the loop if it is waiting. The only
     * scheduling method that is safe to call from other threads. The callback runs in a copy of the
     * calling thread's current {@link Context}.
     *
     * <p>A callback still waiting when the loop is closed never runs: {@link #close()} drops it.
     *
     * @param callback what to run on the loop thread
     * @return a handle; cancel it from the loop thread only
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        return callSoonThreadsafeIn(callback, Context.captureOrNull());
    }

    /**
     * {@link #callSoonThreadsafe(Runnable)} running the callback in {@code context} itself.
     *
     * @param callback what to run on the loop thread
     * @param context the context to run it in
     * @return a handle; cancel it from the loop thread only
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        return callSoonThreadsafeIn(callback, Objects.requireNonNull(context, "context"));
    }

    private Handle callSoonThreadsafeIn(Runnable callback, Context context) {
        checkClosed();
        Handle h = new Handle(Objects.requireNonNull(callback, "callback"), context);
        turn.inbox.offer(h);
        wakeup();
        return h;
    }

    /**
     * Schedules {@code callback} to run after {@code delaySeconds} of loop time, in a copy of the
     * current {@link Context}.
     *
     * @param delaySeconds the delay in seconds; zero or negative means "at the next timer check"
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalArgumentException if the delay is NaN
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        return callLaterNanos(Nanos.toNanos(delaySeconds), callback, Context.captureOrNull());
    }

    /**
     * {@link #callLater(double, Runnable)} running the callback in {@code context} itself.
     *
     * @param delaySeconds the delay in seconds
     * @param callback what to run
     * @param context the context to run it in
     * @return a handle that can cancel it
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback, Context context) {
        return callLaterNanos(Nanos.toNanos(delaySeconds), callback, Objects.requireNonNull(context, "context"));
    }

    /**
     * Schedules {@code callback} to run after {@code delay} of loop time.
     *
     * @param delay the delay
     * @param callback what to run
     * @return a handle that can cancel it
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callLaterNanos(delay.toNanos(), callback, Context.captureOrNull());
    }

    /**
     * Schedules {@code callback} to run at loop time {@code when} (on the {@link #time()} scale), in a
     * copy of the current {@link Context}.
     *
     * @param when the loop time in seconds
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public TimerHandle callAt(double when, Runnable callback) {
        return scheduleAt(when, callback, Context.captureOrNull());
    }

    /**
     * {@link #callAt(double, Runnable)} running the callback in {@code context} itself.
     *
     * @param when the loop time in seconds
     * @param callback what to run
     * @param context the context to run it in
     * @return a handle that can cancel it
     */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        return scheduleAt(when, callback, Objects.requireNonNull(context, "context"));
    }

    /** A timer for the engine's own wake-ups (a task's sleep) {@code delay} nanoseconds from now; no context. */
    TimerHandle callLaterNanos(long delay, Runnable callback) {
        return callLaterNanos(delay, callback, null);
    }

    private TimerHandle callLaterNanos(long delay, Runnable callback, Context context) {
        return schedule(Nanos.saturatedAdd(nanoTime(), delay), delay, callback, context);
    }

    /**
     * Queues a timer due at loop time {@code when} (nanoseconds). A relative timer passes its
     * {@code delay}, so that it can share the chain of earlier timers with that delay (see
     * {@link TimerQueue}); an absolute one passes {@link TimerQueue#NO_CHAIN}. Package-private for tests.
     */
    TimerHandle schedule(long when, long delay, Runnable callback, Context context) {
        checkSchedulable();
        TimerHandle h = new TimerHandle(this, when, timerSeq++, Objects.requireNonNull(callback, "callback"), context);
        turn.timers.add(h, delay);
        return h;
    }

    /** {@link #callAt}: a timer whose {@link TimerHandle#when()} is exactly {@code when}, as in asyncio. */
    private TimerHandle scheduleAt(double when, Runnable callback, Context context) {
        long nanos = Nanos.toNanos(when);
        checkSchedulable();
        TimerHandle h = new TimerHandle.At(this, nanos, timerSeq++, Objects.requireNonNull(callback, "callback"),
                context, when);
        turn.timers.add(h, TimerQueue.NO_CHAIN);
        return h;
    }

    private void checkSchedulable() {
        checkClosed();
        if (debug) {
            DebugTools.checkThread(this, "callAt");
        }
    }

    /** A timer of this loop, still in its queue, was cancelled. */
    void timerCancelled() {
        turn.timers.cancelled();
    }

    /** The number of timers in the queue, cancelled ones not yet dropped included; for tests. */
    int timerCount() {
        return turn.timers.size();
    }

    /**
     * The loop's monotonic time, in seconds: the clock that {@link #callAt} and timeouts use.
     * A loop built with a {@link VirtualClock} returns virtual time.
     *
     * @return seconds since an arbitrary origin
     */
    public double time() {
        return nanoTime() / 1e9;
    }

    long nanoTime() {
        VirtualClock vc = virtualClock;
        return vc == null ? System.nanoTime() - origin : vc.nanos();
    }

    /**
     * Queues the wake-up of a task whose awaited future completed, at the tail of the ready queue,
     * where asyncio queues its {@code Task.__wakeup}. When the loop reaches it, {@link #resume} runs
     * the task's continuation inline: unparking from the loop thread (not from inside another task)
     * spares the JDK's pinning around the submit and a second trip through the ready queue.
     */
    void scheduleWakeup(Task.Binding b) {
        turn.ready.addLast(b);
    }

    Thread loopThread() {
        return thread;
    }

    /**
     * The engine that runs tasks in this JVM: {@code "virtual-thread-on-loop"} (the main engine) or
     * {@code "baton-fallback"} (when {@code java.lang} is not opened to jasyncio; see docs/guide.md, "Two engines").
     *
     * @return the engine's name
     */
    public static String engineName() {
        return Engine.CURRENT.name();
    }

    /**
     * How loops of this JVM wait for I/O: {@code "epoll"} (Linux's epoll and the channels' descriptors, through
     * the FFM API) or {@code "nio"} (the JDK's selector: other systems, the fallback engine, or a JVM started
     * without {@code --enable-native-access=ALL-UNNAMED} and {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED};
     * see docs/adr/0025-epoll-backend.md).
     *
     * @return the backend's name
     */
    public static String ioBackendName() {
        return IoDriver.backend();
    }

    /** Wakes the loop if it is waiting or about to wait; coalesced (see {@link IoDriver}). */
    void wakeup() {
        io.wakeup();
    }

    // ------------------------------------------------------------------------------------------
    // Running

    /**
     * Runs the loop until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is closed or already running, if another loop runs
     *     on this thread, or if called from a virtual thread (a loop needs a platform thread)
     */
    public void runForever() {
        checkClosed();
        turn.runForever();
    }

    /**
     * Runs the loop until {@code future} is done and returns its result: asyncio's
     * {@code run_until_complete}. A coroutine is wrapped in a task first.
     *
     * @param <T> the result type
     * @param main a future, a task, or a coroutine
     * @return the result
     * @throws IllegalStateException if the loop was stopped before the future completed, or
     *     cannot run (see {@link #runForever()})
     */
    public <T> T runUntilComplete(Coroutine<T> main) {
        checkClosed();
        return turn.runUntilComplete(main instanceof Future<T> f ? f : createTask(main));
    }

    /**
     * Asks the loop to stop: it finishes the current turn and returns from {@link #runForever()}.
     * Loop-confined; from another thread use {@code callSoonThreadsafe(loop::stop)}.
     */
    public void stop() {
        turn.stopping = true;
    }

    /** {@return whether the loop is running: true between the start and the end of {@code runForever}} */
    public boolean isRunning() {
        return thread != null;
    }

    /** {@return whether {@link #close()} was called: true once closed} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop: reports to the exception handler each exception of its futures and tasks that
     * nobody retrieved ("Task exception was never retrieved") and each task still pending ("Task was
     * destroyed but it is pending!"), drops pending callbacks, shuts the default executor down
     * (without waiting) and releases the selector. Close hooks run first: child processes of {@code Subprocess} still running are terminated,
     * and killed if they outlive a grace period of one second: the close waits for that (see
     * {@code AsyncProcess}). Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (thread != null) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        reportLeftovers();
        closed = true;
        resources.release(this); // close hooks: e.g. no leaked child processes (their pipe threads see `closed`)
        executor.shutdownNow();
        turn.dropAll();
    }

    /**
     * Runs {@code fn} on {@code executor} and returns a future of its result at once, without awaiting
     * it: asyncio's {@code loop.run_in_executor(executor, fn)}. The future can be awaited later,
     * passed to {@code gather}, or cancelled: that stops the work if it has not started, and
     * interrupts its thread if it has. {@link Asyncio#runInExecutor} is the awaiting form.
     *
     * @param <T> the result type
     * @param executor the executor, or null for the loop's default one (as {@code toThread})
     * @param fn the blocking function
     * @return a future of its result (an exception {@code fn} throws is the future's exception)
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Future<T> runInExecutor(java.util.concurrent.Executor executor, java.util.concurrent.Callable<T> fn) {
        checkClosed();
        return ThreadBridge.runInExecutorFuture(this, executor, fn);
    }

    /**
     * At close: what asyncio reports when the garbage collector finds a future whose exception nobody
     * retrieved, or a task still pending. CPython finds them at once (reference counting); here the
     * collector may take long, so the loop reports them when it closes, i.e. when {@code run()} ends.
     */
    private void reportLeftovers() {
        for (Task<?> t : tasks.snapshot()) {
            callExceptionHandler(new ErrorContext("Task was destroyed but it is pending!", null, t, null,
                    t.creationStack() == null ? java.util.Map.of()
                            : java.util.Map.of("source_traceback", List.of(t.creationStack()))));
        }
        unretrieved.reportOutstanding();
    }

    /**
     * How much work is ready to run now: callbacks and task steps in the ready queue, work handed over
     * by other threads, and timers already due. For tests and diagnostics; loop-confined.
     *
     * @return the number of ready items (0 means every task is blocked)
     */
    public int readyCount() {
        return turn.readyCount();
    }

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Futures and tasks

    /**
     * Creates a pending future attached to this loop.
     *
     * @param <T> the result type
     * @return a new future
     */
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /**
     * Wraps {@code coro} in a task scheduled to start in the next turn.
     *
     * @param <T> the result type
     * @param coro the coroutine
     * @return the task
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null, null);
    }

    /**
     * Wraps {@code coro} in a named task scheduled to start in the next turn. The task runs in a copy
     * of the current {@link Context}.
     *
     * @param <T> the result type
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @return the task
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * Wraps {@code coro} in a named task that runs in {@code context}: asyncio's
     * {@code create_task(coro, name=..., context=...)}. The task's {@link ContextVar#set}s change
     * {@code context} itself; tasks given the same context share its values.
     *
     * @param <T> the result type
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @param context the context to run in, or null for a copy of the current one
     * @return the task
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return createTask(coro, name, context, false);
    }

    /**
     * Wraps {@code coro} in a task, started eagerly if {@code eagerStart}: asyncio's
     * {@code create_task(coro, eager_start=True)} (Python 3.14; {@code eager_task_factory} since 3.12). Called
     * from a callback running on the loop's thread (a protocol's {@code dataReceived}, a {@code callSoon}
     * callback), an eager task's first step runs at once, inside this call, up to its first suspension or its
     * end: a coroutine that does not suspend is done when this returns, without waiting for the next turn,
     * and what it schedules runs after the callback's other work, as usual. Called from a task (whose own
     * step occupies the loop's thread: one step cannot run inside another here), from another thread, or on
     * the fallback engine, the task is scheduled as {@link #createTask(Coroutine, String, Context)} does.
     *
     * <p>What the eager step raises is the task's outcome, as for any task; it never reaches the caller.
     *
     * @param <T> the result type
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @param context the context to run in, or null for a copy of the current one
     * @param eagerStart whether to run the first step at once when called from a callback on the loop's thread
     * @return the task (done already if its eager step ran to the end)
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context context, boolean eagerStart) {
        checkClosed();
        Objects.requireNonNull(coro, "coro");
        if (coro instanceof Future<?>) {
            throw new IllegalArgumentException("a coroutine was expected, got a " + coro.getClass().getSimpleName()
                    + " (it already runs; await it instead)");
        }
        if (debug) {
            DebugTools.checkThread(this, "createTask");
        }
        Task<T> t = new Task<>(this, coro, name, context);
        register(t);
        if (eagerStart) {
            Engine.CURRENT.startEagerly(turn, t);
        } else {
            t.start();
        }
        return t;
    }

    Thread newTaskThread(Runnable body) {
        return threads.unstarted(body);
    }

    private void register(Task<?> t) {
        tasks.add(t);
    }

    void unregister(Task<?> t) {
        tasks.remove(t);
    }

    /**
     * The tasks of this loop that are not done yet: asyncio's {@code all_tasks(loop)}.
     *
     * @return a snapshot, newest first
     */
    public List<Task<?>> allTasks() {
        return tasks.snapshot();
    }

    /**
     * The exceptions set on futures and tasks of this loop that nobody retrieved (with
     * {@code result()}, {@code exception()} or by awaiting). Only available on loops built with
     * {@link Builder#trackUnretrievedExceptions(boolean)}.
     *
     * @return the unretrieved errors, oldest first
     * @throws IllegalStateException if tracking is off
     */
    public List<ErrorContext> unretrievedExceptions() {
        return unretrieved.list();
    }

    // ------------------------------------------------------------------------------------------
    // Threads

    /**
     * The loop's default executor: a pool of platform daemon threads (at most min(32, cores + 4),
     * as asyncio), created on first use. {@link Asyncio#toThread} runs its work here.
     *
     * @return the executor
     */
    public ExecutorService defaultExecutor() {
        checkClosed();
        return executor.get();
    }

    /**
     * Shuts the default executor down and returns a future that completes when its threads have
     * finished their work (asyncio's {@code shutdown_default_executor}); {@link Runner} awaits it.
     *
     * @param timeout how long to wait for running work; after that the future completes anyway
     * @return a future completed on this loop when the executor has terminated or the wait timed out
     */
    public Future<Void> shutdownDefaultExecutor(Duration timeout) {
        return executor.shutdown(timeout);
    }

    // ------------------------------------------------------------------------------------------
    // Errors

    /** Handles errors nobody else could: asyncio's loop exception handler. */
    @FunctionalInterface
    public interface ExceptionHandler {
        /**
         * Called on the loop thread (or, for errors found after the loop closed, on the thread that
         * found them).
         *
         * @param loop the loop
         * @param context what happened
         */
        void handle(EventLoop loop, ErrorContext context);
    }

    /**
     * Sets the exception handler; null restores the default, which logs to the {@code io.jasyncio}
     * {@link System.Logger} at ERROR level.
     *
     * @param handler the handler, or null
     */
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    /** {@return the exception handler set with {@link #setExceptionHandler}, or null for the default} */
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    /**
     * Reports an error to the exception handler. A handler that throws is itself reported to the
     * default handler, never lost.
     *
     * @param context what happened
     */
    public void callExceptionHandler(ErrorContext context) {
        ExceptionHandler h = exceptionHandler;
        if (h == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            h.handle(this, context);
        } catch (Throwable t) {
            defaultExceptionHandler(new ErrorContext("Unhandled error in exception handler", t, null, null));
            defaultExceptionHandler(context);
        }
    }

    /**
     * The default handler: logs the message, the future or task, and the stack trace.
     *
     * @param context what happened
     */
    public void defaultExceptionHandler(ErrorContext context) {
        LOG.log(System.Logger.Level.ERROR, context.describe(), context.exception());
    }

    /** {@return whether debug mode is on} */
    public boolean getDebug() {
        return debug;
    }

    /**
     * Turns debug mode on or off (see {@link Builder#debug}). Turning it on attaches jasyncio-debug's
     * monitor if the loop has none yet. Call it before the loop runs or from the loop's thread.
     *
     * @param debug the new flag
     */
    public void setDebug(boolean debug) {
        this.debug = debug;
        if (debug && turn.monitor == null) {
            turn.monitor = DebugTools.attach(this, true);
        }
    }

    /** Pending tasks (for the debugging tools). */
    int taskCount() {
        return tasks.size();
    }

    @Override
    public String toString() {
        return "EventLoop-" + id + "[" + (closed ? "closed" : isRunning() ? "running" : "idle")
                + ", ready=" + turn.ready.size() + ", timers=" + turn.timers.size() + ", tasks=" + tasks.size() + "]";
    }
}
