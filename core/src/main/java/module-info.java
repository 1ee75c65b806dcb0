/**
 * jasyncio: Python's asyncio for Java 25. The API lives in {@code io.jasyncio}; start at
 * {@link io.jasyncio.Asyncio}.
 */
module io.jasyncio {
    requires jdk.unsupported; // sun.misc.Signal, for Ctrl+C handling in Runner (optional at run time)
    exports io.jasyncio;
    exports io.jasyncio.files;
}
