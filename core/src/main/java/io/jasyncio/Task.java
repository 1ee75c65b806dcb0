package io.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * A coroutine scheduled on an event loop: asyncio's {@code Task}. Create one with
 * {@link Asyncio#createTask(Coroutine)}; it starts in the next turn of the loop and runs until its
 * coroutine returns, throws, or is cancelled. A task is a {@link Future} of its coroutine's result.
 *
 * <h2>How it runs</h2>
 * The coroutine runs on a virtual thread whose scheduler is the loop (docs/adr/0001-engine.md). When
 * it awaits something that is not ready, the virtual thread parks and the loop runs other work; when
 * the awaited future completes, the thread's continuation joins the tail of the ready queue. The loop
 * keeps a strong reference to every pending task, so a task nobody references still runs to the end.
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} asks the task to stop: a {@link CancelledError} is raised inside it at its
 * next suspension point. If it is awaiting a future, that future is cancelled (so cancellation flows
 * down a chain of awaits); if it is sleeping, the sleep ends; if it is parked in a JDK blocking call
 * ({@code Thread.sleep}, a socket read), its thread is interrupted and the resulting
 * {@code InterruptedException} (or {@code ClosedByInterruptException}, or the socket's "Closed by
 * interrupt" {@code SocketException}) ends the task as cancelled. Calls that ignore interrupts
 * ({@code ReentrantLock.lock()}, {@code CompletableFuture.join()}, entering a {@code synchronized}
 * block) finish first; the cancellation is then raised at the next suspension point, or when the
 * body returns (docs/blocking.md). A task that catches the error can go on;
 * {@link #cancelling()} counts the requests and {@link #uncancel()} withdraws one, so that nested
 * timeouts and task groups stay correct when user code suppresses a cancellation (asyncio 3.11+).
 * Interrupting a task's thread from elsewhere counts as a cancellation request.
 *
 * <h2>States</h2>
 * As a future: pending &rarr; finished (result or exception) or cancelled. While pending, the task is in one
 * of the states below, given by its fields ({@code waitingOn}, {@code sleepTimer}, {@code mustCancel},
 * {@code interruptPending}) and its thread; no other combination is legal.
 * <table>
 * <caption>A pending task's internal states (kotlinx's {@code JobSupport} table, for asyncio's task)</caption>
 * <tr><th>state</th><th>fields</th><th>entered by</th><th>left by</th></tr>
 * <tr><td>scheduled</td><td>thread started, not yet run</td><td>{@code createTask}</td>
 *     <td>the loop runs its first step &rarr; running</td></tr>
 * <tr><td>running</td><td>all clear; the thread holds the loop</td><td>a step or a wake-up</td>
 *     <td>an await, a sleep, a yield, a JDK blocking call, or the body ends</td></tr>
 * <tr><td>awaiting</td><td>{@code waitingOn = f}, the thread parked</td><td>{@code waitFor(f)}</td>
 *     <td>{@code f} completes: {@code Binding.onDone} queues the wake-up &rarr; running</td></tr>
 * <tr><td>sleeping</td><td>{@code sleepTimer = h}, the thread parked</td><td>{@code sleepNanos}</td>
 *     <td>the timer fires (it runs the {@code Binding}), or {@code cancel} cancels it and queues the wake-up</td></tr>
 * <tr><td>yielding</td><td>all clear, its continuation queued</td><td>{@code sleep(0)}</td>
 *     <td>its turn in the ready queue &rarr; running</td></tr>
 * <tr><td>blocked in the JDK</td><td>all clear, the thread parked by the JDK</td>
 *     <td>{@code Thread.sleep}, a socket read...</td><td>the JDK unparks it; {@code cancel} interrupts it
 *     ({@code interruptPending = true})</td></tr>
 * <tr><td>cancel pending</td><td>{@code mustCancel = true} (any state above but awaiting)</td>
 *     <td>{@code cancel} of a task that is not awaiting a cancellable future</td>
 *     <td>the next suspension point raises {@code CancelledError} ({@code cancelledNow}, clearing
 *     {@code interruptPending} and the thread's interrupt); or {@code uncancel} down to zero drops it</td></tr>
 * </table>
 * {@code cancel} of an awaiting task cancels {@code waitingOn} instead (the cancellation flows down the await),
 * and the awaited future's completion raises it. {@code numCancelsRequested} counts requests in every state;
 * the body's end ({@code Binding.run}, then {@code bodyEnded}) moves the task to finished or cancelled and out
 * of the loop's task list.
 *
 * @param <T> the result type
 */
public final class Task<T> extends Future<T> {

    final Thread thread;
    private Coroutine<T> coro;
    final Binding binding;
    private String name;
    private final long number;
    private final Throwable creation;
    /** The thread id of the task that created this one, or -1 (created outside a task). */
    final long creatorId;

    /** The future this task is parked on in {@link #waitFor}, or null. */
    Future<?> waitingOn;
    /** The timer of the sleep this task is in, or null. */
    TimerHandle sleepTimer;
    /** A cancellation to raise at the next suspension point (asyncio's {@code _must_cancel}). */
    boolean mustCancel;
    private String pendingCancelMessage;
    /** A cancellation was requested and not yet raised in the task: its message is the one that counts. */
    private boolean cancelRequested;
    private int numCancelsRequested;
    /** This task's thread was interrupted by {@link #cancel}, and the interrupt is not yet consumed. */
    private boolean interruptPending;
    /** The innermost {@link Timeout} scope this task is in, or null; scopes link to their enclosing one. */
    Timeout timeoutScope;
    /** The task's current {@link Context}; null stands for a fresh empty one, created on first use. */
    Context context;

    /** Who holds the turn, on the fallback engine only ({@link BatonEngine}); unused on the main engine. */
    volatile int turn;

    Task<?> prevTask;
    Task<?> nextTask;

    Task(EventLoop loop, Coroutine<T> coro, String name, Context context) {
        super(loop);
        this.coro = coro;
        this.name = name;
        // asyncio: the task runs in the context given, or else in a copy of its creator's.
        this.context = context != null ? context : Context.captureOrNull();
        this.number = ++loop.taskNumbers;
        this.binding = new Binding(this);
        this.creation = loop.getDebug() ? new Throwable("task created here") : null;
        Task<?> creator = currentOrNull();
        this.creatorId = creator == null ? -1 : creator.thread.threadId(); // for task trees (ps, pstree)
        // The binding is the thread's body too (see Binding.run): no lambda object, no lambda frame under
        // every parked stack.
        Thread t = loop.newTaskThread(Engine.CURRENT.body(this, binding));
        t.setUncaughtExceptionHandler(binding);
        if (name != null) {
            t.setName(name);
        }
        this.thread = t;
    }

    void start() {
        thread.start();
        Engine.CURRENT.started(this);
    }

    /**
     * The task running on the current thread: asyncio's {@code current_task()}.
     *
     * @return the current task, or null outside a task
     */
    public static Task<?> current() {
        return currentOrNull();
    }

    static Task<?> currentOrNull() {
        Thread t = Thread.currentThread();
        // A task's thread carries its Binding as uncaught-exception handler: a field read, no lookup.
        if (t.isVirtual() && t.getUncaughtExceptionHandler() instanceof Binding b) {
            return b.task;
        }
        return null;
    }

    static Task<?> currentOrThrow(String what) {
        Task<?> t = currentOrNull();
        if (t == null) {
            throw new IllegalStateException(what + " must be called from a task (inside Asyncio.run or a task "
                    + "of a running loop); this thread is " + Thread.currentThread());
        }
        return t;
    }

    /**
     * The task's name: the one given at creation, or {@code Task-N}.
     *
     * @return the name
     */
    public String getName() {
        String n = name;
        return n != null ? n : "Task-" + number;
    }

    /**
     * Renames the task (and its thread, as seen in thread dumps).
     *
     * @param name the new name
     */
    public void setName(String name) {
        this.name = name;
        thread.setName(name);
    }

    /**
     * The virtual thread this task runs on; thread dumps and debuggers show its stack.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /** The stack where this task was created (debug mode), or null. */
    StackTraceElement[] creationStack() {
        return creation == null ? null : creation.getStackTrace();
    }

    String creationSite() {
        if (creation == null) {
            return null;
        }
        for (StackTraceElement e : creation.getStackTrace()) {
            if (!isJasyncioFrame(e)) {
                return e.toString();
            }
        }
        return null;
    }

    /** Whether a frame is jasyncio's own code (same code source as this class), not its caller's. */
    private static boolean isJasyncioFrame(StackTraceElement e) {
        if (!e.getClassName().startsWith("io.jasyncio.")) {
            return false;
        }
        try {
            Class<?> c = Class.forName(e.getClassName(), false, Task.class.getClassLoader());
            return java.util.Objects.equals(c.getProtectionDomain().getCodeSource(),
                    Task.class.getProtectionDomain().getCodeSource());
        } catch (ClassNotFoundException | LinkageError | SecurityException ex) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Running

    /** The body's end: {@code value} or {@code error} is what the coroutine gave ({@link Binding#run}). */
    @SuppressWarnings("unchecked")
    private void bodyEnded(Object result, Throwable error) {
        T value = (T) result;
        coro = null;
        loop.unregister(this);
        if (error == null) {
            if (mustCancel) {
                // Cancelled right before the coroutine returned: the task still ends cancelled (asyncio).
                mustCancel = false;
                cancelInternal(pendingCancelMessage, null);
            } else {
                finish(value, null);
            }
        } else if (error instanceof CancelledError ce) {
            cancelInternal(ce.getMessage(), ce);
        } else if ((mustCancel || interruptPending) && isInterruption(error)) {
            CancelledError ce = new CancelledError(pendingCancelMessage);
            ce.initCause(error);
            cancelInternal(pendingCancelMessage, ce);
        } else {
            finish(null, error);
        }
    }

    /**
     * Whether {@code e} (or its cause) is how the JDK reports an interrupt of a blocking call in this,
     * the current, task. A {@code java.net.Socket} or {@code ServerSocket} on a virtual thread reports
     * it as a plain {@link java.net.SocketException} ("Closed by interrupt") and leaves the interrupt
     * status set (see {@code Socket}'s Javadoc), so that one counts only while the thread is interrupted.
     */
    private static boolean isInterruption(Throwable e) {
        for (int depth = 0; e != null && depth < 3; depth++, e = e.getCause()) {
            if (e instanceof InterruptedException || e instanceof java.nio.channels.ClosedByInterruptException
                    || (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException))
                    || (e instanceof java.net.SocketException && Thread.currentThread().isInterrupted())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parks this task (the current one) until {@code f} is done. Raises a pending cancellation first
     * by cancelling {@code f}, as asyncio's {@code Task.__step} does.
     */
    void waitFor(Future<?> f) {
        if (mustCancel && f.cancel(pendingCancelMessage)) {
            mustCancel = false;
        }
        waitingOn = f;
        if (!f.done()) {
            f.addInternalListener(binding);
            // do-while, not while: C2 must not compile the loop before a resume was ever seen, or every
            // first resume deoptimizes ("unstable_if"; docs/engine.md sharp edge 5).
            do {
                if (Engine.PARKS_DIRECTLY) { // called here, not through a helper: one frame less to freeze
                    LockSupport.park(f);
                } else {
                    Engine.CURRENT.park(this, f);
                }
                if (Thread.interrupted()) {
                    onInterrupt();
                }
            } while (!f.done());
        } else {
            // f was cancelled synchronously just above: asyncio still yields once before resuming.
            Engine.CURRENT.yieldTurn(this);
        }
        waitingOn = null;
        if (mustCancel) {
            mustCancel = false;
            throw cancelledNow();
        }
        if (f.cancelled()) {
            cancelRequested = false; // f's CancelledError, raised next, delivers the request
        }
    }

    /** Suspends this task (the current one) for {@code nanos} of loop time; 0 or less yields once. */
    void sleepNanos(long nanos) {
        if (nanos <= 0 || mustCancel) {
            yieldNow();
            return;
        }
        TimerHandle h = loop.callLaterNanos(nanos, binding);
        sleepTimer = h;
        do { // do-while: see waitFor
            if (Engine.PARKS_DIRECTLY) { // as in waitFor
                LockSupport.park(h);
            } else {
                Engine.CURRENT.park(this, h);
            }
            if (Thread.interrupted()) {
                onInterrupt();
            }
        } while (sleepTimer == h);
        if (mustCancel) {
            mustCancel = false;
            throw cancelledNow();
        }
    }

    /** Gives every other ready callback and task one turn, then resumes (asyncio {@code sleep(0)}). */
    void yieldNow() {
        Engine.CURRENT.yieldTurn(this); // to the tail of the ready queue, asyncio's bare yield
        if (Thread.interrupted()) {
            onInterrupt();
        }
        if (mustCancel) {
            mustCancel = false;
            throw cancelledNow();
        }
    }

    /** An interrupt seen at one of our suspension points: ours (already recorded) or a request. */
    private void onInterrupt() {
        if (interruptPending) {
            interruptPending = false;
        } else {
            cancel(null);
        }
    }

    /**
     * If {@code e} is how a JDK blocking call (in this, the current task) reported the interrupt that
     * {@link #cancel} sent, marks that cancellation delivered and returns the {@link CancelledError} it
     * stands for (with {@code e} as cause); otherwise null. Timeouts and task groups use it to see the
     * cancellation in an {@code InterruptedException}, as {@link #bodyEnded} does when a task ends.
     */
    CancelledError cancellationFor(Throwable e) {
        if (e instanceof CancelledError || !(mustCancel || interruptPending) || !isInterruption(e)) {
            return null;
        }
        mustCancel = false;
        CancelledError ce = cancelledNow();
        ce.initCause(e);
        return ce;
    }

    private CancelledError cancelledNow() {
        cancelRequested = false;
        if (interruptPending) {
            interruptPending = false;
            Thread.interrupted();
        }
        return new CancelledError(pendingCancelMessage);
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation

    /**
     * Requests cancellation; see the class comment. Loop-confined: from another thread use
     * {@code loop.callSoonThreadsafe(() -> task.cancel())}.
     *
     * <p>The first request's message is the one the task sees: a second {@code cancel(msg)} before the
     * task has seen the first, or the message-less cancel of a timeout or task group, does not replace
     * it (as asyncio, whose first request already cancelled the future the task waits on).
     *
     * @param msg the message the {@link CancelledError} carries, or null
     * @return false if the task is already done, true otherwise
     */
    @Override
    public boolean cancel(String msg) {
        if (loop.debug) {
            DebugTools.checkThread(loop, "Task.cancel");
        }
        if (done()) {
            return false;
        }
        numCancelsRequested++;
        if (!cancelRequested) {
            cancelRequested = true;
            pendingCancelMessage = msg;
        }
        Future<?> w = waitingOn;
        if (w != null && w.cancel(pendingCancelMessage)) {
            return true;
        }
        mustCancel = true;
        TimerHandle st = sleepTimer;
        if (st != null) {
            sleepTimer = null;
            st.cancel();
            loop.scheduleWakeup(binding);
        } else if (w == null && Thread.currentThread() != thread) {
            // Ready, not started yet, or parked in a JDK blocking call: interrupt reaches all three.
            interruptPending = true;
            thread.interrupt();
        }
        return true;
    }

    /**
     * The number of pending cancellation requests: asyncio's {@code cancelling()}.
     *
     * @return cancellation requests not withdrawn by {@link #uncancel()}
     */
    public int cancelling() {
        return numCancelsRequested;
    }

    /**
     * Withdraws one cancellation request; when none remain, a cancellation not yet delivered is
     * dropped. Used by timeouts and task groups that turned a cancellation into something else.
     *
     * @return the number of requests that remain
     */
    public int uncancel() {
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
            if (numCancelsRequested == 0) {
                mustCancel = false;
                cancelRequested = false;
            }
        }
        return numCancelsRequested;
    }

    /**
     * Not supported: a task's result is set only by its coroutine, as in asyncio. The task is left
     * untouched.
     *
     * @param value ignored
     * @throws UnsupportedOperationException always ("Task does not support set_result operation")
     */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support set_result operation");
    }

    /**
     * Not supported: a task's outcome is set only by its coroutine, as in asyncio. The task is left
     * untouched.
     *
     * @param error ignored
     * @throws UnsupportedOperationException always ("Task does not support set_exception operation")
     */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support set_exception operation");
    }

    @Override
    String describe() {
        return "<Task " + getName() + ">";
    }

    /**
     * asyncio's repr: state, name, and in debug mode where the task was created.
     *
     * @return e.g. {@code <Task pending name='worker' created at app.Main.main(Main.java:12)>}
     */
    @Override
    public String toString() {
        String s = super.toString();
        String site = creationSite();
        return "<Task " + s.substring(6, s.length() - 1) + " name='" + getName() + "'"
                + (site != null ? " created at " + site : "") + ">";
    }

    /**
     * A task's link to its thread and its wake-ups: the thread's uncaught-exception handler (so the
     * current task is found with a field read), the listener that wakes the task when an awaited
     * future completes, the callback of its sleep timer, and the body of its thread.
     */
    static final class Binding implements Thread.UncaughtExceptionHandler, Future.Listener, Runnable {
        final Task<?> task;

        Binding(Task<?> task) {
            this.task = task;
        }

        /** The awaited future is done: queue this task's wake-up (asyncio's call_soon of __wakeup). */
        @Override
        public void onDone(Future<?> f) {
            task.loop.scheduleWakeup(this);
        }

        /**
         * On the task's own thread, its body; on the loop's thread, the sleep timer fired: queue the
         * wake-up, like a completed sleep future would. One object for both spares a lambda per task.
         */
        @Override
        public void run() {
            Task<?> t = task;
            if (Thread.currentThread() != t.thread) {
                t.sleepTimer = null;
                t.loop.scheduleWakeup(this);
                return;
            }
            // The task's body, here rather than in a method of Task: one frame less under every parked stack.
            Object value = null;
            Throwable error = null;
            try {
                if (t.mustCancel) {
                    // Cancelled before it started: the body never runs (asyncio throws into the new coroutine).
                    t.mustCancel = false;
                    throw t.cancelledNow();
                }
                value = t.coro.call();
            } catch (Throwable e) {
                error = e;
            }
            t.bodyEnded(value, error);
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            // Binding.run catches everything; this is only reached by an error inside jasyncio itself.
            task.loop.callExceptionHandler(new ErrorContext("internal error in task thread", e, task, null));
        }
    }
}
