package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.debug.TaskInfo.Frame;
import io.jasyncio.internal.Kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What a JVM says about its tasks beyond a thread dump: each task's name, loop and await links, keyed
 * by the id of its thread. A JVM with this module publishes it over JMX ({@link DebugMXBean}), and
 * {@link Ps} joins it with the JDK's thread dump, which has the stacks.
 *
 * @param entries one entry per pending task
 */
record TaskTable(List<Entry> entries) {

    /**
     * One task.
     *
     * @param id its thread's id
     * @param name its name
     * @param loop its loop ({@code EventLoop-N})
     * @param awaiting what it waits for (see {@link TaskInfo#awaiting()})
     * @param awaitsId the task it awaits directly, or -1
     * @param creatorId the task that created it, or -1
     */
    record Entry(long id, String name, String loop, String awaiting, long awaitsId, long creatorId) {
    }

    TaskTable {
        entries = List.copyOf(entries);
    }

    Entry get(long id) {
        for (Entry e : entries) {
            if (e.id() == id) {
                return e;
            }
        }
        return null;
    }

    /** The tasks of {@code loops} now, described in place (any thread; see {@link #tasksOf}). */
    static List<TaskInfo> capture(Collection<EventLoop> loops, Task<?> running) {
        List<TaskInfo> out = new ArrayList<>();
        for (EventLoop loop : loops) {
            String loopName = loopName(loop);
            for (Task<?> t : tasksOf(loop)) {
                out.add(describe(t, loopName, running));
            }
        }
        return out;
    }

    /**
     * The pending tasks of {@code loop}. From another thread than the loop's, the list is read while the
     * loop may change it: a read that fails is retried, and one that races still gives real tasks.
     */
    static List<Task<?>> tasksOf(EventLoop loop) {
        for (int attempt = 0; ; attempt++) {
            try {
                return loop.allTasks();
            } catch (RuntimeException e) { // NullPointerException or ConcurrentModificationException
                if (attempt == 10) {
                    throw new ConcurrentModificationException("the task list of " + loopName(loop)
                            + " kept changing while it was read", e);
                }
                Thread.onSpinWait();
            }
        }
    }

    static String loopName(EventLoop loop) {
        String s = loop.toString();
        int b = s.indexOf('[');
        return b < 0 ? s : s.substring(0, b);
    }

    static TaskInfo describe(Task<?> t, String loopName, Task<?> running) {
        Thread th = t.thread();
        List<Frame> stack = new ArrayList<>();
        for (StackTraceElement e : th.getStackTrace()) {
            stack.add(Frame.of(e));
        }
        if (t == running) {
            // The task asking: its stack starts where it called into this module.
            int cut = 0;
            for (int i = 0; i < stack.size(); i++) {
                if (stack.get(i).className().startsWith("io.jasyncio.debug.") && TaskTree.isLibrary(stack.get(i))) {
                    cut = i + 1;
                }
            }
            stack = new ArrayList<>(stack.subList(cut, stack.size()));
        }
        Object blocker = t == running ? null : Kernel.access().waitingOn(t);
        if (blocker == null && t != running) {
            blocker = LockSupport.getBlocker(th); // parked in a JDK call: its own blocker, if any
        }
        long awaitsId = -1;
        String awaiting;
        if (t == running) {
            awaiting = "";
        } else if (blocker instanceof Task<?> other) {
            awaitsId = other.thread().threadId();
            awaiting = "task " + other.getName();
        } else {
            awaiting = Awaiting.describe(blocker == null ? "" : blocker.getClass().getName(), stack);
        }
        String state;
        if (t.done()) {
            state = "done";
        } else if (t == running) {
            state = "running";
        } else {
            state = switch (th.getState()) {
                case RUNNABLE -> "ready";
                case NEW -> "ready";
                case TERMINATED -> "done";
                default -> "waiting";
            };
        }
        return new TaskInfo(th.threadId(), t.getName(), loopName, state, awaiting, awaitsId,
                Hooks.creatorId(t), stack);
    }

    /** The table of {@code tasks} (stacks are not part of it). */
    static TaskTable of(List<TaskInfo> tasks) {
        List<Entry> es = new ArrayList<>();
        for (TaskInfo t : tasks) {
            es.add(new Entry(t.id(), t.name(), t.loop(), t.awaiting(), t.awaitsId(), t.creatorId()));
        }
        return new TaskTable(es);
    }

    String toJson() {
        StringBuilder b = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(e.id()).append(",\"name\":");
            Json.quote(b, e.name());
            b.append(",\"loop\":");
            Json.quote(b, e.loop());
            b.append(",\"awaiting\":");
            Json.quote(b, e.awaiting());
            b.append(",\"awaitsId\":").append(e.awaitsId()).append(",\"creatorId\":").append(e.creatorId()).append('}');
        }
        return b.append("]}").toString();
    }

    @SuppressWarnings("unchecked")
    static TaskTable fromJson(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        List<Entry> es = new ArrayList<>();
        for (Object o : (List<Object>) root.get("tasks")) {
            Map<String, Object> m = new HashMap<>((Map<String, Object>) o);
            es.add(new Entry(((Number) m.get("id")).longValue(), (String) m.get("name"), (String) m.get("loop"),
                    (String) m.get("awaiting"), ((Number) m.get("awaitsId")).longValue(),
                    ((Number) m.get("creatorId")).longValue()));
        }
        return new TaskTable(es);
    }
}
