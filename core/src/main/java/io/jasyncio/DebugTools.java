package io.jasyncio;

import io.jasyncio.internal.LoopMonitor;

/**
 * How a loop meets the debugging tools (docs/adr/0022-debugging.md): debug mode from the environment, debug
 * mode's check that loop-only calls come from the loop's thread, and the monitor that jasyncio-debug (found
 * with {@link java.util.ServiceLoader}) gives a new loop.
 */
final class DebugTools {

    private static volatile boolean warnedMissing;

    private DebugTools() {
    }

    /** Whether the environment variable JASYNCIO_DEBUG asks for debug mode (asyncio's PYTHONASYNCIODEBUG). */
    static boolean fromEnvironment() {
        String v = System.getenv("JASYNCIO_DEBUG");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /**
     * Registers {@code loop} with the tools (for {@code ./jasyncio ps}) and returns its monitor: one in
     * debug mode, else null. Without the tools, debug mode says once that only its checks run.
     */
    static LoopMonitor attach(EventLoop loop, boolean debug) {
        LoopMonitor.Provider tools = LoopMonitor.Provider.find();
        if (tools != null) {
            return tools.created(loop, debug);
        }
        if (debug && !warnedMissing) {
            warnedMissing = true;
            System.getLogger("io.jasyncio").log(System.Logger.Level.WARNING, "jasyncio: debug mode is on, but "
                    + "jasyncio-debug is not on the class path: no blocked-loop watchdog, slow-callback warnings "
                    + "or loop metrics (only the checks)");
        }
        return null;
    }

    /** Debug mode's check of a loop-only call to {@code loop} (asyncio's {@code _check_thread}). */
    static void checkThread(EventLoop loop, String what) {
        Thread t = loop.thread;
        if (t != null && !loop.inLoop()) {
            throw new IllegalStateException("Non-thread-safe operation " + what + " invoked on EventLoop-" + loop.id
                    + " from thread " + Thread.currentThread() + ", not from the loop's thread " + t
                    + " or one of its tasks; hand it over with loop.callSoonThreadsafe(...)");
        }
    }
}
