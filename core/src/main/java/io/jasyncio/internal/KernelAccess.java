package io.jasyncio.internal;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.util.function.Supplier;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

/**
 * The one seam between the kernel ({@code io.jasyncio}) and the leaf packages ({@code sync}, {@code queues},
 * {@code net}, {@code streams}, {@code subprocess}): the dozen operations a leaf needs that are not public
 * API. The kernel implements it and installs the implementation when {@link EventLoop} is initialised; leaves
 * reach it through {@link Kernel#access()}. This is the JDK's {@code SharedSecrets} pattern: {@code Task}'s and
 * {@code EventLoop}'s members stay package-private, and this package is not exported, so on the module path
 * no user can call it. On the class path it is internal by name only.
 *
 * <p>Every method is loop-confined unless it says otherwise.
 */
public interface KernelAccess {

    /**
     * The current task.
     *
     * @param what the operation, for the error message (e.g. {@code "Queue.get()"})
     * @throws IllegalStateException if not called from a task: "... must be called from a task (inside run)"
     */
    Task<?> currentTask(String what);

    /**
     * The current task, about to wait on {@code user}, a queue or primitive bound to {@code bound} (null: not
     * bound yet): CPython's {@code _LoopBoundMixin._get_loop}. The caller then stores the task's loop as the
     * bound loop.
     *
     * @throws IllegalStateException if not called from a task, or from a task of a loop other than {@code bound}
     */
    Task<?> boundTask(EventLoop bound, Object user, String what);

    /**
     * Parks {@code task} (the current one) until {@code f} is done, without taking its outcome. A pending
     * cancellation of the task is raised first by cancelling {@code f}, as asyncio's {@code Task.__step} does.
     *
     * @throws CancelledError if the task is cancelled while it waits ({@code f} may still be pending then)
     */
    void awaitDone(Task<?> task, Future<?> f);

    /** The cancellation {@code task} must raise for {@code e}, an interruption of a JDK blocking call. */
    CancelledError cancellationFor(Task<?> task, Throwable e);

    /**
     * Registers {@code channel} with the loop's selector for {@code ops}, with {@code handle} called on
     * readiness. A channel registered before (a pending connect) is handed over to the new handle.
     *
     * @throws ClosedChannelException if the channel is closed
     */
    IoRegistration register(EventLoop loop, SelectableChannel channel, int ops, IoHandle handle)
            throws ClosedChannelException;

    /** Lets the selector release cancelled registrations now, so that closed channels are really closed. */
    void flushCancelledRegistrations(EventLoop loop);

    /**
     * Marks the start of outside work (a pipe thread, a child process) that the loop must wait for before a
     * virtual clock may jump ahead. Each call is matched by one {@link #outsideWorkDone}.
     */
    void outsideWorkStarted(EventLoop loop);

    /** Marks the end of outside work started with {@link #outsideWorkStarted}. */
    void outsideWorkDone(EventLoop loop);

    /**
     * A value that a leaf keeps per loop (for example the registry of child processes), created by {@code init}
     * on first use.
     *
     * @param key identifies the value; by convention the leaf's class
     */
    <T> T loopLocal(EventLoop loop, Object key, Supplier<T> init);

    /**
     * Runs {@code hook} when the loop closes, on the closing thread, before the loop's own resources go, in
     * the order hooks were added. A hook that throws is reported and does not stop the others.
     */
    void onClose(EventLoop loop, Runnable hook);

    // ------------------------------------------------------------------------------------------
    // For the debugging tools (jasyncio-debug, the testkit); any thread unless it says otherwise.

    /** The loop's thread while it runs, else null. */
    Thread loopThread(EventLoop loop);

    /** Pending tasks of the loop (from another thread, a racy read). */
    int tasksAlive(EventLoop loop);

    /** Timers in the loop's queue, cancelled ones not yet dropped included (racy from another thread). */
    int timersPending(EventLoop loop);

    /** Channels registered with the loop's selector (racy from another thread). */
    int ioRegistrations(EventLoop loop);

    /**
     * What {@code task} is suspended on: the future it awaits, the timer of its sleep, or null (running,
     * ready, or parked in a JDK blocking call). A racy read from another thread.
     */
    Object waitingOn(Task<?> task);

    /** The task whose thread {@code thread} is, or null (any thread). */
    Task<?> taskOf(Thread thread);

    /** The thread id of the task that created {@code task}, or -1 if it was created outside a task. */
    long creatorId(Task<?> task);

    /**
     * Attaches a monitor to the loop (null detaches it). Call it before the loop runs or on its thread.
     */
    void setMonitor(EventLoop loop, LoopMonitor monitor);

    /** The loop's monitor, or null. */
    LoopMonitor monitor(EventLoop loop);
}
