/**
 * Testing kit for jasyncio programs: {@link io.jasyncio.testing.AsyncioTest} and
 * {@link io.jasyncio.testing.TestLoop} run coroutines on virtual time with strict checks;
 * {@link io.jasyncio.testing.Steps} asserts interleavings.
 */
package io.jasyncio.testing;
