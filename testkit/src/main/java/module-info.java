/**
 * jasyncio's testing kit: virtual-clock test loops ({@code TestLoop}), the JUnit 5 extension
 * ({@code @AsyncioTest}) and ordering helpers ({@code Steps}).
 */
module io.jasyncio.testing {
    requires transitive io.jasyncio;
    requires transitive org.junit.jupiter.api;
    requires io.jasyncio.debug; // the hang report's task tree
    exports io.jasyncio.testing;
}
