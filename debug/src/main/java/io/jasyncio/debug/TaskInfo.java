package io.jasyncio.debug;

import java.util.List;

/**
 * One task as the introspection tools show it: the same record whether it was captured in this JVM
 * ({@link Debug}) or read from another one ({@link Ps}).
 *
 * @param id the task's id: the thread id of its virtual thread, unique in its JVM
 * @param name the task's name ({@code Task-N} unless named)
 * @param loop the loop it belongs to (such as {@code EventLoop-1}), or {@code ""} if not known
 * @param state {@code running} (it holds its loop's thread now), {@code ready}, {@code waiting}
 *     (suspended), or {@code done}
 * @param awaiting what it waits for: {@code "task <name>"}, {@code "sleep"}, {@code "gather"},
 *     {@code "future"}, a JDK blocker's class, or {@code ""} when it does not wait
 * @param awaitsId the id of the task it awaits directly, or -1
 * @param creatorId the id of the task that created it, or -1 (created outside a task, or not known)
 * @param stack its stack, innermost frame first
 */
public record TaskInfo(long id, String name, String loop, String state, String awaiting, long awaitsId,
                       long creatorId, List<Frame> stack) {

    /** Copies the list. */
    public TaskInfo {
        stack = List.copyOf(stack);
    }

    /**
     * One stack frame.
     *
     * @param className the fully qualified class name
     * @param method the method name
     * @param file the source file, or {@code ""}
     * @param line the line number, or -1
     */
    public record Frame(String className, String method, String file, int line) {

        /**
         * The frame of a {@link StackTraceElement}.
         *
         * @param e the element
         * @return the frame
         */
        public static Frame of(StackTraceElement e) {
            return new Frame(e.getClassName(), e.getMethodName(), e.getFileName() == null ? "" : e.getFileName(),
                    e.getLineNumber());
        }

        /**
         * Parses a frame as thread dumps print it:
         * {@code java.base/java.lang.Thread.run(Thread.java:1474)} or {@code Main.work(Main.java:12)}.
         *
         * @param s the text
         * @return the frame
         */
        public static Frame parse(String s) {
            int paren = s.indexOf('(');
            String qualified = paren < 0 ? s : s.substring(0, paren);
            int slash = qualified.lastIndexOf('/');
            if (slash >= 0) {
                qualified = qualified.substring(slash + 1); // drop "module@version/"
            }
            int dot = qualified.lastIndexOf('.');
            String cls = dot < 0 ? "" : qualified.substring(0, dot);
            String method = qualified.substring(dot + 1);
            String file = "";
            int line = -1;
            if (paren >= 0 && s.endsWith(")")) {
                String loc = s.substring(paren + 1, s.length() - 1);
                int colon = loc.lastIndexOf(':');
                if (colon >= 0) {
                    file = loc.substring(0, colon);
                    try {
                        line = Integer.parseInt(loc.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        line = -1;
                    }
                } else {
                    file = loc;
                }
            }
            return new Frame(cls, method, file, line);
        }

        /**
         * {@code SimpleClass.method}, as asyncio's {@code ps} prints a coroutine.
         *
         * @return the short name
         */
        public String shortName() {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return simple + "." + method;
        }

        /**
         * {@code File.java:12}, or the file alone.
         *
         * @return the location
         */
        public String location() {
            return line >= 0 ? file + ":" + line : file;
        }
    }
}
