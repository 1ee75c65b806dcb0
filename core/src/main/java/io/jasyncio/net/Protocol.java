package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * The callback side of a connection (asyncio's {@code Protocol}): the loop calls these methods, on its
 * thread, as the connection's {@link Transport} sees events. All methods have empty defaults.
 *
 * <p>Order: {@code connectionMade} once; then {@code dataReceived} any number of times; then at most
 * one {@code eofReceived}; then {@code connectionLost} once. {@code pauseWriting}/{@code resumeWriting}
 * come in pairs whenever the transport's write buffer crosses its high and low water marks.
 */
public interface Protocol extends BaseProtocol {

    /**
     * The connection is established.
     *
     * @param transport the transport, to write to and to close
     */
    default void connectionMade(Transport transport) {
    }

    /**
     * Bytes arrived. The buffer is only valid during this call (the loop reuses it): consume it or copy
     * what you keep. Writing it back with {@link Transport#write(ByteBuffer)} is fine (the transport
     * copies what it cannot send at once).
     *
     * @param data the bytes, from position to limit
     */
    default void dataReceived(ByteBuffer data) {
    }

    /**
     * The peer closed its writing side (a half-close).
     *
     * @return true to keep the connection open for writing; false (the default) closes the transport
     */
    default boolean eofReceived() {
        return false;
    }

    /**
     * The connection is closed.
     *
     * @param exc null for a regular close or EOF, otherwise the error that ended it
     */
    default void connectionLost(Throwable exc) {
    }
}
