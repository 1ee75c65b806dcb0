package io.jasyncio.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One UDP endpoint, driven by the loop (asyncio's {@code DatagramTransport}); made by
 * {@link Datagrams#createDatagramEndpoint}. Loop-confined: call its methods from the loop's thread (a task or
 * a callback).
 *
 * <p>Sending never blocks: a datagram the socket does not take at once (its send buffer is full) is
 * copied into a queue sent in order as the socket becomes writable; the protocol is told to pause when
 * the queue passes the high water mark (64 KiB) and to resume at the low one (16 KiB). Each queued
 * datagram counts its length plus 8 bytes (its UDP header), as asyncio counts it. A send that fails
 * (a {@link java.io.IOException}) is reported to {@link DatagramProtocol#errorReceived} and the
 * endpoint stays open.
 *
 * <p>A <em>connected</em> endpoint (made with a remote address) only exchanges datagrams with that
 * address: {@code sendto(data, null)} sends there, and the kernel reports ICMP errors such as port
 * unreachable. With {@code allowBroadcast} the socket is not connected but the remote address is still
 * the default destination (as in asyncio).
 *
 * <p>States: open &rarr; closing ({@link #close()}: no more receiving; queued datagrams are still
 * sent) &rarr; closed ({@code connectionLost} delivered). {@link #abort()} closes at once, dropping the
 * queue. Sending on a closing endpoint is an error ({@link IllegalStateException}; asyncio drops the
 * datagram silently), as for {@link Transport#write}.
 */
public interface DatagramTransport {

    /**
     * Sends one datagram (the bytes from position to limit, possibly none) to {@code addr}: asyncio's
     * {@code sendto}. The transport copies what it cannot send at once, so the caller may reuse the
     * buffer after the call. An empty datagram is sent only by an endpoint that is not connected
     * (the JDK's connected {@code DatagramChannel} sends nothing for no bytes).
     *
     * @param data the datagram
     * @param addr the destination; null (or the remote address) on an endpoint with a remote address
     * @throws IllegalArgumentException if {@code addr} is null without a remote address, differs from
     *     the remote address, or is unresolved
     * @throws IllegalStateException if the transport is closing or closed
     */
    void sendto(ByteBuffer data, SocketAddress addr);

    /**
     * Sends one datagram; see {@link #sendto(ByteBuffer, SocketAddress)}.
     *
     * @param data the datagram
     * @param addr the destination, or null on an endpoint with a remote address
     * @throws IllegalArgumentException if {@code addr} does not fit the endpoint
     * @throws IllegalStateException if the transport is closing or closed
     */
    default void sendto(byte[] data, SocketAddress addr) {
        sendto(ByteBuffer.wrap(data), addr);
    }

    /** Closes after the queued datagrams are sent; receiving stops now. Idempotent. */
    void close();

    /** Closes at once; queued datagrams are dropped. Idempotent. */
    void abort();

    /**
     * Whether the transport is closing or closed.
     *
     * @return true after {@link #close()}, {@link #abort()}, or a fatal error
     */
    boolean isClosing();

    /**
     * Sets the send-queue water marks.
     *
     * @param high pause the protocol's sending above this many queued bytes
     * @param low resume it at or below this many
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * Bytes queued, waiting for the socket: each datagram's length plus 8.
     *
     * @return the queued size
     */
    int getWriteBufferSize();

    /**
     * Endpoint details, as asyncio's {@code get_extra_info}: {@code "sockname"} (the bound
     * {@link SocketAddress}), {@code "peername"} (the connected remote address, null if not connected),
     * {@code "socket"} (the {@link java.nio.channels.DatagramChannel}).
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
    DatagramProtocol getProtocol();

    /**
     * Switches the protocol receiving events.
     *
     * @param protocol the new protocol
     */
    void setProtocol(DatagramProtocol protocol);
}
