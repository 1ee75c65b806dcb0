package io.jasyncio.net;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;

/**
 * UDP on the running loop: asyncio's {@code loop.create_datagram_endpoint}, as static methods. Every
 * method must be called from a task; names are resolved on a worker thread.
 */
public final class Datagrams {

    private static final KernelAccess KERNEL = Kernel.access();

    private Datagrams() {
    }


    /**
     * An open UDP endpoint and its protocol: asyncio's {@code (transport, protocol)} pair from
     * {@code create_datagram_endpoint}.
     *
     * @param <P> the protocol type
     * @param transport the transport
     * @param protocol the protocol the factory made
     */
    public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {
    }

    /**
     * Options for {@link #createDatagramEndpoint(Supplier, InetSocketAddress, InetSocketAddress,
     * DatagramOptions)}. There is no {@code reuseAddress}: asyncio 3.13 removed it, because
     * SO_REUSEADDR lets another socket steal a UDP port's traffic.
     *
     * @param reusePort SO_REUSEPORT (where supported): several endpoints may bind the same address and
     *     port, and the kernel spreads the datagrams over them
     * @param allowBroadcast SO_BROADCAST: the endpoint may send to broadcast addresses; then a remote
     *     address is only the default destination, the socket is not connected
     */
    public record DatagramOptions(boolean reusePort, boolean allowBroadcast) {

        /**
         * asyncio's defaults: neither option.
         *
         * @return the defaults
         */
        public static DatagramOptions defaults() {
            return new DatagramOptions(false, false);
        }

        /**
         * A copy with SO_REUSEPORT on or off.
         *
         * @param on SO_REUSEPORT
         * @return a copy with that option
         */
        public DatagramOptions withReusePort(boolean on) {
            return new DatagramOptions(on, allowBroadcast);
        }

        /**
         * A copy with SO_BROADCAST on or off.
         *
         * @param on SO_BROADCAST
         * @return a copy with that option
         */
        public DatagramOptions withAllowBroadcast(boolean on) {
            return new DatagramOptions(reusePort, on);
        }
    }

    /**
     * Opens a UDP endpoint with the default options; see
     * {@link #createDatagramEndpoint(Supplier, InetSocketAddress, InetSocketAddress, DatagramOptions)}.
     *
     * <p>Cancel safety: as the four-argument form.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param localAddr the address to bind (port 0 for any), or null
     * @param remoteAddr the address to connect to, or null
     * @return the endpoint, once {@code connectionMade} has been called
     */
    public static <P extends DatagramProtocol> DatagramEndpoint<P> createDatagramEndpoint(
            Supplier<P> factory, InetSocketAddress localAddr, InetSocketAddress remoteAddr) throws IOException {
        return createDatagramEndpoint(factory, localAddr, remoteAddr, DatagramOptions.defaults());
    }

    /**
     * Opens a UDP endpoint: asyncio's {@code loop.create_datagram_endpoint} (3.13). The socket is bound
     * to {@code localAddr} if given, and connected to {@code remoteAddr} if given (then it exchanges
     * datagrams with that address only, and {@code sendto(data, null)} sends there). An unresolved
     * address ({@link InetSocketAddress#createUnresolved}) is resolved on a worker thread; the local
     * and remote addresses are paired by family (IPv4 or IPv6), and the pairs tried in order until a
     * socket opens.
     *
     * <pre>{@code
     * DatagramEndpoint<EchoServer> server = Datagrams.createDatagramEndpoint(EchoServer::new,
     *         new InetSocketAddress("127.0.0.1", 9999), null);
     * }</pre>
     *
     * <p>Cancel safety: if the task is cancelled while resolving or before {@code connectionMade}, the
     * socket is closed and nothing stays open.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param localAddr the address to bind (port 0 for any), or null
     * @param remoteAddr the address to connect to, or null
     * @param options socket options
     * @return the endpoint, once {@code connectionMade} has been called
     * @throws IllegalArgumentException if both addresses are null, or they have no family in common
     * @throws java.net.BindException (unchecked, as thrown) if the local address is in use; the first
     *     pair's error if no pair works
     * @throws java.net.UnknownHostException if a name does not resolve
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static <P extends DatagramProtocol> DatagramEndpoint<P> createDatagramEndpoint(
            Supplier<P> factory, InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        if (localAddr == null && remoteAddr == null) {
            throw new IllegalArgumentException("give a local address (port 0 for any), a remote address, or both");
        }
        EventLoop loop = KERNEL.currentTask("createDatagramEndpoint()").getLoop();
        return DatagramEndpoints.open(loop, factory, localAddr == null ? null : Net.resolveAll(localAddr),
                remoteAddr == null ? null : Net.resolveAll(remoteAddr), options);
    }
}
