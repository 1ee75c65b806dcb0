package io.jasyncio.debug;

import io.jasyncio.Handle;
import io.jasyncio.Task;
import io.jasyncio.internal.Kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The blocked-loop watchdog of debug mode: one daemon platform thread per JVM that looks at every
 * debug-mode loop a few times per threshold. When one item (a task step or a callback) has held a
 * loop's thread longer than the loop's threshold (100 ms by default, asyncio's
 * {@code slow_callback_duration}), it reports the holder and its live stack while it still runs; the
 * loop's thread reports the total when the item returns.
 *
 * <p>Which task holds the loop: a wake-up names its task; a continuation the JDK queued (a task's
 * first step, a {@code sleep(0)}, the end of a JDK blocking call) holds its virtual thread, read with
 * reflection where the engine's flag opens {@code java.lang}; without it the report shows the loop
 * thread's stack.
 */
final class Watchdog {

    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final List<LoopDebug> LOOPS = new CopyOnWriteArrayList<>();
    private static final List<Consumer<BlockedLoopReport>> LISTENERS = new CopyOnWriteArrayList<>();
    /** The field of the JDK's continuation runnable that holds its virtual thread, once found. */
    private static volatile java.lang.reflect.Field continuationThread;
    private static volatile Thread thread;

    private Watchdog() {
    }

    static synchronized void watch(LoopDebug d) {
        LOOPS.add(d);
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("jasyncio-watchdog").start(Watchdog::run);
            // JFR's first event costs class loading and setup: do it now, not while a loop is blocked.
            Thread.ofPlatform().daemon().name("jasyncio-jfr-warm-up").start(JfrEvents::warmUp);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(JfrEvents::commitPending));
        }
    }

    /** Wakes the watchdog (to commit JFR events at once). */
    static void wake() {
        Thread t = thread;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    static void addListener(Consumer<BlockedLoopReport> l) {
        LISTENERS.add(l);
    }

    static void removeListener(Consumer<BlockedLoopReport> l) {
        LISTENERS.remove(l);
    }

    private static void run() {
        while (true) {
            long minThreshold = TimeUnit.MILLISECONDS.toNanos(100);
            for (LoopDebug d : LOOPS) {
                if (d.loop.isClosed()) {
                    LOOPS.remove(d);
                    continue;
                }
                minThreshold = Math.min(minThreshold, d.thresholdNanos);
                try {
                    check(d);
                } catch (RuntimeException e) { // a report that fails must not stop the watchdog
                    LOG.log(System.Logger.Level.WARNING, "jasyncio: the watchdog could not report on " + d.name, e);
                }
            }
            JfrEvents.commitPending();
            // A few looks per threshold: a block is reported at most a quarter of it late.
            LockSupportSleep.nanos(Math.max(TimeUnit.MILLISECONDS.toNanos(2), minThreshold / 4));
        }
    }

    private static void check(LoopDebug d) {
        Object[] h = d.holder();
        if (h == null) {
            return;
        }
        long seq = (long) h[2];
        long held = System.nanoTime() - (long) h[1];
        if (held < d.thresholdNanos || d.reportedSeq == seq) {
            return;
        }
        Object item = h[0];
        Thread loopThread = Kernel.access().loopThread(d.loop);
        Task<?> task = item instanceof Task<?> t ? t : null; // LoopDebug.enter resolved continuations
        StackTraceElement[] stack;
        String holder;
        if (task != null) {
            stack = task.thread().getStackTrace();
            holder = LoopDebug.describe(task);
        } else {
            stack = loopThread == null ? new StackTraceElement[0] : trimLoopFrames(loopThread.getStackTrace());
            holder = LoopDebug.describe(item);
        }
        if (d.holder() == null || (long) d.holder()[2] != seq) {
            return; // it returned while we looked: the loop thread reports it if it was slow
        }
        long taskId = task == null ? -1 : task.thread().threadId();
        synchronized (d) { // the release report waits for this one: it never comes first
            d.reportedHolder = holder;
            d.reportedTaskId = taskId;
            d.reportedSeq = seq;
            publish(new BlockedLoopReport(d.name, holder, taskId,
                    (System.nanoTime() - (long) h[1]) / 1e9, false, Arrays.asList(stack)));
        }
    }

    /**
     * The task whose continuation {@code item} is, or null. The JDK queues a virtual thread's own
     * {@code runContinuation} runnable (a method reference holding the thread); reading the thread out
     * of it needs {@code java.lang} open to this module, as the engine's flag does.
     */
    static Task<?> taskOfContinuation(Object item) {
        if (!(item instanceof Runnable) || item instanceof Handle
                || !item.getClass().getName().startsWith("java.lang.VirtualThread$")) {
            return null;
        }
        try {
            java.lang.reflect.Field f = continuationThread;
            if (f == null || f.getDeclaringClass() != item.getClass()) {
                f = null;
                for (java.lang.reflect.Field c : item.getClass().getDeclaredFields()) {
                    if (Thread.class.isAssignableFrom(c.getType())) {
                        c.setAccessible(true);
                        f = c;
                    }
                }
                if (f == null) {
                    return null;
                }
                continuationThread = f;
            }
            return Kernel.access().taskOf((Thread) f.get(item));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not open to us: the report shows the loop thread's stack instead
        }
    }

    /** The loop thread's frames above the loop's own machinery (the callback's frames). */
    private static StackTraceElement[] trimLoopFrames(StackTraceElement[] stack) {
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals("io.jasyncio.LoopTurn")) {
                break;
            }
            out.add(e);
        }
        return out.toArray(StackTraceElement[]::new);
    }

    /** Called on the loop's thread when a reported item returns. */
    static void released(LoopDebug d, long tookNanos) {
        synchronized (d) {
            publish(new BlockedLoopReport(d.name, d.reportedHolder, d.reportedTaskId, tookNanos / 1e9, true, List.of()));
        }
    }

    private static void publish(BlockedLoopReport r) {
        if (LISTENERS.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, r.format()); // listeners replace the log, as exception handlers do
        }
        for (Consumer<BlockedLoopReport> l : LISTENERS) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a blocked-loop listener failed", e);
            }
        }
        JfrEvents.blockedLoop(r);
    }

    /** Sleeps without the interrupt dance: the watchdog is never interrupted on purpose. */
    private static final class LockSupportSleep {
        static void nanos(long n) {
            java.util.concurrent.locks.LockSupport.parkNanos(n);
        }
    }
}
