package io.jasyncio;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.util.function.Supplier;
import io.jasyncio.internal.IoHandle;
import io.jasyncio.internal.IoRegistration;
import io.jasyncio.internal.KernelAccess;
import io.jasyncio.internal.LoopMonitor;

/**
 * The kernel's side of the seam ({@link KernelAccess}): each operation forwards to a package-private member,
 * so that {@code Task}'s and {@code EventLoop}'s internals stay invisible to the leaves. Installed by
 * {@link EventLoop}'s static initializer.
 */
final class KernelAccessImpl implements KernelAccess {

    @Override
    public Task<?> currentTask(String what) {
        return Task.currentOrThrow(what);
    }

    @Override
    public Task<?> boundTask(EventLoop bound, Object user, String what) {
        Task<?> t = Task.currentOrThrow(what);
        if (bound != null && bound != t.loop) {
            throw new IllegalStateException(user + " is bound to a different event loop: it is used by tasks of "
                    + bound + ", and " + what + " was called from " + t + " of " + t.loop);
        }
        return t;
    }

    @Override
    public void awaitDone(Task<?> task, Future<?> f) {
        task.waitFor(f);
    }

    @Override
    public CancelledError cancellationFor(Task<?> task, Throwable e) {
        return task.cancellationFor(e);
    }

    @Override
    public IoRegistration register(EventLoop loop, SelectableChannel channel, int ops, IoHandle handle)
            throws ClosedChannelException {
        return loop.io.register(channel, ops, handle);
    }

    @Override
    public void flushCancelledRegistrations(EventLoop loop) {
        loop.io.pollNow();
    }

    @Override
    public void outsideWorkStarted(EventLoop loop) {
        loop.turn.outsideWork++;
    }

    @Override
    public void outsideWorkDone(EventLoop loop) {
        loop.turn.outsideWork--;
    }

    @Override
    public <T> T loopLocal(EventLoop loop, Object key, Supplier<T> init) {
        return loop.resources.local(key, init);
    }

    @Override
    public void onClose(EventLoop loop, Runnable hook) {
        loop.resources.onClose(hook);
    }

    @Override
    public Thread loopThread(EventLoop loop) {
        return loop.thread;
    }

    @Override
    public int tasksAlive(EventLoop loop) {
        return loop.taskCount();
    }

    @Override
    public int timersPending(EventLoop loop) {
        return loop.turn.timers.size();
    }

    @Override
    public int ioRegistrations(EventLoop loop) {
        return loop.io.registrations();
    }

    @Override
    public Object waitingOn(Task<?> task) {
        Object w = task.waitingOn;
        return w != null ? w : task.sleepTimer;
    }

    @Override
    public Task<?> taskOf(Thread thread) {
        return thread.isVirtual() && thread.getUncaughtExceptionHandler() instanceof Task.Binding b ? b.task : null;
    }

    @Override
    public long creatorId(Task<?> task) {
        return task.creatorId;
    }

    @Override
    public void setMonitor(EventLoop loop, LoopMonitor monitor) {
        loop.turn.monitor = monitor;
    }

    @Override
    public LoopMonitor monitor(EventLoop loop) {
        return loop.turn.monitor;
    }
}
