package io.jasyncio.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The callback side of a UDP endpoint (asyncio's {@code DatagramProtocol}): the loop calls these
 * methods, on its thread, as the endpoint's {@link DatagramTransport} sees events. All methods have
 * empty defaults.
 *
 * <p>Order: {@code connectionMade} once; then {@code datagramReceived} and {@code errorReceived} any
 * number of times; then {@code connectionLost} once. {@code pauseWriting}/{@code resumeWriting} come in
 * pairs whenever the transport's send buffer crosses its high and low water marks. UDP has no
 * connection: "made" and "lost" are the opening and the closing of the socket.
 *
 * <pre>{@code
 * class EchoServer implements DatagramProtocol {
 *     DatagramTransport transport;
 *     public void connectionMade(DatagramTransport t) { transport = t; }
 *     public void datagramReceived(ByteBuffer data, SocketAddress addr) { transport.sendto(data, addr); }
 * }
 * }</pre>
 */
public interface DatagramProtocol extends BaseProtocol {

    /**
     * The endpoint is open.
     *
     * @param transport the transport, to send with and to close
     */
    default void connectionMade(DatagramTransport transport) {
    }

    /**
     * A datagram arrived. The buffer holds exactly one datagram (possibly empty) and is only valid
     * during this call (the loop reuses it): consume it or copy what you keep. Sending it back with
     * {@link DatagramTransport#sendto(ByteBuffer, SocketAddress)} is fine. An exception thrown here goes
     * to the loop's exception handler; the endpoint stays open.
     *
     * @param data the datagram, from position to limit
     * @param addr the sender
     */
    default void datagramReceived(ByteBuffer data, SocketAddress addr) {
    }

    /**
     * A send or receive failed, and the endpoint stays open: for instance a
     * {@link java.net.PortUnreachableException} on a connected endpoint when the peer's port is closed
     * (the kernel reports the ICMP error at the next send or receive). asyncio's {@code error_received}.
     *
     * @param exc the error
     */
    default void errorReceived(Exception exc) {
    }

    /**
     * The endpoint is closed.
     *
     * @param exc null after {@link DatagramTransport#close()} or {@link DatagramTransport#abort()},
     *     otherwise the error that ended it
     */
    default void connectionLost(Throwable exc) {
    }
}
