package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Python's {@code asyncio} module as static methods: {@code import static io.jasyncio.Asyncio.*;}.
 *
 * <pre>{@code
 * import static io.jasyncio.Asyncio.*;
 *
 * public class Quickstart {
 *     static String fetch(String name, double delay) { sleep(delay); return "data from " + name; }
 *     public static void main(String[] args) {
 *         System.out.println(run(() -> gather(() -> fetch("API A", 1), () -> fetch("API B", 1))));
 *     }
 * }
 * }</pre>
 *
 * <p>A lambda is a coroutine ({@link Coroutine}): it runs when awaited or wrapped in a task. Inside a
 * task, every suspending method here parks the task and lets the loop run others; none of them blocks
 * the loop's thread. Suspending methods must be called from a task (inside {@link #run}); they throw
 * {@link IllegalStateException} elsewhere, except {@link #await(Coroutine)} of a future, which blocks
 * a plain thread. Exceptions propagate through awaits unchanged, checked ones included.
 */
public final class Asyncio {

    private Asyncio() {
    }

    // ------------------------------------------------------------------------------------------
    // Running

    /**
     * Runs {@code main} on a new event loop and returns its result: asyncio's {@code run()}. When
     * {@code main} finishes, remaining tasks are cancelled and awaited, the default executor is shut
     * down, and the loop is closed. Ctrl+C cancels the main task (see {@link Runner}).
     *
     * @param <T> the result type
     * @param main the main coroutine
     * @return its result
     * @throws IllegalStateException if called while a loop is running on this thread (from a task)
     * @throws CancelledError if the main task was cancelled
     * @throws KeyboardInterrupt if Ctrl+C ended the main task
     */
    public static <T> T run(Coroutine<T> main) {
        return Runner.runOnNewLoop(EventLoop.builder(), main);
    }

    /**
     * Runs {@code main} on a new event loop, in debug mode if {@code debug} is true: asyncio's
     * {@code asyncio.run(main(), debug=True)}. Debug mode checks that loop-only calls come from the loop's
     * thread, records where tasks were created, and, with jasyncio-debug present, reports a blocked loop
     * while it is blocked and logs slow callbacks (docs/debugging.md). With {@code debug} false the
     * system property {@code jasyncio.debug} and the environment variable {@code JASYNCIO_DEBUG} are
     * ignored.
     *
     * @param <T> the result type
     * @param main the main coroutine
     * @param debug whether to run the loop in debug mode
     * @return its result
     * @throws KeyboardInterrupt if Ctrl+C ended the main task
     */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        return run(EventLoop.builder().debug(debug), main);
    }

    /**
     * Runs {@code main} on a new event loop built by {@code loopBuilder} (for example with a virtual
     * clock, or in debug mode).
     *
     * @param <T> the result type
     * @param loopBuilder configures the loop
     * @param main the main coroutine
     * @return its result
     */
    public static <T> T run(EventLoop.Builder loopBuilder, Coroutine<T> main) {
        return Runner.runOnNewLoop(loopBuilder, main);
    }

    /** The running loop, for {@code what}; throws the wording every suspending method uses when there is none. */
    private static EventLoop runningLoop(String what) {
        EventLoop loop = EventLoop.runningLoopOrNull();
        if (loop == null) {
            throw new IllegalStateException(what + " must be called from a task (inside Asyncio.run or a task of a "
                    + "running loop); no event loop runs on this thread, " + Thread.currentThread());
        }
        return loop;
    }

    /**
     * The running loop: asyncio's {@code get_running_loop()}.
     *
     * @return the loop running the current task or callback
     * @throws IllegalStateException if there is none
     */
    public static EventLoop getRunningLoop() {
        return EventLoop.getRunningLoop();
    }

    // ------------------------------------------------------------------------------------------
    // Tasks

    /**
     * Schedules {@code coro} as a task on the running loop; it starts in the next turn.
     *
     * @param <T> the result type
     * @param coro the coroutine
     * @return the task
     * @throws IllegalStateException if no loop is running
     */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return runningLoop("createTask()").createTask(coro, null);
    }

    /**
     * Schedules {@code coro} as a named task on the running loop.
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return runningLoop("createTask()").createTask(coro, name);
    }

    /**
     * Schedules {@code coro} as a task on the running loop that runs in {@code context}: asyncio's
     * {@code create_task(coro, name=name, context=context)}. Without a context (the other overloads),
     * a task runs in a copy of the current one.
     *
     * @param <T> the result type
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @param context the {@link Context} to run in (its values change with the task's sets), or null
     *     for a copy of the current one
     * @return the task
     * @throws IllegalStateException if no loop is running
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return runningLoop("createTask()").createTask(coro, name, context);
    }

    /**
     * The current task: asyncio's {@code current_task()}.
     *
     * @return the task running this code, or null outside a task
     */
    public static Task<?> currentTask() {
        return Task.currentOrNull();
    }

    /**
     * The running loop's pending tasks: asyncio's {@code all_tasks()}.
     *
     * @return a snapshot
     */
    public static List<Task<?>> allTasks() {
        return EventLoop.getRunningLoop().allTasks();
    }

    /**
     * A coroutine as a future: a future stays as it is, a coroutine becomes a task on the running loop.
     *
     * @param <T> the result type
     * @param aw a coroutine or a future
     * @return the future
     */
    public static <T> Future<? extends T> ensureFuture(Coroutine<? extends T> aw) {
        return GatheringFuture.ensureFuture(EventLoop.getRunningLoop(), aw);
    }

    // ------------------------------------------------------------------------------------------
    // Awaiting

    /**
     * Awaits {@code aw}: Python's {@code await}. A {@link Future} or {@link Task} suspends the current
     * task until it is done; any other coroutine runs inline, in the current task. From a plain
     * thread (not a task, not the loop's thread), awaiting a future blocks that thread.
     *
     * <p>Cancel safety: if the current task is cancelled while awaiting a future, that future is
     * cancelled too and {@link CancelledError} is thrown.
     *
     * @param <T> the result type
     * @param aw what to await
     * @return its result
     * @throws CancelledError if the task or the awaited future was cancelled
     */
    public static <T> T await(Coroutine<T> aw) {
        try {
            return aw.call();
        } catch (Exception e) {
            throw Throw.sneaky(e);
        }
    }

    /**
     * Awaits a {@link CompletionStage} (for example a {@link CompletableFuture}) completed by another
     * thread, without blocking the loop. A {@link CompletionException} or {@link ExecutionException}
     * is unwrapped to its cause; a cancelled stage raises {@link CancelledError}.
     *
     * <p>Cancel safety ({@link ThreadCancelPolicy#INTERRUPT}): if the current task is cancelled while
     * waiting, the stage is cancelled with {@code cancel(true)} when it is a
     * {@link java.util.concurrent.Future} (a {@link CompletableFuture} then completes as cancelled, but
     * the thread computing it is not interrupted: the JDK ignores the flag there), and
     * {@link CancelledError} is thrown at once, without waiting. Other policies:
     * {@link #await(CompletionStage, ThreadCancelPolicy)}.
     *
     * @param <T> the result type
     * @param stage the stage
     * @return its value
     * @throws CancelledError if the task or the stage was cancelled
     * @throws IllegalStateException if not called from a task
     */
    public static <T> T await(CompletionStage<T> stage) {
        return ThreadBridge.await(stage, ThreadCancelPolicy.INTERRUPT);
    }

    // ------------------------------------------------------------------------------------------
    // Sleeping

    /**
     * Suspends the current task for {@code seconds}; other tasks run meanwhile. {@code sleep(0)}
     * yields exactly one turn: every task and callback that is ready runs once before this task goes on.
     *
     * <p>Cancel safety: cancelling the task ends the sleep at once with {@link CancelledError}.
     *
     * @param seconds how long, in seconds of loop time (zero or negative: one yield)
     * @throws CancelledError if the task is cancelled while sleeping
     * @throws IllegalStateException if not called from a task
     */
    public static void sleep(double seconds) {
        Task.currentOrThrow("sleep()").sleepNanos(Nanos.toNanos(seconds));
    }

    /**
     * Suspends the current task for {@code delay}; see {@link #sleep(double)}.
     */
    public static void sleep(Duration delay) {
        Task.currentOrThrow("sleep()").sleepNanos(delay.toNanos());
    }

    /**
     * Suspends the current task for {@code seconds}, then returns {@code result}.
     *
     * @param <T> the result type
     * @param seconds how long
     * @param result what to return
     * @return {@code result}
     * @throws CancelledError if the task is cancelled while sleeping
     */
    public static <T> T sleep(double seconds, T result) {
        sleep(seconds);
        return result;
    }

    // ------------------------------------------------------------------------------------------
    // gather

    /**
     * Runs the coroutines concurrently (each in a task; futures and tasks are used as they are) and
     * returns their results in argument order. The first exception is thrown as soon as it happens;
     * the other tasks keep running, as in asyncio (use {@link TaskGroup} to cancel them instead).
     *
     * <p>Cancel safety: cancelling the awaiting task cancels every child; the cancellation is raised
     * once they have all finished.
     *
     * @param <T> the common result type
     * @param aws coroutines, tasks or futures
     * @return the results, in argument order (unmodifiable)
     * @throws CancelledError if a child was cancelled, or the awaiting task was
     */
    @SafeVarargs
    public static <T> List<T> gather(Coroutine<? extends T>... aws) {
        return gather(Arrays.asList(aws));
    }

    /**
     * {@link #gather(Coroutine[])} over a list.
     */
    public static <T> List<T> gather(List<? extends Coroutine<? extends T>> aws) {
        EventLoop loop = Task.currentOrThrow("gather()").loop;
        return GatheringFuture.<T>of(loop, aws, false).call();
    }

    /**
     * asyncio's {@code gather(...)} object itself, not awaited: a future of the results (in argument
     * order) that can be stored, passed around, awaited later, or cancelled. Cancelling it cancels
     * every child still running; it is then cancelled once they have finished. Each coroutine starts
     * as a task in the next turn, awaited or not.
     *
     * <pre>{@code
     * Future<List<String>> pages = gatherFuture(() -> fetch("a"), () -> fetch("b"));
     * // ... later, or from another task:
     * pages.cancel("no longer needed");           // cancels both fetches
     * }</pre>
     *
     * @param <T> the common result type
     * @param aws coroutines, tasks or futures
     * @return the gathering future
     * @throws IllegalStateException if not called from a task
     */
    @SafeVarargs
    public static <T> Future<List<T>> gatherFuture(Coroutine<? extends T>... aws) {
        return GatheringFuture.of(Task.currentOrThrow("gatherFuture()").loop, Arrays.asList(aws), false);
    }

    /**
     * {@link #gatherFuture(Coroutine[])} over a list, with asyncio's {@code return_exceptions}: when
     * true, the future's result holds each child's exception in its place instead of failing.
     *
     * @param <T> the common result type ({@code Object} when {@code returnExceptions} is true)
     * @param aws coroutines, tasks or futures
     * @param returnExceptions asyncio's {@code return_exceptions}
     * @return the gathering future
     * @throws IllegalStateException if not called from a task
     */
    public static <T> Future<List<T>> gatherFuture(List<? extends Coroutine<? extends T>> aws, boolean returnExceptions) {
        return GatheringFuture.of(Task.currentOrThrow("gatherFuture()").loop, aws, returnExceptions);
    }

    /**
     * Like {@link #gather(Coroutine[])} with asyncio's {@code return_exceptions=True}: waits for every
     * child, and returns each one's result, or the exception it raised (a {@link CancelledError} for a
     * cancelled child), in argument order.
     *
     * @param aws coroutines, tasks or futures
     * @return results and exceptions, in argument order (unmodifiable)
     */
    public static List<Object> gatherReturnExceptions(Coroutine<?>... aws) {
        return gatherReturnExceptions(Arrays.asList(aws));
    }

    /**
     * {@link #gatherReturnExceptions(Coroutine[])} over a list.
     */
    public static List<Object> gatherReturnExceptions(List<? extends Coroutine<?>> aws) {
        EventLoop loop = Task.currentOrThrow("gather()").loop;
        return GatheringFuture.<Object>of(loop, aws, true).call();
    }

    // ------------------------------------------------------------------------------------------
    // Timeouts, waiting, shielding, task groups

    /**
     * Runs {@code body} in the current task with a deadline {@code delaySeconds} from now: asyncio's
     * {@code async with asyncio.timeout(delay) as scope}. If the deadline passes first, the task is
     * cancelled, and the {@link CancelledError} that leaves the body becomes a {@link TimeoutError}
     * (see {@link Timeout} for nesting and for bodies that catch the cancellation). The body can read
     * and move the deadline through its {@link Timeout} argument.
     *
     * <pre>{@code
     * String page = timeout(5.0, scope -> fetch(url));
     * }</pre>
     *
     * <p>Cancel safety: a cancellation of the task from outside passes through unchanged, as
     * {@link CancelledError}, even after the deadline passed; the scope's timer is always removed.
     *
     * @param <T> the result type
     * @param delaySeconds seconds of loop time; zero or negative expires at the next turn;
     *     {@link Timeout#NEVER} (positive infinity): no deadline until {@link Timeout#reschedule}
     * @param body the body
     * @return the body's result
     * @throws TimeoutError if the deadline passed and the body ended with the resulting cancellation
     * @throws CancelledError if the task was cancelled by someone else
     * @throws IllegalStateException if not called from a task
     * @throws IllegalArgumentException if the delay is NaN
     */
    public static <T> T timeout(double delaySeconds, Timeout.Body<T> body) {
        return Timeout.run(Timeout.deadlineAfter(delaySeconds), body);
    }

    /**
     * {@link #timeout(double, Timeout.Body)} for a body that does not need the scope. Cancel safety: as there.
     */
    public static <T> T timeout(double delaySeconds, Coroutine<T> body) {
        Objects.requireNonNull(body, "body");
        return Timeout.run(Timeout.deadlineAfter(delaySeconds), scope -> body.call());
    }

    /**
     * {@link #timeout(double, Timeout.Body)} with a {@link Duration}. Cancel safety: as there.
     */
    public static <T> T timeout(Duration delay, Timeout.Body<T> body) {
        return timeout(Nanos.seconds(delay), body);
    }

    /**
     * {@link #timeout(double, Coroutine)} with a {@link Duration}. Cancel safety: as there.
     */
    public static <T> T timeout(Duration delay, Coroutine<T> body) {
        return timeout(Nanos.seconds(delay), body);
    }

    /**
     * Runs {@code body} with a deadline at loop time {@code when} ({@link EventLoop#time()} scale):
     * asyncio's {@code timeout_at(when)}. See {@link #timeout(double, Timeout.Body)}.
     *
     * <p>Cancel safety: as {@link #timeout(double, Timeout.Body)}.
     *
     * @param <T> the result type
     * @param when the deadline; one already passed expires at the next turn; {@link Timeout#NEVER}: none
     * @param body the body
     * @return the body's result
     * @throws TimeoutError if the deadline passed
     * @throws CancelledError if the task was cancelled by someone else
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public static <T> T timeoutAt(double when, Timeout.Body<T> body) {
        return Timeout.run(when, body);
    }

    /**
     * {@link #timeoutAt(double, Timeout.Body)} for a body that does not need the scope. Cancel safety: as there.
     */
    public static <T> T timeoutAt(double when, Coroutine<T> body) {
        Objects.requireNonNull(body, "body");
        return Timeout.run(when, scope -> body.call());
    }

    /**
     * The nearest deadline of the {@link Timeout} scopes the current task is in, in loop time; like
     * trio's {@code current_effective_deadline()}. Scopes belong to a task: a task created inside a
     * scope does not inherit its deadline.
     *
     * @return the deadline, or {@link Timeout#NEVER} (positive infinity) outside any scope with one
     * @throws IllegalStateException if not called from a task
     */
    public static double currentEffectiveDeadline() {
        return Timeout.effectiveDeadline(Task.currentOrThrow("currentEffectiveDeadline()"));
    }

    /**
     * Awaits {@code aw} with a timeout: asyncio's {@code wait_for}, built on {@link Timeout} as in
     * CPython 3.12+. A plain coroutine runs inline in the current task (no new task); a future or task
     * is awaited. When the timeout passes, the current task is cancelled, which cancels the awaited
     * future or task (or raises {@link CancelledError} inside the inline coroutine); once that ends,
     * {@link TimeoutError} is raised. If the work catches the cancellation and returns a value anyway,
     * that value is returned.
     *
     * <p>A timeout of zero or less gives {@code aw} no time: a future that is already done gives its
     * result; anything else is cancelled (a coroutine, wrapped in a task, never starts) and awaited,
     * then {@link TimeoutError} is raised. {@code Double.POSITIVE_INFINITY} ({@link Timeout#NEVER}) means
     * no timeout (asyncio's {@code timeout=None}).
     *
     * <p>If the work completes in the same loop turn as the deadline fires, the timer's callback runs
     * before this task resumes, so the result is lost and {@link TimeoutError} is raised (CPython does
     * the same); the result of a future or task stays readable on it.
     *
     * <pre>{@code
     * int answer = waitFor(() -> slowOperation(), 1.0);
     * }</pre>
     *
     * <p>Cancel safety: if the awaiting task is cancelled, the awaited future or task is cancelled too
     * and {@link CancelledError} (not {@code TimeoutError}) is thrown. Use {@link #shield} to keep the
     * work running.
     *
     * @param <T> the result type
     * @param aw a coroutine, future or task
     * @param timeoutSeconds seconds of loop time, or {@code Double.POSITIVE_INFINITY} for none
     * @return the result of {@code aw}
     * @throws TimeoutError if the timeout passed; its cause is the cancellation that ended the work
     * @throws CancelledError if the awaiting task was cancelled
     * @throws IllegalArgumentException if the timeout is NaN
     */
    public static <T> T waitFor(Coroutine<T> aw, double timeoutSeconds) {
        return Waiting.waitFor(aw, timeoutSeconds);
    }

    /**
     * {@link #waitFor(Coroutine, double)} with a {@link Duration}. Cancel safety: as there.
     */
    public static <T> T waitFor(Coroutine<T> aw, Duration timeout) {
        return Waiting.waitFor(aw, Nanos.seconds(timeout));
    }

    /**
     * Waits until every future in {@code fs} is done; see {@link #wait(Collection, ReturnWhen, double)},
     * also for cancel safety.
     */
    public static <T> Done<T> wait(Collection<? extends Future<? extends T>> fs) {
        return Waiting.wait(fs, ReturnWhen.ALL_COMPLETED, Timeout.NEVER);
    }

    /**
     * Waits for the futures in {@code fs} until {@code returnWhen} says so; see
     * {@link #wait(Collection, ReturnWhen, double)}, also for cancel safety.
     */
    public static <T> Done<T> wait(Collection<? extends Future<? extends T>> fs, ReturnWhen returnWhen) {
        return Waiting.wait(fs, returnWhen, Timeout.NEVER);
    }

    /**
     * Waits until every future in {@code fs} is done or {@code timeoutSeconds} pass; see
     * {@link #wait(Collection, ReturnWhen, double)}, also for cancel safety.
     */
    public static <T> Done<T> wait(Collection<? extends Future<? extends T>> fs, double timeoutSeconds) {
        return Waiting.wait(fs, ReturnWhen.ALL_COMPLETED, timeoutSeconds);
    }

    /**
     * Waits for the futures in {@code fs}: asyncio's {@code wait(fs, timeout=..., return_when=...)}.
     * Returns when {@code returnWhen} is met or the timeout passes, with the futures split into done
     * and pending. It never cancels them, nor raises their exceptions or a {@link TimeoutError}: on
     * timeout, the pending set is simply not empty. Pass tasks (asyncio forbids bare coroutines here;
     * wrap them with {@link #createTask}).
     *
     * <p>The name clashes with {@link Object#wait()}: inside a class, a static import of {@code wait}
     * is shadowed by the inherited method, so always write {@code Asyncio.wait(...)}.
     *
     * <pre>{@code
     * Done<String> d = Asyncio.wait(List.of(t1, t2), ReturnWhen.FIRST_COMPLETED, 5.0);
     * }</pre>
     *
     * <p>Cancel safety: if the waiting task is cancelled, {@link CancelledError} is thrown and the
     * futures are left alone (not cancelled).
     *
     * @param <T> the common result type
     * @param fs futures or tasks of the running loop (the same one twice counts once); not empty
     * @param returnWhen when to return
     * @param timeoutSeconds seconds of loop time, or {@code Double.POSITIVE_INFINITY} for none
     * @return the done and pending futures, each set in the order of {@code fs}
     * @throws CancelledError if the waiting task is cancelled
     * @throws IllegalArgumentException if {@code fs} is empty, holds a future of another loop, or the
     *     timeout is NaN
     */
    public static <T> Done<T> wait(Collection<? extends Future<? extends T>> fs, ReturnWhen returnWhen,
                                   double timeoutSeconds) {
        return Waiting.wait(fs, returnWhen, timeoutSeconds);
    }

    /**
     * {@link #wait(Collection, ReturnWhen, double)} with a {@link Duration}. Cancel safety: as there.
     *
     * @param <T> the common result type
     * @param fs futures or tasks of the running loop; not empty
     * @param returnWhen when to return
     * @param timeout the timeout
     * @return the done and pending futures
     * @throws CancelledError if the waiting task is cancelled
     */
    public static <T> Done<T> wait(Collection<? extends Future<? extends T>> fs, ReturnWhen returnWhen,
                                   Duration timeout) {
        return Waiting.wait(fs, returnWhen, Nanos.seconds(timeout));
    }

    /**
     * The futures of {@code aws} in the order they complete: asyncio 3.13's {@code as_completed}, in
     * its {@code async for} form. Coroutines are wrapped in tasks at once (futures and tasks are used as
     * they are). Each step of the iteration ({@link java.util.Iterator#next()}) suspends the current
     * task until the next one is done and returns it, done: read it with {@code result()} or
     * {@code await}. {@code hasNext()} never suspends. The iterable is one-shot: {@code iterator()}
     * returns the same iterator.
     *
     * <pre>{@code
     * for (Future<String> f : asCompleted(List.of(t1, t2, t3))) {
     *     System.out.println(await(f));
     * }
     * }</pre>
     *
     * <p>Cancel safety: if the iterating task is cancelled in {@code next()}, {@link CancelledError}
     * is thrown and nothing is lost: the next call yields the next future. The futures themselves are
     * not cancelled, here nor on timeout.
     *
     * @param <T> the common result type
     * @param aws coroutines, futures or tasks
     * @return the iterable
     * @throws IllegalStateException if no loop is running
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Coroutine<? extends T>> aws) {
        return AsCompleted.of(aws, Timeout.NEVER);
    }

    /**
     * {@link #asCompleted(Collection)} with a timeout counted from this call: once it passes, every
     * remaining step raises {@link TimeoutError} (futures that finished before still come first). The
     * futures are not cancelled on timeout: cancel or await them. Cancel safety: as there.
     *
     * @param <T> the common result type
     * @param aws coroutines, futures or tasks
     * @param timeoutSeconds seconds of loop time, or {@code Double.POSITIVE_INFINITY} for none
     * @return the iterable; its {@code next()} throws {@link TimeoutError} once the timeout passed
     * @throws IllegalArgumentException if the timeout is NaN
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Coroutine<? extends T>> aws,
                                                      double timeoutSeconds) {
        return AsCompleted.of(aws, timeoutSeconds);
    }

    /**
     * Awaits {@code aw} while protecting it from cancellation: asyncio's {@code await shield(aw)}. A
     * coroutine is wrapped in a task. If the awaiting task is cancelled, this call throws
     * {@link CancelledError} at once, but the inner task keeps running to its end; keep a reference to
     * it (create the task yourself) to get its result later. Cancelling the inner task itself still
     * cancels it, and this call then throws {@link CancelledError}.
     *
     * <pre>{@code
     * Task<Receipt> save = createTask(() -> saveOrder(order));
     * Receipt r = shield(save);  // a cancel of this task does not stop the save
     * }</pre>
     *
     * <p>Cancel safety: this is the point of it: a cancellation of the awaiting task stops the waiting,
     * never the inner work. An exception of an inner task that nobody awaits any more is reported as
     * never retrieved.
     *
     * @param <T> the result type
     * @param aw a coroutine, future or task
     * @return the inner result
     * @throws CancelledError if the awaiting task or the inner work was cancelled
     */
    public static <T> T shield(Coroutine<T> aw) {
        return Waiting.shield(aw).call();
    }

    /**
     * The future behind {@link #shield}: asyncio's {@code shield(aw)} before the {@code await}. It
     * completes like the inner work; cancelling it (or the task awaiting it) leaves the inner work
     * running. An inner future that is already done is returned as it is.
     *
     * <p>Cancel safety: not suspending; see {@link #shield}.
     *
     * @param <T> the result type
     * @param aw a coroutine, future or task
     * @return the outer future
     * @throws IllegalStateException if no loop is running
     */
    public static <T> Future<T> shieldFuture(Coroutine<T> aw) {
        return Waiting.shield(aw);
    }

    /**
     * Runs {@code body} with a new {@link TaskGroup} and waits for every task it started: asyncio's
     * {@code async with asyncio.TaskGroup() as tg}. The first failure cancels the other tasks and the
     * body; all failures are raised together in an {@link ExceptionGroup}. See {@link TaskGroup}.
     *
     * <pre>{@code
     * taskGroup(tg -> {
     *     tg.createTask(() -> download("a"));
     *     tg.createTask(() -> download("b"));
     *     return null;
     * });
     * }</pre>
     *
     * <p>Cancel safety: if the task running the group is cancelled, every task of the group is
     * cancelled and awaited, then {@link CancelledError} is raised. Nothing is left running.
     *
     * @param <T> the result type
     * @param body the body; it receives the group
     * @return the body's result (null if {@link TaskGroup#cancel()} interrupted the body)
     * @throws ExceptionGroup with the errors of the tasks and of the body, in the order they happened
     * @throws CancelledError if the task was cancelled from outside
     * @throws KeyboardInterrupt as it is, if a task or the body raised it
     * @throws IllegalStateException if not called from a task
     */
    public static <T> T taskGroup(TaskGroup.Body<T> body) {
        return TaskGroup.run(body);
    }

    // ------------------------------------------------------------------------------------------
    // Async iteration

    /**
     * An async generator running {@code body}: Python's {@code async def} with {@code yield} in it.
     * The body yields items with {@code out.yield(item)} and may suspend anywhere; the consumer iterates
     * with a for-each loop inside try-with-resources (Python's {@code async for} in {@code aclosing}).
     * Nothing runs until the first item is asked for. See {@link AsyncGenerator}.
     *
     * <pre>{@code
     * try (AsyncGenerator<String> lines = asyncGenerator(out -> {
     *     for (String l : List.of("a", "b")) {
     *         sleep(0.1);
     *         out.yield(l);
     *     }
     * })) {
     *     for (String line : lines) {
     *         System.out.println(line);
     *     }
     * }
     * }</pre>
     *
     * <p>Cancel safety: not suspending; see {@link AsyncGenerator#hasNext()} and
     * {@link AsyncGenerator#close()} for the suspending steps.
     *
     * @param <T> the item type
     * @param body the body
     * @return a new generator, not started
     */
    public static <T> AsyncGenerator<T> asyncGenerator(AsyncGenerator.Body<T> body) {
        return AsyncGenerator.of(body);
    }

    // ------------------------------------------------------------------------------------------
    // Threads, in both directions

    /**
     * Runs blocking {@code fn} on the loop's default executor (a pool of platform threads, never the
     * loop's thread) and awaits its result: asyncio's {@code to_thread}. Java has no GIL, so several
     * of these run truly in parallel. {@code fn} runs in a copy of the caller's {@link Context}, so it
     * sees the task's context variables (and its own sets stay in that copy).
     *
     * <p>Cancel safety ({@link ThreadCancelPolicy#INTERRUPT}): if the awaiting task is cancelled, the
     * worker thread gets {@link Thread#interrupt()} and {@link CancelledError} is thrown at once,
     * without waiting for the thread. Work that responds to interrupts stops early; work that does
     * not runs to its end, and its result or exception is dropped. Work still queued never starts.
     * To wait for the work to end, or to leave it alone, use
     * {@link #toThread(Callable, ThreadCancelPolicy)}.
     *
     * @param <T> the result type
     * @param fn the blocking function
     * @return its result
     * @throws CancelledError if the awaiting task is cancelled
     * @throws IllegalStateException if not called from a task
     */
    public static <T> T toThread(Callable<T> fn) {
        return toThread(fn, ThreadCancelPolicy.INTERRUPT);
    }

    /**
     * Runs {@code fn} on {@code executor} (null: the loop's default executor) and awaits its result;
     * see {@link #toThread}. Do not pass an executor that runs work on the loop's own thread (a
     * virtual-thread executor created inside a task does: its threads inherit the loop as scheduler).
     * As in asyncio, {@code fn} does not get the caller's {@link Context} (use {@link #toThread}, or
     * wrap it: {@code Context c = Context.copyContext(); runInExecutor(ex, () -> c.run(fn))}).
     *
     * <p>Cancel safety ({@link ThreadCancelPolicy#INTERRUPT}): as {@link #toThread}: the thread
     * running {@code fn} is interrupted, and {@link CancelledError} is thrown at once.
     *
     * @param <T> the result type
     * @param executor where to run, or null
     * @param fn the function
     * @return its result
     * @throws CancelledError if the awaiting task is cancelled
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the work
     */
    public static <T> T runInExecutor(Executor executor, Callable<T> fn) {
        return ThreadBridge.runInExecutor(executor, fn, ThreadCancelPolicy.INTERRUPT);
    }

    /**
     * {@link #toThread(Callable)} with a chosen {@link ThreadCancelPolicy}: what happens to the worker
     * thread when the awaiting task is cancelled.
     *
     * <pre>{@code
     * // no write outlives this task: a cancellation interrupts it and waits for it to stop
     * toThread(() -> Files.copy(src, dst), ThreadCancelPolicy.INTERRUPT_AND_WAIT);
     * }</pre>
     *
     * <p>Cancel safety: {@link ThreadCancelPolicy#INTERRUPT}: the worker is interrupted and
     * {@link CancelledError} is thrown at once; {@link ThreadCancelPolicy#INTERRUPT_AND_WAIT}: the
     * worker is interrupted and {@link CancelledError} is thrown once {@code fn} has returned or
     * thrown (further cancellations meanwhile are absorbed); {@link ThreadCancelPolicy#ABANDON}: the
     * worker runs on undisturbed and {@link CancelledError} is thrown at once. Work still queued never
     * starts.
     *
     * @param <T> the result type
     * @param fn the blocking function
     * @param policy what a cancellation does to the worker
     * @return its result
     * @throws CancelledError if the awaiting task is cancelled
     * @throws IllegalStateException if not called from a task
     */
    public static <T> T toThread(Callable<T> fn, ThreadCancelPolicy policy) {
        return ThreadBridge.toThread(fn, policy);
    }

    /**
     * {@link #runInExecutor(Executor, Callable)} with a chosen {@link ThreadCancelPolicy}.
     *
     * <p>Cancel safety: as {@link #toThread(Callable, ThreadCancelPolicy)}, for the thread of
     * {@code executor} that runs {@code fn}.
     *
     * @param <T> the result type
     * @param executor where to run, or null for the loop's default executor
     * @param fn the function
     * @param policy what a cancellation does to the thread running {@code fn}
     * @return its result
     * @throws CancelledError if the awaiting task is cancelled
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the work
     */
    public static <T> T runInExecutor(Executor executor, Callable<T> fn, ThreadCancelPolicy policy) {
        return ThreadBridge.runInExecutor(executor, fn, policy);
    }

    /**
     * {@link #await(CompletionStage)} with a chosen {@link ThreadCancelPolicy}.
     *
     * <p>Cancel safety: {@link ThreadCancelPolicy#INTERRUPT}: the stage gets {@code cancel(true)} (if
     * it is a {@link java.util.concurrent.Future}) and {@link CancelledError} is thrown at once;
     * {@link ThreadCancelPolicy#INTERRUPT_AND_WAIT}: the same, then {@link CancelledError} is thrown
     * once the stage reports completion (at once for a {@link CompletableFuture}, which cancelling
     * completes); {@link ThreadCancelPolicy#ABANDON}: the stage is left alone and
     * {@link CancelledError} is thrown at once.
     *
     * @param <T> the result type
     * @param stage the stage
     * @param policy what a cancellation does to the stage
     * @return its value
     * @throws CancelledError if the task or the stage was cancelled
     * @throws IllegalStateException if not called from a task
     */
    public static <T> T await(CompletionStage<T> stage, ThreadCancelPolicy policy) {
        return ThreadBridge.await(stage, policy);
    }

    /**
     * Runs {@code coro} as a task on {@code loop} from another thread, and returns a
     * {@link CompletableFuture} of its result: asyncio's {@code run_coroutine_threadsafe}. The task
     * is created on the loop's thread (through {@link EventLoop#callSoonThreadsafe}), in the loop's
     * next turn; the future completes with the task's result or exception, or as cancelled.
     *
     * <pre>{@code
     * // on a plain thread, with a loop running elsewhere:
     * CompletableFuture<String> page = runCoroutineThreadsafe(() -> fetch(url), loop);
     * String body = page.get(10, TimeUnit.SECONDS);
     * }</pre>
     *
     * <p>Meant for threads other than the loop's: blocking on the future from a callback on the loop's
     * thread deadlocks the loop (from a task, prefer {@link #createTask}). If the loop is closed before
     * the task starts, the future fails with {@link IllegalStateException}; if the loop stops or closes
     * while the task is still pending (without cancelling it, as {@link #run} does), the future never
     * completes.
     *
     * <p>Cancel safety: cancelling the returned future ({@code cancel(true)} or {@code cancel(false)})
     * cancels the task, in the loop's next turn; the future reports cancelled at once, while the task
     * may still run its cleanup. A coroutine whose future was cancelled before the task started never
     * starts.
     *
     * @param <T> the result type
     * @param coro the coroutine (not a future or task: those already run on their loop)
     * @param loop the loop to run it on; it may be running, or run later
     * @return a future, safe to use from any thread, of the task's outcome
     * @throws IllegalStateException if the loop is closed
     * @throws IllegalArgumentException if {@code coro} is a {@link Future}
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return ThreadBridge.runCoroutineThreadsafe(coro, loop);
    }
}
