package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * The write half of a transport (asyncio's {@code WriteTransport}). Writes never block: what the other end does
 * not take at once is buffered and flushed later; the protocol is told to pause when the buffer passes the high
 * water mark and to resume below the low one. A child process's input pipe is one; so is every
 * {@link Transport}.
 *
 * <p>States: open &rarr; closing ({@link #close()}: buffered data is still flushed) &rarr; closed (the protocol's
 * {@code connectionLost} delivered). {@link #abort()} closes at once, dropping the buffer. Writing to a closing
 * transport is an error ({@link IllegalStateException}); nothing is written after close.
 */
public interface WriteTransport extends BaseTransport {

    /**
     * Sends bytes (from position to limit); the transport copies what it cannot send at once, so the caller may
     * reuse the buffer after the call.
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
     * Closes the writing side after the buffered data is sent (a half-close); reading, if any, goes on.
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

    /** Closes at once; buffered data is dropped. Idempotent. */
    void abort();

    /**
     * Sets the write-buffer water marks.
     *
     * @param high pause the protocol's writing above this many buffered bytes
     * @param low resume it at or below this many
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * Bytes buffered, waiting for the other end.
     *
     * @return the buffered size
     */
    int getWriteBufferSize();
}
