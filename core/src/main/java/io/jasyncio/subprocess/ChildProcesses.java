package io.jasyncio.subprocess;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.jasyncio.EventLoop;

/**
 * The child processes of one loop that are not finished yet ({@link AsyncProcess}), so that closing
 * the loop does not leak them: {@link EventLoop#close()} calls {@link #closeAll()}, which terminates
 * the children still running, kills those that outlive a grace period, and ends the pipe threads.
 * asyncio keeps the same list in its child watcher and kills the leftovers when it collects their
 * transports; here the loop's close is the one moment every task of the loop is known to be over.
 */
final class ChildProcesses {

    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    /** How long a child may take to exit after SIGTERM before it gets SIGKILL. */
    static final long GRACE_MILLIS = 1000;
    /** How long to wait for killed children to be reaped. */
    private static final long KILLED_WAIT_MILLIS = 5000;

    private final LinkedHashSet<AsyncProcess> live = new LinkedHashSet<>();

    private static final KernelAccess KERNEL = Kernel.access();

    private ChildProcesses() {
    }

    /** The registry of {@code loop}, created on first use; loop-confined. */
    static ChildProcesses of(EventLoop loop) {
        return KERNEL.loopLocal(loop, ChildProcesses.class, () -> {
            ChildProcesses c = new ChildProcesses();
            KERNEL.onClose(loop, c::closeAll); // the loop itself knows nothing of child processes
            return c;
        });
    }

    void add(AsyncProcess p) {
        live.add(p);
    }

    void remove(AsyncProcess p) {
        live.remove(p);
    }

    /**
     * At loop close (on the closing thread; the loop no longer runs): SIGTERM to every child still
     * running, SIGKILL to those alive after {@link #GRACE_MILLIS}, a wait until they are gone, then the
     * pipe threads of every unfinished process are told to end.
     */
    void closeAll() {
        List<ProcessHandle> running = new ArrayList<>();
        for (AsyncProcess p : live) {
            ProcessHandle h = p.process.toHandle();
            if (!p.exitSeen() && h.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "closing " + p.loop + " with " + p
                        + " still running: terminating it (SIGKILL after " + GRACE_MILLIS + " ms)");
                h.destroy();
                running.add(h);
            }
        }
        if (!awaitExit(running, GRACE_MILLIS)) {
            for (ProcessHandle h : running) {
                h.destroyForcibly();
            }
            awaitExit(running, KILLED_WAIT_MILLIS);
        }
        for (AsyncProcess p : live) {
            p.stopThreads();
        }
        live.clear();
    }

    /** Waits up to {@code millis} for every handle to exit; true if they all did. */
    private static boolean awaitExit(List<ProcessHandle> handles, long millis) {
        if (handles.isEmpty()) {
            return true;
        }
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the interrupt; the killing goes on without waiting
            return false;
        }
    }
}
