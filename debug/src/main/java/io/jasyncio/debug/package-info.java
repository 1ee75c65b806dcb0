/**
 * Debugging and introspection for jasyncio programs: {@link io.jasyncio.debug.Debug} (call graphs,
 * metrics), {@link io.jasyncio.debug.Ps} ({@code ./jasyncio ps} and {@code pstree}); the blocked-loop
 * watchdog runs in debug mode. See docs/debugging.md.
 */
package io.jasyncio.debug;
