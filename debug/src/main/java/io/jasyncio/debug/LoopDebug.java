package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.Handle;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.LoopMonitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * The debug-mode monitor of one loop: it records what holds the loop's thread (for the
 * {@link Watchdog}), warns of slow callbacks as asyncio does, and keeps the loop's metrics.
 *
 * <p>The loop's thread writes {@link #current} and {@link #startNanos} before publishing a new
 * {@link #seq} (a release store); the watchdog reads {@code seq}, the fields, and {@code seq} again,
 * and trusts the fields only if both reads agree.
 */
final class LoopDebug implements LoopMonitor {

    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(LoopDebug.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventLoop loop;
    final String name;
    private final long attachedNanos = System.nanoTime();

    /** How long an item may hold the loop before it is reported (asyncio's slow_callback_duration). */
    volatile long thresholdNanos = Debug.defaultSlowCallbackNanos();

    // Written by the loop's thread; read by the watchdog (see the class comment).
    private Object current;
    private long startNanos;
    @SuppressWarnings("unused")
    private volatile long seq;
    /** Set by the watchdog when it reported the item of {@code seq}: its end is reported too. */
    volatile long reportedSeq = -1;
    /** What the watchdog named as the holder of {@code reportedSeq}, and its task id (or -1). */
    volatile String reportedHolder;
    volatile long reportedTaskId = -1;

    // Metrics, written by the loop's thread only; other threads read them racily (a snapshot).
    private long busyNanos;
    private long turns;
    private long items;
    private long slowCallbacks;
    private double lastLag;
    private double maxLag;
    /** Whether this turn's lag was taken (from its first timer). */
    private boolean lagSampled;
    private long longestNanos;

    LoopDebug(EventLoop loop) {
        this.loop = loop;
        this.name = TaskTable.loopName(loop);
    }

    @Override
    public void batch(ArrayDeque<Object> ready, int n) {
        turns++;
        lagSampled = false;
    }

    @Override
    public void enter(Object item) {
        // Timers join a batch in deadline order: the turn's first is the latest to start, its lag the turn's.
        if (!lagSampled && item instanceof TimerHandle h) {
            lagSampled = true;
            double lag = loop.time() - h.when();
            lastLag = lag;
            if (lag > maxLag) {
                maxLag = lag;
            }
        }
        // A continuation the JDK queued is named by its task (a first step, a sleep(0), a JDK wake-up):
        // resolved now, while its thread is alive, for the watchdog and the slow-callback warning.
        current = item instanceof Task || item instanceof Handle ? item : resolve(item);
        startNanos = System.nanoTime();
        SEQ.setRelease(this, (long) SEQ.getOpaque(this) + 1);
    }

    @Override
    public void exit(Object item) {
        long took = System.nanoTime() - startNanos;
        long s = (long) SEQ.getOpaque(this);
        Object what = current;
        current = null;
        SEQ.setRelease(this, s + 1);
        busyNanos += took;
        items++;
        if (took > longestNanos) {
            longestNanos = took;
        }
        if (took >= thresholdNanos) {
            slowCallbacks++;
            String holder = reportedSeq == s ? reportedHolder : describe(what);
            JfrEvents.slowCallback(name, holder, took);
            if (reportedSeq == s) {
                Watchdog.released(this, took);
            } else {
                // asyncio's warning in debug mode: "Executing <Handle ...> took 0.123 seconds".
                LOG.log(System.Logger.Level.WARNING, "Executing " + holder + " took "
                        + String.format("%.3f", took / 1e9) + " seconds");
            }
        }
    }

    private static Object resolve(Object item) {
        Task<?> t = Watchdog.taskOfContinuation(item);
        return t != null ? t : item;
    }

    /** What holds the loop now, if anything: {item, start nanos, seq}, or null when it idles. */
    Object[] holder() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long s = (long) SEQ.getAcquire(this);
            Object c = current;
            long st = startNanos;
            if ((long) SEQ.getAcquire(this) == s) {
                return c == null ? null : new Object[] {c, st, s};
            }
        }
        return null;
    }

    /** A task step as {@code task 'name' (id N)}, a callback as its handle. */
    static String describe(Object item) {
        if (item instanceof Task<?> t) {
            return "task '" + t.getName() + "' (id " + t.thread().threadId() + ")";
        }
        if (item instanceof Handle h) {
            return "callback " + h;
        }
        return "a step of a task";
    }

    LoopMetrics metrics() {
        long now = System.nanoTime();
        long wall = Math.max(1, now - attachedNanos);
        long busy = busyNanos;
        var a = Kernel.access();
        return new LoopMetrics(name, lastLag, maxLag, busy / 1e9, Math.max(0, wall - busy) / 1e9,
                (double) busy / wall, turns, items, slowCallbacks, longestNanos / 1e9,
                a.tasksAlive(loop), a.timersPending(loop), a.ioRegistrations(loop));
    }
}
