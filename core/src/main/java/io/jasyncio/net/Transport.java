package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * One end of a connection, driven by the loop (asyncio's {@code Transport}). Loop-confined: call its
 * methods from the loop's thread (a task or a callback). Writes never block: what the socket does not
 * take at once is buffered and flushed as the socket becomes writable; the protocol is told to pause
 * when the buffer passes the high water mark and to resume below the low one.
 *
 * <p>States: open &rarr; closing ({@link #close()}: no more reads; buffered data is still flushed)
 * &rarr; closed ({@code connectionLost} delivered). {@link #abort()} closes at once, dropping the buffer.
 * Writing to a closing transport is an error ({@link IllegalStateException}); nothing is written after
 * close.
 */
public interface Transport {

    /**
     * Sends bytes (from position to limit); the transport copies what it cannot send at once, so the
     * caller may reuse the buffer after the call.
     *
     * @param data the bytes
     * @throws IllegalStateException if the transport is closing or closed, or after {@link #writeEof()}
     */
    void write(ByteBuffer data);

    /**
     * Sends bytes.
     *
     * @param data the bytes
     * @throws IllegalStateException if the transport is closing or closed
     */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /**
     * Closes the writing side after the buffered data is sent (a half-close); reading goes on.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
     */
    void writeEof();

    /**
     * Whether {@link #writeEof()} is supported (not over TLS, for instance).
     *
     * @return true if half-close is supported
     */
    boolean canWriteEof();

    /** Closes after the buffered data is flushed; reading stops now. Idempotent. */
    void close();

    /** Closes at once; buffered data is dropped. Idempotent. */
    void abort();

    /**
     * Whether the transport is closing or closed.
     *
     * @return true after {@link #close()}, {@link #abort()}, or a connection error
     */
    boolean isClosing();

    /** Stops delivering {@code dataReceived} until {@link #resumeReading()}. Idempotent. */
    void pauseReading();

    /** Resumes delivering data. Idempotent. */
    void resumeReading();

    /**
     * Whether data is being delivered.
     *
     * @return false while paused or closing
     */
    boolean isReading();

    /**
     * Sets the write-buffer water marks.
     *
     * @param high pause the protocol's writing above this many buffered bytes
     * @param low resume it at or below this many
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * Bytes buffered, waiting for the socket.
     *
     * @return the buffered size
     */
    int getWriteBufferSize();

    /**
     * Connection details, as asyncio's {@code get_extra_info}: {@code "peername"} and
     * {@code "sockname"} (a {@link java.net.SocketAddress}), {@code "socket"} (the channel), and for TLS
     * {@code "sslcontext"}, {@code "ssl_object"} (the {@code SSLEngine}), {@code "peercert"}.
     *
     * @param name the key
     * @return the value, or null if unknown
     */
    Object getExtraInfo(String name);

    /**
     * The protocol receiving this transport's events.
     *
     * @return the protocol
     */
    Protocol getProtocol();

    /**
     * Switches the protocol receiving events (used by {@code startTls} and streams).
     *
     * @param protocol the new protocol
     */
    void setProtocol(Protocol protocol);
}
