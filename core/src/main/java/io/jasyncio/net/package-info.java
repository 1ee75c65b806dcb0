/**
 * Networking on the loop's selector: asyncio's transports and protocols (the callback API, for the fastest
 * servers), TCP and Unix sockets ({@link io.jasyncio.net.Net}), TLS over any transport
 * ({@link io.jasyncio.net.Tls}), UDP ({@link io.jasyncio.net.Datagrams}), and listening
 * {@link io.jasyncio.net.Server}s. Host names are resolved on a worker thread; dual-stack connects use Happy
 * Eyeballs (RFC 8305). Transports register with the loop only through the kernel's I/O seam
 * ({@code IoHandle}/{@code IoRegistration}), never through the selector. The stream API built on these is
 * {@code io.jasyncio.streams}.
 */
package io.jasyncio.net;
