package io.jasyncio.debug;

import io.jasyncio.debug.TaskInfo.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JDK's JSON thread dump of a JVM ({@code jcmd PID Thread.dump_to_file -format=json FILE}), which
 * lists virtual threads with their stacks, states, park blockers and carriers, read as the tasks of
 * jasyncio. A task is a virtual thread whose stack runs {@code io.jasyncio.Task}'s body.
 *
 * @param pid the process id
 * @param threads every thread of the dump
 */
record ThreadDump(long pid, List<DumpThread> threads) {

    /**
     * One thread of the dump.
     *
     * @param tid the thread id
     * @param name the thread's name ({@code ""} for an unnamed virtual thread)
     * @param virtual whether it is a virtual thread
     * @param state {@code Thread.State} as text
     * @param blocker the identity ({@code Class@hash}) of the object it is parked on, or {@code ""}
     * @param carrier the id of the carrier thread it is mounted on, or -1
     * @param stack its frames, innermost first
     */
    record DumpThread(long tid, String name, boolean virtual, String state, String blocker, long carrier,
                      List<Frame> stack) {

        /** Whether this thread is a jasyncio task's. */
        boolean isTask() {
            for (Frame f : stack) {
                if (f.className().equals("io.jasyncio.Task")
                        && (f.method().equals("runBody") || f.method().equals("runWithBaton"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Asks the JVM {@code pid} for a thread dump with the JDK's {@code jcmd}.
     *
     * @param pid the process
     * @return the dump
     * @throws IOException if jcmd cannot be run or fails (its output is in the message)
     */
    static ThreadDump take(long pid) throws IOException {
        Path file = Files.createTempFile("jasyncio-threads-", ".json");
        Files.delete(file); // jcmd refuses to overwrite
        try {
            Jcmd.run(pid, "Thread.dump_to_file", "-format=json", file.toString());
            return parse(Files.readString(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Reads a JSON thread dump.
     *
     * @param json the dump's text
     * @return the dump
     * @throws IllegalArgumentException if it is not a JDK JSON thread dump
     */
    @SuppressWarnings("unchecked")
    static ThreadDump parse(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        Map<String, Object> dump = (Map<String, Object>) root.get("threadDump");
        if (dump == null) {
            throw new IllegalArgumentException("not a JDK JSON thread dump (no \"threadDump\" object)");
        }
        List<DumpThread> threads = new ArrayList<>();
        for (Object c : (List<Object>) dump.get("threadContainers")) {
            for (Object o : (List<Object>) ((Map<String, Object>) c).get("threads")) {
                Map<String, Object> t = (Map<String, Object>) o;
                List<Frame> stack = new ArrayList<>();
                for (Object f : (List<Object>) t.getOrDefault("stack", List.of())) {
                    stack.add(Frame.parse((String) f));
                }
                Map<String, Object> blocker = (Map<String, Object>) t.get("parkBlocker");
                threads.add(new DumpThread(number(t.get("tid")), (String) t.getOrDefault("name", ""),
                        Boolean.TRUE.equals(t.get("virtual")), (String) t.getOrDefault("state", ""),
                        blocker == null ? "" : String.valueOf(blocker.get("object")),
                        t.get("carrier") == null ? -1 : number(t.get("carrier")), stack));
            }
        }
        return new ThreadDump(number(dump.get("processId")), threads);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    /**
     * The tasks of the dump, described with what the dump alone says, completed by {@code table} (the
     * names, loops and await links the JVM published, see {@link TaskTable}) when it is not null.
     *
     * @param table the JVM's task table, or null
     * @return one entry per task thread
     */
    List<TaskInfo> tasks(TaskTable table) {
        List<TaskInfo> out = new ArrayList<>();
        for (DumpThread t : threads) {
            TaskTable.Entry e = table == null ? null : table.get(t.tid());
            if (e == null && !t.isTask()) {
                continue;
            }
            String state = switch (t.state()) {
                case "RUNNABLE" -> t.carrier() >= 0 ? "running" : "ready";
                case "TERMINATED" -> "done";
                case "NEW" -> "ready";
                default -> "waiting";
            };
            if (e != null) {
                out.add(new TaskInfo(t.tid(), e.name(), e.loop(), state, e.awaiting(), e.awaitsId(), e.creatorId(),
                        t.stack()));
            } else {
                out.add(new TaskInfo(t.tid(), t.name().isEmpty() ? "(unnamed)" : t.name(), "", state,
                        Awaiting.describe(t.blocker(), t.stack()), -1, -1, t.stack()));
            }
        }
        return out;
    }
}
