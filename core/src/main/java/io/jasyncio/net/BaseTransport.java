package io.jasyncio.net;

/**
 * What every transport has (asyncio's {@code BaseTransport}): closing and the connection's details. Read and
 * write halves add the rest ({@link ReadTransport}, {@link WriteTransport}); {@link Transport} is both.
 * Loop-confined: call its methods from the loop's thread (a task or a callback).
 */
public interface BaseTransport {

    /** Closes: a write half flushes its buffered data first; a read half stops delivering now. Idempotent. */
    void close();

    /**
     * Whether the transport is closing or closed.
     *
     * @return true after {@code close()}, {@code abort()}, or a connection error
     */
    boolean isClosing();

    /**
     * Connection details, as asyncio's {@code get_extra_info}: {@code "peername"} and {@code "sockname"} (a
     * {@link java.net.SocketAddress}), {@code "socket"} (the channel), and for TLS {@code "sslcontext"},
     * {@code "ssl_object"} (the {@code SSLEngine}), {@code "peercert"}.
     *
     * @param name the key
     * @return the value, or null if unknown
     */
    Object getExtraInfo(String name);
}
