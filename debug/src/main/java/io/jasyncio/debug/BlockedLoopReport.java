package io.jasyncio.debug;

import java.util.List;

/**
 * A blocked loop, as the debug-mode watchdog reports it: while an item (a task step or a callback)
 * holds the loop's thread past the threshold, and again when it returns.
 *
 * @param loop the loop ({@code EventLoop-N})
 * @param holder what holds it: {@code task 'name' (id N)} or {@code callback Handle[...]}
 * @param taskId the task's id (its thread id), or -1 for a callback
 * @param seconds how long it has held the loop (while blocked), or held it in all (when released)
 * @param released false while it still holds the loop, true once it returned
 * @param stack the holder's live stack while blocked (innermost first); empty when released
 */
public record BlockedLoopReport(String loop, String holder, long taskId, double seconds, boolean released,
                                List<StackTraceElement> stack) {

    /** Copies the stack. */
    public BlockedLoopReport {
        stack = List.copyOf(stack);
    }

    /**
     * The report as the watchdog prints it.
     *
     * @return several lines, without a trailing newline
     */
    public String format() {
        if (released) {
            return String.format("jasyncio: %s was blocked for %.3f s by %s; it runs again", loop, seconds, holder);
        }
        StringBuilder b = new StringBuilder(String.format(
                "jasyncio: %s is blocked: %s has held its thread for %.3f s; it is still running:", loop, holder, seconds));
        int shown = 0;
        for (StackTraceElement e : stack) {
            if (shown++ == 40) {
                b.append("\n        ... ").append(stack.size() - 40).append(" more");
                break;
            }
            b.append("\n        at ").append(e);
        }
        b.append("\n    Every other task and callback of the loop waits meanwhile. A CPU-bound loop, file I/O or")
                .append("\n    a native call holds the loop's thread: run it with toThread(...) (docs/blocking.md).");
        return b.toString();
    }
}
