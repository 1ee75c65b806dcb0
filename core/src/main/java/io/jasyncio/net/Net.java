package io.jasyncio.net;

import io.jasyncio.internal.IoRegistration;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * Networking on the running loop, with the selector-driven transports (not a thread per connection):
 * asyncio's {@code loop.create_connection}, {@code loop.create_server} and their Unix-socket twins, as
 * static methods. Every method here must be called from a task; host names are resolved on a worker
 * thread, never on the loop. Only {@code 127.0.0.1}/{@code ::1} are used in jasyncio's own tests.
 *
 * <pre>{@code
 * Server server = Net.createServer(() -> new Protocol() {
 *     Transport t;
 *     public void connectionMade(Transport transport) { t = transport; }
 *     public void dataReceived(ByteBuffer data) { t.write(data); }     // echo
 * }, "127.0.0.1", 0);
 * }</pre>
 */
public final class Net {

    private static final KernelAccess KERNEL = Kernel.access();

    private Net() {
    }

    /**
     * A connected transport and its protocol: asyncio's {@code (transport, protocol)} pair.
     *
     * @param <P> the protocol type
     * @param transport the transport
     * @param protocol the protocol the factory made
     */
    public record Connection<P extends Protocol>(Transport transport, P protocol) {
    }

    /**
     * Options for {@link #createServer(Supplier, String, int, ServerOptions)}.
     *
     * @param backlog the listen backlog, and the most connections accepted per loop turn
     * @param reuseAddress SO_REUSEADDR on the listening sockets
     * @param reusePort SO_REUSEPORT (where supported)
     */
    public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort) {

        /** Validates. */
        public ServerOptions {
            if (backlog <= 0) {
                throw new IllegalArgumentException("backlog must be positive, got " + backlog);
            }
        }

        /**
         * asyncio's defaults: backlog 100, SO_REUSEADDR on.
         *
         * @return the defaults
         */
        public static ServerOptions defaults() {
            return new ServerOptions(100, true, false);
        }

        /**
         * @param n the backlog
         * @return a copy with that backlog
         */
        public ServerOptions withBacklog(int n) {
            return new ServerOptions(n, reuseAddress, reusePort);
        }

        /**
         * @param on SO_REUSEADDR
         * @return a copy with that option
         */
        public ServerOptions withReuseAddress(boolean on) {
            return new ServerOptions(backlog, on, reusePort);
        }

        /**
         * @param on SO_REUSEPORT
         * @return a copy with that option
         */
        public ServerOptions withReusePort(boolean on) {
            return new ServerOptions(backlog, reuseAddress, on);
        }
    }

    /**
     * Options for {@link #createConnection(Supplier, String, int, ConnectOptions)}: asyncio's
     * {@code happy_eyeballs_delay}, {@code interleave} and {@code local_addr}. The defaults try the
     * addresses one after another, in resolver order, from any local address.
     *
     * @param happyEyeballsDelay null to try the addresses one after another; otherwise the seconds an
     *     attempt gets before the next one starts alongside it (RFC 8305's "Connection Attempt Delay",
     *     which recommends 0.25)
     * @param interleave 0 to keep the resolver's order; n &gt; 0 to reorder by address family as asyncio
     *     does: the first n - 1 addresses of the first family, then the families in turn. With a delay, 0
     *     means 1 (asyncio's default)
     * @param localAddress an {@link InetSocketAddress} (port 0 for any) to bind each socket to before it
     *     connects; an unresolved one is resolved, and each attempt uses the first of its family. Null:
     *     any
     */
    public record ConnectOptions(Double happyEyeballsDelay, int interleave, SocketAddress localAddress) {

        /** Validates. */
        public ConnectOptions {
            if (happyEyeballsDelay != null && !(happyEyeballsDelay >= 0 && happyEyeballsDelay < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("happyEyeballsDelay must be null or finite and >= 0, got "
                        + happyEyeballsDelay);
            }
            if (interleave < 0) {
                throw new IllegalArgumentException("interleave must be >= 0, got " + interleave);
            }
            if (localAddress != null && !(localAddress instanceof InetSocketAddress)) {
                throw new IllegalArgumentException("localAddress must be an InetSocketAddress, got " + localAddress);
            }
        }

        /**
         * asyncio's defaults: no delay, no interleaving, no local address.
         *
         * @return the defaults
         */
        public static ConnectOptions defaults() {
            return new ConnectOptions(null, 0, null);
        }

        /**
         * A copy with another Happy Eyeballs delay.
         *
         * @param seconds the Happy Eyeballs delay, or null for one attempt at a time
         * @return a copy with that delay
         */
        public ConnectOptions withHappyEyeballsDelay(Double seconds) {
            return new ConnectOptions(seconds, interleave, localAddress);
        }

        /**
         * A copy with another interleaving.
         *
         * @param n the interleaving
         * @return a copy with that interleaving
         */
        public ConnectOptions withInterleave(int n) {
            return new ConnectOptions(happyEyeballsDelay, n, localAddress);
        }

        /**
         * A copy with another local address.
         *
         * @param addr the local address, or null
         * @return a copy with that local address
         */
        public ConnectOptions withLocalAddress(SocketAddress addr) {
            return new ConnectOptions(happyEyeballsDelay, interleave, addr);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Client side

    /**
     * Connects to {@code host:port} and returns the transport with its protocol, once
     * {@code connectionMade} has been called. Every address the name resolves to is tried in turn; the
     * error of the last one is raised if none accepts. The same as
     * {@link #createConnection(Supplier, String, int, ConnectOptions)} with the default options.
     *
     * <p>Cancel safety: if the task is cancelled while connecting, the half-open socket is closed and
     * nothing is connected.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param host a host name or address literal
     * @param port the port
     * @return the connection
     * @throws java.net.ConnectException if the connection is refused
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static <P extends Protocol> Connection<P> createConnection(Supplier<P> factory, String host, int port) throws IOException {
        return createConnection(factory, host, port, ConnectOptions.defaults());
    }

    /**
     * Connects to {@code host:port} as {@link #createConnection(Supplier, String, int)}, with asyncio's
     * Happy Eyeballs options (RFC 8305). With a {@link ConnectOptions#happyEyeballsDelay()}, the
     * addresses (interleaved by family) are tried in staggered parallel: the first attempt starts at
     * once, the next one when the delay passes or the one before fails, and the first to connect wins;
     * every other attempt is cancelled and its socket closed. Without one, they are tried one after
     * another. Host names are resolved on a worker thread, the local address too.
     *
     * <pre>{@code
     * Connection<MyProtocol> c = Net.createConnection(MyProtocol::new, "example.com", 443,
     *         Net.ConnectOptions.defaults().withHappyEyeballsDelay(0.25));
     * }</pre>
     *
     * <p>Cancel safety: if the task is cancelled while resolving or connecting, every attempt under way
     * is cancelled and its socket closed; nothing is connected.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param host a host name or address literal
     * @param port the port
     * @param options the delay, interleaving and local address
     * @return the connection
     * @throws java.net.ConnectException if every address refuses (the last attempt's error, the others
     *     suppressed in it)
     * @throws java.net.UnknownHostException if a name does not resolve
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static <P extends Protocol> Connection<P> createConnection(Supplier<P> factory, String host, int port,
                                                                      ConnectOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        EventLoop loop = KERNEL.currentTask("createConnection()").getLoop();
        List<InetSocketAddress> targets = new ArrayList<>();
        for (InetAddress a : resolve(host)) {
            targets.add(new InetSocketAddress(a, port));
        }
        List<InetSocketAddress> locals = options.localAddress() == null
                ? List.of() : resolveAll((InetSocketAddress) options.localAddress());
        SocketChannel ch = HappyEyeballs.connectFirst(targets, options, HappyEyeballs.connector(loop, locals));
        try {
            return attach(loop, ch, factory);
        } catch (IOException e) {
            throw io.jasyncio.internal.Throw.sneaky(e);
        }
    }

    /**
     * Connects to the Unix domain socket at {@code path}; see {@link #createConnection}.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param path the socket file
     * @return the connection
     * @throws java.io.IOException (unchecked, as thrown) if the connection fails
     */
    public static <P extends Protocol> Connection<P> createUnixConnection(Supplier<P> factory, Path path) throws IOException {
        EventLoop loop = KERNEL.currentTask("createUnixConnection()").getLoop();
        try {
            return attach(loop, connect(loop, StandardProtocolFamily.UNIX, null, UnixDomainSocketAddress.of(path)),
                    factory);
        } catch (IOException e) {
            throw io.jasyncio.internal.Throw.sneaky(e);
        }
    }

    static SocketChannel connect(EventLoop loop, ProtocolFamily family, SocketAddress local, SocketAddress addr)
            throws IOException {
        SocketChannel ch = SocketChannel.open(family);
        IoRegistration reg = null;
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            if (local != null) {
                ch.bind(local);
            }
            if (family != StandardProtocolFamily.UNIX) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (!ch.connect(addr)) {
                Future<Void> connected = loop.createFuture();
                reg = KERNEL.register(loop, ch, SelectionKey.OP_CONNECT, ops -> {
                    if (connected.done()) {
                        return;
                    }
                    try {
                        ch.finishConnect();
                        connected.setResult(null);
                    } catch (IOException e) {
                        connected.setException(e);
                    }
                });
                connected.call();
            }
            ok = true;
            return ch;
        } finally {
            if (!ok) {
                if (reg != null) {
                    reg.cancel();
                }
                ch.close();
            }
        }
    }

    private static <P extends Protocol> Connection<P> attach(EventLoop loop, SocketChannel ch, Supplier<P> factory)
            throws IOException {
        P protocol;
        SocketTransport t;
        try {
            protocol = factory.get(); // a factory that throws must not leak the connected socket
            t = new SocketTransport(loop, ch, protocol, null);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
        Future<Void> made = loop.createFuture();
        t.start(made);
        try {
            made.call();
        } catch (CancelledError e) {
            t.abort();
            throw e;
        }
        return new Connection<>(t, protocol);
    }

    // ------------------------------------------------------------------------------------------
    // Server side

    /**
     * Listens on {@code host:port} with asyncio's default options; see
     * {@link #createServer(Supplier, String, int, ServerOptions)}.
     *
     * @param factory makes a protocol per connection
     * @param host the address to bind, or null for every interface
     * @param port the port, 0 for any free one (see {@link Server#addresses()})
     * @return the server, already serving
     */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port) throws IOException {
        return createServer(factory, host, port, ServerOptions.defaults());
    }

    /**
     * Listens on every address {@code host} resolves to (one socket each) and serves each accepted
     * connection with a new protocol from {@code factory}: asyncio's {@code create_server}. Accepted
     * sockets get TCP_NODELAY.
     *
     * @param factory makes a protocol per connection
     * @param host the address to bind, or null for every interface
     * @param port the port, 0 for any free one
     * @param options backlog and socket options
     * @return the server, already serving
     * @throws java.net.BindException if the address is in use
     * @throws CancelledError if the task is cancelled while resolving the host
     */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port, ServerOptions options) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        EventLoop loop = KERNEL.currentTask("createServer()").getLoop();
        List<InetSocketAddress> binds = new ArrayList<>();
        if (host == null) {
            binds.add(new InetSocketAddress(port));
        } else {
            for (InetAddress a : resolve(host)) {
                binds.add(new InetSocketAddress(a, port));
            }
        }
        SocketServer server = new SocketServer(loop, factory, options.backlog());
        try {
            for (InetSocketAddress addr : binds) {
                ServerSocketChannel ch = ServerSocketChannel.open(addr.getAddress() instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                try {
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                    if (options.reusePort() && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    ch.bind(addr, options.backlog());
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                server.listen(ch);
            }
        } catch (IOException e) {
            server.close();
            throw io.jasyncio.internal.Throw.sneaky(e);
        }
        return server;
    }

    /**
     * Listens on a Unix domain socket at {@code path} (which must not exist yet); see
     * {@link #createServer(Supplier, String, int)}.
     *
     * @param factory makes a protocol per connection
     * @param path the socket file to create
     * @return the server, already serving
     */
    public static Server createUnixServer(Supplier<? extends Protocol> factory, Path path) throws IOException {
        Objects.requireNonNull(factory, "factory");
        EventLoop loop = KERNEL.currentTask("createUnixServer()").getLoop();
        SocketServer server = new SocketServer(loop, factory, 100);
        try {
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.bind(UnixDomainSocketAddress.of(path), 100);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            server.listen(ch);
        } catch (IOException e) {
            server.close();
            throw io.jasyncio.internal.Throw.sneaky(e);
        }
        return server;
    }

    // ------------------------------------------------------------------------------------------

    /** Resolves {@code host} on a worker thread (address literals without one), in resolver order. */
    static List<InetAddress> resolve(String host) {
        Objects.requireNonNull(host, "host");
        if (isLiteral(host)) {
            try {
                return List.of(InetAddress.getByName(host));
            } catch (java.net.UnknownHostException e) {
                throw io.jasyncio.internal.Throw.sneaky(e);
            }
        }
        return List.of(Asyncio.toThread(() -> InetAddress.getAllByName(host)));
    }

    /** Whether {@code host} is an IP address literal (also used by TLS: no SNI for those). */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6 literal
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return !host.isEmpty();
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
    }

    /** Whether {@code a} is an IPv6 address (else IPv4). */
    static boolean isV6(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address;
    }

    /**
     * {@code addr} itself, or, if it is unresolved, one address per result of resolving its host (on a
     * worker thread), in resolver order.
     */
    static List<InetSocketAddress> resolveAll(InetSocketAddress addr) {
        if (!addr.isUnresolved()) {
            return List.of(addr);
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : resolve(addr.getHostString())) {
            out.add(new InetSocketAddress(a, addr.getPort()));
        }
        return out;
    }
}
