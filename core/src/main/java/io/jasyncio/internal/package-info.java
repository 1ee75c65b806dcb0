/**
 * Internal use only: not exported by the module, not API, may change in any release. The seam between the
 * kernel and the leaf packages ({@link io.jasyncio.internal.KernelAccess}, reached through
 * {@link io.jasyncio.internal.Kernel}; the JDK's {@code SharedSecrets} pattern), the I/O registration vocabulary
 * ({@link io.jasyncio.internal.IoHandle}, {@link io.jasyncio.internal.IoRegistration}, after Netty's), the two
 * task engines, and small helpers ({@link io.jasyncio.internal.Throw}, {@link io.jasyncio.internal.Repr},
 * {@link io.jasyncio.internal.Signals}).
 */
package io.jasyncio.internal;
