package io.jasyncio.net;

/**
 * Both ends of a connection, driven by the loop (asyncio's {@code Transport}): a {@link ReadTransport} and a
 * {@link WriteTransport} with the protocol that receives their events. Loop-confined: call its methods from the
 * loop's thread (a task or a callback).
 *
 * <p>States: open &rarr; closing ({@link #close()}: no more reads; buffered data is still flushed) &rarr; closed
 * ({@code connectionLost} delivered). {@link #abort()} closes at once, dropping the buffer. Writing to a closing
 * transport is an error ({@link IllegalStateException}); nothing is written after close.
 */
public interface Transport extends ReadTransport, WriteTransport {

    /** Closes after the buffered data is flushed; reading stops now. Idempotent. */
    @Override
    void close();

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
