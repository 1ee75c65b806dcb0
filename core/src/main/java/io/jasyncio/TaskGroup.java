package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Structured concurrency: asyncio's {@code TaskGroup} (3.11+). {@link Asyncio#taskGroup} runs a body
 * that starts tasks in the group, then waits until every task of the group is done:
 *
 * <pre>{@code
 * taskGroup(tg -> {
 *     Task<String> a = tg.createTask(() -> fetch("a"));
 *     Task<String> b = tg.createTask(() -> fetch("b"));
 *     return null;
 * });  // here a and b are both done
 * }</pre>
 *
 * <h2>Failures</h2>
 * The first task that fails (with anything but {@link CancelledError}) cancels every other task of the
 * group and the body (the task that runs {@code taskGroup}); once they have all finished, the group
 * raises an {@link ExceptionGroup} with every error, in the order they happened, the body's own error
 * last. {@link KeyboardInterrupt} and {@link VirtualMachineError} (Python's {@code KeyboardInterrupt}
 * and {@code SystemExit}) are raised as they are, not grouped; the other errors are then reported to
 * the loop's exception handler.
 *
 * <h2>Cancellation</h2>
 * If the task running the group is cancelled from outside, the group cancels its tasks, waits for them,
 * and re-raises the {@link CancelledError}. The group's own cancellation of the body (after a failure,
 * or by {@link #cancel()}) is withdrawn with {@link Task#uncancel()} when the group ends, so it never
 * leaks out as a {@code CancelledError}, while an outside cancellation that arrived meanwhile still
 * does: this is CPython's {@code taskgroups.py} bookkeeping, reproduced.
 *
 * <h2>States</h2>
 * <table>
 * <caption>TaskGroup states</caption>
 * <tr><th>state</th><th>entered by</th><th>{@link #createTask}</th></tr>
 * <tr><td>running</td><td>the body starts</td><td>allowed</td></tr>
 * <tr><td>exiting</td><td>the body ended; the group waits for its tasks</td><td>allowed (from the group's tasks)</td></tr>
 * <tr><td>aborting</td><td>a failure, an outside cancellation, or {@link #cancel()}</td><td>throws: "shutting down"</td></tr>
 * <tr><td>finished</td><td>the body ended and no task is left</td><td>throws: "finished"</td></tr>
 * </table>
 *
 * <h2>Threads</h2>
 * Loop-confined: use it from the tasks and callbacks of its loop.
 */
public final class TaskGroup {

    /**
     * The body of a task group: runs in the current task and starts tasks in the group.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the body.
         *
         * @param tg the group, to start tasks in
         * @return the result of {@link Asyncio#taskGroup}
         * @throws Exception anything: it cancels the group's tasks and is raised in the
         *     {@link ExceptionGroup}, after theirs
         */
        T run(TaskGroup tg) throws Exception;
    }

    private final EventLoop loop;
    private final Task<?> parent;
    private final Set<Task<?>> tasks = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Throwable> errors = new ArrayList<>();
    /**
     * Runs one turn after a task completes (a done callback, as in CPython): tasks that fail in the
     * same turn all get to report their error before the first one aborts the group.
     */
    private final Consumer<Future<?>> onTaskDone = this::onTaskDone;
    private boolean exiting;
    private boolean aborting;
    /** The group cancelled its parent task, and must withdraw that request when it ends. */
    private boolean parentCancelRequested;
    private Throwable baseError;
    /** Completed when the last task is done, while the parent waits in {@link #exit}. */
    private Future<Boolean> onCompleted;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop;
    }

    /** Runs {@code body} with a new group in the current task; see the class comment. */
    static <T> T run(Body<T> body) {
        Objects.requireNonNull(body, "body");
        TaskGroup tg = new TaskGroup(Task.currentOrThrow("taskGroup()"));
        T result = null;
        Throwable error = null;
        try {
            result = body.run(tg);
        } catch (Throwable e) {
            // A cancellation that surfaced as an InterruptedException from a JDK blocking call is one.
            CancelledError ce = tg.parent.cancellationFor(e);
            error = ce != null ? ce : e;
        }
        tg.exit(error);
        return result;
    }

    /**
     * Starts {@code coro} as a task of the group: asyncio's {@code TaskGroup.create_task}. The task
     * starts in the next turn of the loop; the group waits for it before it ends.
     *
     * @param <R> the result type
     * @param coro the coroutine
     * @return the task
     * @throws IllegalStateException if the group is finished or shutting down (after a failure or
     *     {@link #cancel()}), or if called outside the group's loop
     */
    public <R> Task<R> createTask(Coroutine<R> coro) {
        return createTask(coro, null);
    }

    /**
     * Starts {@code coro} as a named task of the group; see {@link #createTask(Coroutine)}.
     *
     * @param <R> the result type
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @return the task
     * @throws IllegalStateException if the group is finished or shutting down
     */
    public <R> Task<R> createTask(Coroutine<R> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * Starts {@code coro} as a named task of the group that runs in {@code context}: asyncio's
     * {@code TaskGroup.create_task(coro, name=..., context=...)}; see {@link #createTask(Coroutine)}.
     *
     * @param <R> the result type
     * @param coro the coroutine
     * @param name the task's name, or null for {@code Task-N}
     * @param context the {@link Context} to run in, or null for a copy of the current one
     * @return the task
     * @throws IllegalStateException if the group is finished or shutting down
     */
    public <R> Task<R> createTask(Coroutine<R> coro, String name, Context context) {
        Objects.requireNonNull(coro, "coro");
        if (!loop.inLoop()) {
            throw new IllegalStateException("TaskGroup.createTask must be called on the group's loop");
        }
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<R> task = loop.createTask(coro, name, context);
        tasks.add(task);
        task.addDoneCallback(onTaskDone);
        return task;
    }

    /**
     * Cancels the group: every task of the group that is not done, and the body. The group then ends
     * without raising {@link CancelledError} (unless the body was also cancelled from outside) and
     * {@link Asyncio#taskGroup} returns the body's result, or null if the body was interrupted;
     * errors raised by tasks while they wind down are still raised in an {@link ExceptionGroup}. Like
     * trio's {@code CancelScope.cancel()} and the {@code TaskGroup.cancel()} CPython added after 3.13. Idempotent;
     * does nothing once the group is finished.
     */
    public void cancel() {
        if (exiting && tasks.isEmpty()) {
            return;
        }
        if (!aborting) {
            abort();
            if (!parentCancelRequested) {
                parentCancelRequested = true;
                parent.cancel();
            }
        }
    }

    private void abort() {
        aborting = true;
        // Cancelling only requests: no task completes (and leaves the set) during this loop.
        for (Task<?> t : List.copyOf(tasks)) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(Future<?> f) {
        tasks.remove(f);
        Future<Boolean> oc = onCompleted;
        if (oc != null && tasks.isEmpty() && !oc.done()) {
            oc.setResult(true);
        }
        if (f.cancelled()) {
            return;
        }
        Throwable e = f.exception();
        if (e == null) {
            return;
        }
        errors.add(e);
        if (isBaseError(e) && baseError == null) {
            baseError = e;
        }
        if (parent.done()) {
            loop.callExceptionHandler(new ErrorContext("Task " + f + " has errored out but its parent task "
                    + parent + " is already completed", e, f, null));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Interrupt whatever the body is awaiting; exit() withdraws this request again.
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    /** CPython's {@code TaskGroup._aexit}: {@code bodyError} is what the body threw, or null. */
    private void exit(Throwable bodyError) {
        exiting = true;
        if (bodyError != null && isBaseError(bodyError) && baseError == null) {
            baseError = bodyError;
        }
        Throwable propagateCancel = bodyError instanceof CancelledError ? bodyError : null;
        if (bodyError != null && !aborting) {
            // The body was cancelled from outside, or failed: stop the tasks.
            abort();
        }
        // A loop: the wait can be cancelled several times if the parent task is cancelled repeatedly.
        Throwable pendingCancel = null;
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                onCompleted.call();
            } catch (CancelledError ce) {
                pendingCancel = ce;
                if (!aborting) {
                    // The parent was cancelled from outside while the group waited.
                    propagateCancel = ce;
                    abort();
                }
            }
            onCompleted = null;
        }
        if (baseError != null) {
            for (Throwable e : errors) {
                if (e != baseError) {
                    loop.callExceptionHandler(new ErrorContext("TaskGroup task exception was not propagated "
                            + "because the TaskGroup is being closed with " + baseError, e, null, null));
                }
            }
            throw Throw.sneaky(baseError);
        }
        if (parentCancelRequested) {
            // We cancelled the parent: withdraw it. What remains is someone else's, and must propagate.
            if (parent.uncancel() == 0) {
                propagateCancel = null;
            } else if (propagateCancel == null) {
                propagateCancel = pendingCancel;
            }
        }
        // A cancellation propagates, unless there are errors: those have priority.
        if (propagateCancel != null && errors.isEmpty()) {
            throw Throw.sneaky(propagateCancel);
        }
        if (bodyError != null && !(bodyError instanceof CancelledError)) {
            errors.add(bodyError);
        }
        if (!errors.isEmpty()) {
            if (parent.cancelling() > 0) {
                // An outside cancellation is pending: keep its count stable, and re-arm it so that it
                // is delivered at the parent's next suspension point, after the ExceptionGroup.
                parent.uncancel();
                parent.cancel();
            }
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }

    /** Errors raised as they are rather than grouped: Python's KeyboardInterrupt and SystemExit. */
    private static boolean isBaseError(Throwable e) {
        return e instanceof KeyboardInterrupt || e instanceof VirtualMachineError;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            sb.append(" tasks=").append(tasks.size());
        }
        if (!errors.isEmpty()) {
            sb.append(" errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(" cancelling");
        } else if (exiting && tasks.isEmpty()) {
            sb.append(" finished");
        } else {
            sb.append(" entered");
        }
        return sb.append('>').toString();
    }
}
