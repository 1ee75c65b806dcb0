package io.jasyncio.testing;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.debug.Debug;
import io.jasyncio.internal.Kernel;

import java.util.concurrent.locks.LockSupport;

/**
 * The real-time limit of one {@link TestLoop#runMain}: a daemon thread that, if the run outlives the
 * limit, prints every task's stack (the loop's task tree, and the loop thread's own stack when it is
 * busy), then cancels the main task so that the run ends and fails.
 */
final class HangWatch {

    private final EventLoop loop;
    private final double timeout;
    private volatile Thread watcher;
    private volatile boolean stopped;
    private volatile String report;

    HangWatch(EventLoop loop, double timeout) {
        this.loop = loop;
        this.timeout = timeout;
    }

    /** Starts the clock; called from the main task. */
    void started(Task<?> main) {
        long deadline = System.nanoTime() + (long) (timeout * 1e9);
        watcher = Thread.ofPlatform().daemon().name("jasyncio-test-hang-watch").start(() -> {
            long left;
            while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
            if (stopped) {
                return;
            }
            String r = describe();
            report = r;
            System.err.println(r);
            try {
                loop.callSoonThreadsafe(() -> main.cancel("the test hung"));
            } catch (IllegalStateException closed) {
                // It ended meanwhile.
            }
        });
    }

    private String describe() {
        StringBuilder b = new StringBuilder(String.format(
                "the test hung: still running after %s s of real time (TestLoop.hangTimeout); every task's stack:%n",
                timeout));
        try {
            b.append(Debug.taskTree(loop).formatTree());
        } catch (RuntimeException e) {
            b.append("(the task list could not be read: ").append(e).append(")\n");
        }
        Thread t = Kernel.access().loopThread(loop);
        if (t != null && t.getState() == Thread.State.RUNNABLE) {
            // Not waiting for work: a callback or a task holds the loop's thread (a CPU loop, say).
            b.append("the loop's thread is busy:\n");
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(stack.length, 30); i++) {
                b.append("    at ").append(stack[i]).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    /** The report, if the limit was hit. */
    String report() {
        return report;
    }

    void stop() {
        stopped = true;
        Thread w = watcher;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
