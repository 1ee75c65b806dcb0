/**
 * jasyncio's debugging tools: the blocked-loop watchdog of debug mode, task trees printed in-process
 * and read from another JVM ({@code ./jasyncio ps} and {@code pstree}), loop metrics over JMX and as
 * JFR events. The kernel carries only the hooks; see docs/debugging.md.
 */
module io.jasyncio.debug {
    requires io.jasyncio;
    requires java.management;
    requires static jdk.jfr; // JFR events when the JVM has the module (the JDK's own images do)
    exports io.jasyncio.debug;
    provides io.jasyncio.internal.LoopMonitor.Provider with io.jasyncio.debug.DebugProvider;
}
