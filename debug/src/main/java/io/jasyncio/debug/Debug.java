package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** The loops created in this JVM that are not garbage yet (loop → its name). */
    private static final Map<EventLoop, Boolean> LOOPS = new WeakHashMap<>();
    private static boolean registered;

    private Debug() {
    }

    /**
     * Adds {@code loop} to the loops this JVM publishes (the kernel does it for every loop when this
     * module is present), and registers the JMX bean on the first call.
     *
     * @param loop the loop
     */
    public static void register(EventLoop loop) {
        synchronized (LOOPS) {
            LOOPS.put(loop, Boolean.TRUE);
            if (!registered) {
                registered = true;
                registerMBean();
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
     * asyncio's {@code print_call_graph(task)}.
     *
     * @param task a task
     * @param out where to print
     */
    public static void printCallGraph(Task<?> task, PrintStream out) {
        out.print(formatCallGraph(task));
    }
}
