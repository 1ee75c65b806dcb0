package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.internal.Kernel;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.WeakHashMap;
import javax.management.ObjectName;

/**
 * In-process introspection: asyncio 3.14's {@code print_call_graph} and {@code format_call_graph}, the
 * task tree of a loop, and the loops this JVM knows (which {@code ./jasyncio ps} reads over JMX).
 *
 * <pre>{@code
 * Debug.printCallGraph(Asyncio.currentTask(), System.out);   // asyncio.print_call_graph()
 * System.out.print(Debug.taskTree(loop).formatTree());       // what ./jasyncio pstree PID prints
 * }</pre>
 */
public final class Debug {

    /** The loops created in this JVM that are not garbage yet. */
    private static final Map<EventLoop, Boolean> LOOPS = new WeakHashMap<>();
    /** The monitors of the loops in debug mode. */
    private static final Map<EventLoop, LoopDebug> DEBUG = new WeakHashMap<>();
    private static boolean registered;

    private Debug() {
    }

    /**
     * Adds {@code loop} to the loops this JVM publishes (the kernel does it for every loop when this
     * module is present), and registers the JMX bean {@code io.jasyncio:type=Debug} on the first call,
     * on a thread of its own (unless the system property {@code jasyncio.debug.jmx} is {@code false}).
     *
     * @param loop the loop
     */
    public static void register(EventLoop loop) {
        synchronized (LOOPS) {
            LOOPS.put(loop, Boolean.TRUE);
            if (!registered) {
                registered = true;
                // The platform MBean server costs about 0.2 s of CPU to start: not on the program's path.
                if (!"false".equals(System.getProperty("jasyncio.debug.jmx"))) {
                    Thread.ofPlatform().daemon().name("jasyncio-debug-jmx").start(Debug::registerMBean);
                }
            }
        }
    }

    /**
     * The loops of this JVM not closed yet.
     *
     * @return a snapshot
     */
    public static List<EventLoop> loops() {
        List<EventLoop> out = new ArrayList<>();
        synchronized (LOOPS) {
            for (EventLoop l : LOOPS.keySet()) {
                if (!l.isClosed()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** A loop in debug mode got its monitor: its metrics go to JMX. */
    static void attached(LoopDebug d) {
        synchronized (LOOPS) {
            DEBUG.put(d.loop, d);
        }
        try {
            ObjectName name = new ObjectName("io.jasyncio:type=EventLoop,name=" + d.name);
            var server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new MetricsBean(d), name);
            // A closed loop's bean goes with it: a JVM that makes many loops (a test suite) keeps none.
            Kernel.access().onClose(d.loop, () -> {
                synchronized (LOOPS) {
                    DEBUG.remove(d.loop); // the value holds the loop: a weak key alone would never clear
                }
                try {
                    server.unregisterMBean(name);
                } catch (javax.management.JMException gone) {
                    // Unregistered already.
                }
            });
        } catch (javax.management.JMException e) {
            System.getLogger("io.jasyncio.debug").log(System.Logger.Level.WARNING,
                    "could not register the metrics of " + d.name + " with JMX", e);
        }
    }

    private static LoopDebug monitor(EventLoop loop) {
        synchronized (LOOPS) {
            LoopDebug d = DEBUG.get(loop);
            if (d == null) {
                throw new IllegalStateException(TaskTable.loopName(loop) + " is not in debug mode: build it with "
                        + "EventLoop.builder().debug(true), run(main, true), -Djasyncio.debug=true or JASYNCIO_DEBUG=1");
            }
            return d;
        }
    }

    /**
     * The metrics of a loop in debug mode; any thread.
     *
     * @param loop the loop
     * @return its metrics now
     * @throws IllegalStateException if the loop is not in debug mode
     */
    public static LoopMetrics metrics(EventLoop loop) {
        return monitor(loop).metrics();
    }

    /**
     * Sets how long one callback or task step may hold {@code loop}'s thread before the watchdog
     * reports it and a slow-callback warning is logged: asyncio's {@code loop.slow_callback_duration}.
     *
     * @param loop a loop in debug mode
     * @param seconds the threshold (0.1 by default, or the system property
     *     {@code jasyncio.debug.slowCallbackDuration})
     * @throws IllegalStateException if the loop is not in debug mode
     * @throws IllegalArgumentException if {@code seconds} is not positive
     */
    public static void setSlowCallbackDuration(EventLoop loop, double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("the slow-callback duration must be positive, got " + seconds);
        }
        monitor(loop).thresholdNanos = (long) (seconds * 1e9);
    }

    static long defaultSlowCallbackNanos() {
        String s = System.getProperty("jasyncio.debug.slowCallbackDuration");
        double seconds = 0.1;
        if (s != null) {
            try {
                seconds = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("jasyncio.debug.slowCallbackDuration must be a number of seconds, got '"
                        + s + "'", e);
            }
        }
        return (long) (seconds * 1e9);
    }

    /**
     * Calls {@code listener} with every blocked-loop report of the watchdog (on the watchdog's thread
     * while blocked, on the loop's thread when released). While a listener is registered, reports are
     * not logged: the listeners take the place of the log, as an exception handler does.
     *
     * @param listener the listener
     */
    public static void addBlockedLoopListener(Consumer<BlockedLoopReport> listener) {
        Watchdog.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added with {@link #addBlockedLoopListener}.
     *
     * @param listener the listener
     */
    public static void removeBlockedLoopListener(Consumer<BlockedLoopReport> listener) {
        Watchdog.removeListener(listener);
    }

    private record MetricsBean(LoopDebug d) implements LoopMetricsMXBean {
        public double getLagSeconds() {
            return d.metrics().lagSeconds();
        }

        public double getMaxLagSeconds() {
            return d.metrics().maxLagSeconds();
        }

        public double getBusySeconds() {
            return d.metrics().busySeconds();
        }

        public double getIdleSeconds() {
            return d.metrics().idleSeconds();
        }

        public double getBusyRatio() {
            return d.metrics().busyRatio();
        }

        public long getTurns() {
            return d.metrics().turns();
        }

        public long getSlowCallbacks() {
            return d.metrics().slowCallbacks();
        }

        public int getTasksAlive() {
            return d.metrics().tasksAlive();
        }

        public int getTimersPending() {
            return d.metrics().timersPending();
        }

        public int getIoRegistrations() {
            return d.metrics().ioRegistrations();
        }
    }

    private static void registerMBean() {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(
                    (DebugMXBean) () -> TaskTable.of(TaskTable.capture(loops(), null)).toJson(),
                    new ObjectName(Ps.MBEAN));
        } catch (javax.management.JMException e) {
            System.getLogger("io.jasyncio.debug").log(System.Logger.Level.WARNING,
                    "could not register " + Ps.MBEAN + "; ./jasyncio ps will show less", e);
        }
    }

    /**
     * The tasks of {@code loop} now, with their await links. Call it on the loop's thread (a task or a
     * callback) for an exact picture; from another thread it is a best-effort snapshot.
     *
     * @param loop the loop
     * @return its task tree
     */
    public static TaskTree taskTree(EventLoop loop) {
        return new TaskTree(TaskTable.capture(List.of(loop), Task.current()));
    }

    /**
     * asyncio's {@code format_call_graph(task)}: the task, its call stack, and the chain of tasks that
     * await it.
     *
     * @param task a task
     * @return the call graph as text
     */
    public static String formatCallGraph(Task<?> task) {
        TaskTree tree = taskTree(task.getLoop());
        for (TaskInfo t : tree.tasks()) {
            if (t.id() == task.thread().threadId()) {
                return tree.formatCallGraph(t);
            }
        }
        // Done, or not yet in the list: alone.
        TaskInfo alone = TaskTable.describe(task, TaskTable.loopName(task.getLoop()), Task.current());
        return new TaskTree(List.of(alone)).formatCallGraph(alone);
    }

    /**
     * asyncio's {@code print_call_graph()}: the call graph of the current task, on standard output.
     *
     * @throws IllegalStateException if not called from a task
     */
    public static void printCallGraph() {
        Task<?> t = Task.current();
        if (t == null) {
            throw new IllegalStateException("printCallGraph() with no task must be called from a task; "
                    + "pass the task to print another one");
        }
        printCallGraph(t, System.out);
    }

    /**
     * asyncio's {@code print_call_graph(task)}.
     *
     * @param task a task
     * @param out where to print
     */
    public static void printCallGraph(Task<?> task, PrintStream out) {
        out.print(formatCallGraph(task));
    }
}
