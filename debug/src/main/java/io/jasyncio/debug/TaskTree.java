package io.jasyncio.debug;

import io.jasyncio.debug.TaskInfo.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of tasks with their await links, and its three printed forms: asyncio 3.14's {@code ps}
 * table, {@code pstree}, and {@code print_call_graph}.
 *
 * <h2>Who awaits whom</h2>
 * Task A awaits task B when A is suspended on B itself ({@code await(b)}), or when B was created by A
 * and A waits in a {@code gather} or at the end of a task group (asyncio records the same links as
 * "awaited by"). A task nobody awaits is a root of the tree.
 *
 * <h2>Stacks</h2>
 * A task's stack is shown as its coroutine stack: the frames of the program, plus the jasyncio call
 * it is suspended in ({@code Asyncio.sleep}, {@code Queue.get}); the JDK's and jasyncio's inner frames
 * are left out, as asyncio shows coroutines and not the event loop's own frames.
 */
public final class TaskTree {

    /** The packages of jasyncio itself; other {@code io.jasyncio} packages (examples) are user code. */
    private static final Set<String> LIBRARY = Set.of("io.jasyncio", "io.jasyncio.internal", "io.jasyncio.sync",
            "io.jasyncio.queues", "io.jasyncio.net", "io.jasyncio.streams", "io.jasyncio.subprocess",
            "io.jasyncio.testing", "io.jasyncio.debug");

    private final List<TaskInfo> tasks;
    private final Map<Long, TaskInfo> byId = new HashMap<>();
    private final Map<Long, List<TaskInfo>> awaitedBy = new LinkedHashMap<>();
    private final Map<Long, TaskInfo> awaiter = new HashMap<>();

    /**
     * A tree of {@code tasks}.
     *
     * @param tasks the tasks, in the order to print them
     */
    public TaskTree(List<TaskInfo> tasks) {
        this.tasks = List.copyOf(tasks);
        for (TaskInfo t : this.tasks) {
            byId.put(t.id(), t);
        }
        for (TaskInfo t : this.tasks) {
            TaskInfo a = findAwaiter(t);
            if (a != null) {
                awaiter.put(t.id(), a);
                awaitedBy.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(t);
            }
        }
    }

    private TaskInfo findAwaiter(TaskInfo t) {
        for (TaskInfo a : tasks) {
            if (a.awaitsId() == t.id() && a.id() != t.id()) {
                return a;
            }
        }
        TaskInfo creator = byId.get(t.creatorId());
        if (creator != null && creator.awaitsId() < 0
                && (creator.awaiting().equals("gather") || creator.awaiting().equals("task group"))) {
            return creator;
        }
        return null;
    }

    /**
     * The tasks.
     *
     * @return every task, in the order given
     */
    public List<TaskInfo> tasks() {
        return tasks;
    }

    /**
     * The task awaiting {@code t}, if any.
     *
     * @param t a task of this tree
     * @return its awaiter, or null
     */
    public TaskInfo awaiterOf(TaskInfo t) {
        return awaiter.get(t.id());
    }

    // ------------------------------------------------------------------------------------------
    // Stacks

    /** Whether {@code f} is a frame of the JDK or of jasyncio itself (not of the program). */
    static boolean isLibrary(Frame f) {
        String c = f.className();
        if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                || c.startsWith("com.sun.")) {
            return true;
        }
        int dot = c.lastIndexOf('.');
        String pkg = dot < 0 ? "" : c.substring(0, dot);
        String simple = c.substring(dot + 1);
        int nest = simple.indexOf('$');
        String outer = nest < 0 ? simple : simple.substring(0, nest);
        return LIBRARY.contains(pkg) && !outer.endsWith("Test");
    }

    private static boolean isTaskBody(Frame f) {
        return f.className().equals("io.jasyncio.Task")
                && (f.method().equals("runBody") || f.method().equals("runWithBaton"));
    }

    /**
     * The coroutine stack of a task's thread stack: the program's frames, innermost first, with the
     * jasyncio call each is suspended in; the frames below the task's body are dropped.
     *
     * @param stack the thread's frames, innermost first
     * @return the frames to show
     */
    public static List<Frame> coroutineStack(List<Frame> stack) {
        int end = stack.size();
        for (int i = 0; i < stack.size(); i++) {
            if (isTaskBody(stack.get(i))) {
                end = i;
                break;
            }
        }
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            Frame f = stack.get(i);
            boolean calledByProgram = i + 1 < end && !isLibrary(stack.get(i + 1));
            if (!isLibrary(f) || (calledByProgram && !isJdk(f))) {
                out.add(f);
            }
        }
        if (out.isEmpty() && end > 0) {
            for (int i = end - 1; i >= 0; i--) { // no program frame: the outermost jasyncio one
                if (!isJdk(stack.get(i))) {
                    out.add(stack.get(i));
                    break;
                }
            }
        }
        return out;
    }

    private static boolean isJdk(Frame f) {
        String c = f.className();
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
    }

    // ------------------------------------------------------------------------------------------
    // ps

    /**
     * The table of {@code ./jasyncio ps}: one line per task, as asyncio's {@code python -m asyncio ps}.
     *
     * @return the table, with a header
     */
    public String formatTable() {
        String[] head = {"loop", "task id", "task name", "state", "awaiting", "coroutine stack", "awaiter name",
                "awaiter id"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (TaskInfo t : tasks) {
            TaskInfo a = awaiterOf(t);
            rows.add(new String[] {t.loop(), String.valueOf(t.id()), t.name(), t.state(), t.awaiting(),
                    chain(t), a == null ? "" : a.name(), a == null ? "" : String.valueOf(a.id())});
        }
        int[] w = new int[head.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.min(Math.max(w[i], r[i].length()), 60);
            }
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].length() > w[i] ? row[i].substring(0, w[i] - 1) + "…" : row[i];
                line.append(cell).append(" ".repeat(w[i] - cell.length())).append(i + 1 < row.length ? "  " : "");
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int x : w) {
                    total += x + 2;
                }
                b.append("-".repeat(total - 2)).append('\n');
            }
        }
        return b.toString();
    }

    private static String chain(TaskInfo t) {
        StringBuilder b = new StringBuilder();
        for (Frame f : coroutineStack(t.stack())) {
            if (!b.isEmpty()) {
                b.append(" -> ");
            }
            b.append(f.shortName());
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------
    // pstree

    /**
     * The tree of {@code ./jasyncio pstree}: each task nobody awaits at the root, its coroutine stack
     * from the outermost frame in, and the tasks it awaits under its innermost frame, as asyncio's
     * {@code python -m asyncio pstree}.
     *
     * @return the tree
     */
    public String formatTree() {
        StringBuilder b = new StringBuilder();
        List<TaskInfo> roots = new ArrayList<>();
        for (TaskInfo t : tasks) {
            if (awaiterOf(t) == null) {
                roots.add(t);
            }
        }
        if (roots.isEmpty() && !tasks.isEmpty()) {
            roots.add(tasks.get(0)); // every task awaits another: a cycle, shown from its first task
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < roots.size(); i++) {
            task(b, roots.get(i), "", i == roots.size() - 1, seen);
        }
        return b.toString();
    }

    private void task(StringBuilder b, TaskInfo t, String indent, boolean last, Set<Long> seen) {
        b.append(indent).append(last ? "└── " : "├── ").append("(T) ").append(t.name())
                .append(" [").append(t.id()).append(", ").append(t.state())
                .append(t.awaiting().isEmpty() ? "" : ": " + t.awaiting()).append("]");
        if (!seen.add(t.id())) {
            b.append(" (await cycle)\n");
            return;
        }
        b.append('\n');
        String in = indent + (last ? "    " : "│   ");
        List<Frame> frames = coroutineStack(t.stack()).reversed(); // outermost first
        List<TaskInfo> children = awaitedBy.getOrDefault(t.id(), List.of());
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            boolean lastFrame = i == frames.size() - 1;
            b.append(in).append("└── ").append(f.shortName()).append(' ').append(f.location()).append('\n');
            in = in + "    ";
            if (lastFrame) {
                break;
            }
        }
        for (int i = 0; i < children.size(); i++) {
            task(b, children.get(i), in, i == children.size() - 1, seen);
        }
    }

    // ------------------------------------------------------------------------------------------
    // print_call_graph

    /**
     * asyncio 3.14's {@code format_call_graph(task)}: the task, its call stack (innermost first) and,
     * recursively, the tasks awaiting it.
     *
     * @param t a task of this tree
     * @return the text
     */
    public String formatCallGraph(TaskInfo t) {
        StringBuilder b = new StringBuilder();
        callGraph(b, t, "", new HashSet<>());
        return b.toString();
    }

    private void callGraph(StringBuilder b, TaskInfo t, String indent, Set<Long> seen) {
        b.append(indent).append("* Task(name='").append(t.name()).append("', id=").append(t.id())
                .append(", state=").append(t.state());
        if (!t.awaiting().isEmpty()) {
            b.append(", awaiting=").append(t.awaiting());
        }
        b.append(")\n");
        if (!seen.add(t.id())) {
            b.append(indent).append("  (await cycle)\n");
            return;
        }
        List<Frame> frames = coroutineStack(t.stack());
        if (!frames.isEmpty()) {
            b.append(indent).append("+ Call stack:\n");
            for (Frame f : frames) {
                b.append(indent).append("|   File '").append(f.file()).append("', line ").append(f.line())
                        .append(", in ").append(f.shortName()).append('\n');
            }
        }
        TaskInfo a = awaiterOf(t);
        if (a != null) {
            b.append(indent).append("+ Awaited by:\n");
            callGraph(b, a, indent + "   ", seen);
        }
    }
}
