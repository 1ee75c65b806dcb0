/**
 * jasyncio: Python's asyncio for Java 25. Start at {@link io.jasyncio.Asyncio}.
 *
 * <p>The kernel is {@code io.jasyncio} (the loop, tasks, futures, timeouts, task groups, context variables,
 * async generators, threads); the leaves are written on top of it: {@code io.jasyncio.sync} (locks,
 * events, semaphores...), {@code io.jasyncio.queues}, {@code io.jasyncio.net} (transports, protocols, TLS,
 * UDP), {@code io.jasyncio.streams} (asyncio's streams) and {@code io.jasyncio.subprocess}. Leaves reach the
 * kernel only through its public API and the unexported seam in {@code io.jasyncio.internal}
 * (docs/adr/0010-layout.md).
 */
module io.jasyncio {
    requires static jdk.unsupported; // sun.misc.Signal, for Ctrl+C in Runner; optional: without it Ctrl+C just ends the JVM
    exports io.jasyncio;
    exports io.jasyncio.sync;
    exports io.jasyncio.queues;
    exports io.jasyncio.net;
    exports io.jasyncio.streams;
    exports io.jasyncio.subprocess;
    exports io.jasyncio.files;
    // The debugging tools read the kernel through the seam (docs/adr/0022-debugging.md):
    exports io.jasyncio.internal to io.jasyncio.debug, io.jasyncio.testing;
    uses io.jasyncio.internal.LoopMonitor.Provider;
}
