package io.jasyncio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
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

    // ------------------------------------------------------------------------------------------
    // Client side

    /**
     * Connects to {@code host:port} and returns the transport with its protocol, once
     * {@code connectionMade} has been called. Every address the name resolves to is tried in turn; the
     * error of the last one is raised if none accepts.
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
    public static <P extends Protocol> Connection<P> createConnection(Supplier<P> factory, String host, int port) {
        Objects.requireNonNull(factory, "factory");
        checkPort(port);
        EventLoop loop = Task.currentOrThrow("createConnection()").loop;
        List<InetAddress> addrs = resolve(host);
        Throwable last = null;
        for (InetAddress a : addrs) {
            try {
                SocketChannel ch = connect(loop, a instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, new InetSocketAddress(a, port));
                return attach(loop, ch, factory);
            } catch (IOException e) {
                last = e;
            }
        }
        throw io.jasyncio.internal.Throw.sneaky(last);
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
    public static <P extends Protocol> Connection<P> createUnixConnection(Supplier<P> factory, Path path) {
        EventLoop loop = Task.currentOrThrow("createUnixConnection()").loop;
        try {
            return attach(loop, connect(loop, StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(path)), factory);
        } catch (IOException e) {
            throw io.jasyncio.internal.Throw.sneaky(e);
        }
    }

    private static SocketChannel connect(EventLoop loop, ProtocolFamily family, java.net.SocketAddress addr)
            throws IOException {
        SocketChannel ch = SocketChannel.open(family);
        SelectionKey key = null;
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            if (family != StandardProtocolFamily.UNIX) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (!ch.connect(addr)) {
                Future<Void> connected = loop.createFuture();
                key = loop.io.register(ch, SelectionKey.OP_CONNECT, new IoHandler() {
                    @Override
                    void onReady(int ops) {
                        if (connected.done()) {
                            return;
                        }
                        try {
                            ch.finishConnect();
                            connected.setResult(null);
                        } catch (IOException e) {
                            connected.setException(e);
                        }
                    }
                });
                connected.call();
            }
            ok = true;
            return ch;
        } finally {
            if (!ok) {
                if (key != null) {
                    loop.io.deregister(key);
                }
                ch.close();
            }
        }
    }

    private static <P extends Protocol> Connection<P> attach(EventLoop loop, SocketChannel ch, Supplier<P> factory)
            throws IOException {
        P protocol = factory.get();
        SocketTransport t;
        try {
            t = new SocketTransport(loop, ch, protocol, null);
        } catch (IOException | RuntimeException e) {
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
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port) {
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
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port, ServerOptions options) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        EventLoop loop = Task.currentOrThrow("createServer()").loop;
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
    public static Server createUnixServer(Supplier<? extends Protocol> factory, Path path) {
        Objects.requireNonNull(factory, "factory");
        EventLoop loop = Task.currentOrThrow("createUnixServer()").loop;
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

    // ---- TLS ----

    /**
     * TLS settings: asyncio's {@code ssl=}, {@code server_hostname=}, {@code ssl_handshake_timeout=} and
     * {@code ssl_shutdown_timeout=} arguments, for
     * {@link #createConnection(Supplier, String, int, TlsOptions)} and
     * {@link #createServer(Supplier, String, int, ServerOptions, TlsOptions)}.
     *
     * @param context keys and trust; null on a client means the JDK's default context (the JDK's
     *     trusted certificate authorities); a server needs one with its key and certificate
     * @param serverHostname client only: the name the server's certificate must match, also sent as
     *     SNI; null means the host connected to; {@code ""} turns host-name checking off (unsafe, as
     *     asyncio's {@code server_hostname=''})
     * @param handshakeTimeout how long the handshake may take before the connection is aborted; null
     *     means 60 seconds (asyncio's default)
     * @param shutdownTimeout how long {@code close()} waits for the peer's close_notify before aborting;
     *     null means 30 seconds (asyncio's default)
     */
    public record TlsOptions(javax.net.ssl.SSLContext context, String serverHostname,
            java.time.Duration handshakeTimeout, java.time.Duration shutdownTimeout) {

        /**
         * Fills in the default timeouts and validates.
         *
         * @throws IllegalArgumentException if a timeout is zero or negative
         */
        public TlsOptions {
            handshakeTimeout = positive(handshakeTimeout, SslProtocol.DEFAULT_HANDSHAKE_TIMEOUT, "handshakeTimeout");
            shutdownTimeout = positive(shutdownTimeout, SslProtocol.DEFAULT_SHUTDOWN_TIMEOUT, "shutdownTimeout");
        }

        private static java.time.Duration positive(java.time.Duration d, java.time.Duration dflt, String what) {
            if (d == null) {
                return dflt;
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        /**
         * Options with {@code context} and the defaults: host-name checking against the host connected
         * to, 60 s to shake hands, 30 s to shut down.
         *
         * @param context the context, or null for the JDK's default (clients only)
         * @return the options
         */
        public static TlsOptions of(javax.net.ssl.SSLContext context) {
            return new TlsOptions(context, null, null, null);
        }

        /**
         * @param name the name to verify and send as SNI ({@code ""}: no host-name check)
         * @return a copy with that server name
         */
        public TlsOptions withServerHostname(String name) {
            return new TlsOptions(context, name, handshakeTimeout, shutdownTimeout);
        }

        /**
         * @param timeout the handshake timeout
         * @return a copy with that timeout
         */
        public TlsOptions withHandshakeTimeout(java.time.Duration timeout) {
            return new TlsOptions(context, serverHostname, timeout, shutdownTimeout);
        }

        /**
         * @param timeout the shutdown timeout
         * @return a copy with that timeout
         */
        public TlsOptions withShutdownTimeout(java.time.Duration timeout) {
            return new TlsOptions(context, serverHostname, handshakeTimeout, timeout);
        }
    }

    /**
     * Connects to {@code host:port} and shakes hands over TLS: asyncio's
     * {@code create_connection(ssl=...)}. Returns once the handshake is done and {@code connectionMade}
     * was called with the TLS transport (whose {@code getExtraInfo} has {@code "peercert"},
     * {@code "cipher"}, {@code "ssl_object"}, {@code "sslcontext"}). The server's certificate must be
     * trusted by the context and match {@code tls.serverHostname()}, or {@code host} if that is null
     * (the JDK's "HTTPS" endpoint identification; the name also goes out as SNI unless it is an IP
     * address).
     *
     * <p>Cancel safety: if the task is cancelled while connecting or shaking hands, the socket is
     * closed, and the protocol gets neither {@code connectionMade} nor {@code connectionLost}.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param host a host name or address literal
     * @param port the port
     * @param tls the TLS settings
     * @return the connection, its transport speaking TLS
     * @throws javax.net.ssl.SSLHandshakeException (as thrown, unwrapped) if the handshake fails: an
     *     untrusted certificate, another host name, the server hung up
     * @throws TimeoutError if the handshake takes longer than {@code tls.handshakeTimeout()}; the
     *     connection is aborted
     * @throws java.net.ConnectException if the connection is refused
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static <P extends Protocol> Connection<P> createConnection(Supplier<P> factory, String host, int port,
            TlsOptions tls) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(tls, "tls");
        EventLoop loop = Task.currentOrThrow("createConnection()").loop;
        Future<Void> handshake = loop.createFuture();
        List<P> made = new ArrayList<>(1);
        Connection<SslProtocol> plain = createConnection(() -> {
            P protocol = factory.get();
            made.add(protocol);
            return SslProtocol.wrapClient(loop, protocol, tls, host, port, handshake);
        }, host, port);
        try {
            handshake.call();
        } catch (CancelledError e) {
            plain.transport().abort();
            throw e;
        }
        return new Connection<>(plain.protocol().appTransport(), made.getLast());
    }

    /**
     * Listens as {@link #createServer(Supplier, String, int, ServerOptions)} does, and speaks TLS on
     * every connection: asyncio's {@code create_server(ssl=...)}. A protocol gets
     * {@code connectionMade} once its handshake is done. A failed or timed-out handshake closes the
     * connection and is reported to the loop's exception handler only in debug mode (asyncio logs it).
     *
     * <p>Cancel safety: only resolving {@code host} suspends; if the task is cancelled then, nothing is
     * bound.
     *
     * @param factory makes a protocol per connection
     * @param host the address to bind, or null for every interface
     * @param port the port, 0 for any free one
     * @param options backlog and socket options
     * @param tls the TLS settings: {@code context} (with the server's key and certificate) is required
     * @return the server, already serving
     * @throws IllegalArgumentException if {@code tls.context()} is null
     * @throws java.net.BindException if the address is in use
     * @throws CancelledError if the task is cancelled while resolving the host
     */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port,
            ServerOptions options, TlsOptions tls) {
        Objects.requireNonNull(factory, "factory");
        if (Objects.requireNonNull(tls, "tls").context() == null) {
            throw new IllegalArgumentException("a TLS server needs an SSLContext with its key and certificate");
        }
        EventLoop loop = Task.currentOrThrow("createServer()").loop;
        return createServer(() -> SslProtocol.wrapServer(loop, factory.get(), tls), host, port, options);
    }

    /**
     * Upgrades an open connection to TLS in place: asyncio's {@code loop.start_tls()} (for STARTTLS-like
     * protocols). The connection's transport gets a TLS layer as its protocol; once the handshake is
     * done, {@code protocol} receives the decrypted data through the returned transport (it gets no
     * {@code connectionMade}: it already has its connection). Bytes the old protocol already received
     * stay with it. Call it when the peer is about to shake hands, not while data still flows.
     *
     * <p>Cancel safety: if the task is cancelled during the handshake, or the handshake fails, the
     * connection is closed.
     *
     * @param transport the plain connection, open
     * @param protocol the protocol that speaks over TLS from now on
     * @param context keys and trust; null on the client side means the JDK's default context
     * @param serverSide whether this end is the TLS server
     * @param serverHostname client side: the name the peer's certificate must match and the SNI;
     *     {@code ""} turns host-name checking off; ignored on the server side
     * @param handshakeTimeout the handshake timeout; null means 60 seconds
     * @return the TLS transport
     * @throws IllegalArgumentException on the server side without a context, or on the client side
     *     with a null {@code serverHostname}
     * @throws javax.net.ssl.SSLHandshakeException (as thrown) if the handshake fails
     * @throws TimeoutError if the handshake takes longer than {@code handshakeTimeout}
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static Transport startTls(Transport transport, Protocol protocol, javax.net.ssl.SSLContext context,
            boolean serverSide, String serverHostname, java.time.Duration handshakeTimeout) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        if (!serverSide && serverHostname == null) {
            throw new IllegalArgumentException("startTls on the client side needs serverHostname (\"\" for no check)");
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("cannot start TLS on a closing transport: " + transport);
        }
        EventLoop loop = Task.currentOrThrow("startTls()").loop;
        Future<Void> handshake = loop.createFuture();
        SslProtocol ssl = new SslProtocol(loop, protocol, new TlsOptions(context, serverHostname, handshakeTimeout, null),
                serverSide, serverHostname, SslProtocol.peerPort(transport), handshake, false);
        // Pause first, so that no byte reaches the TLS layer before its connectionMade (asyncio's order).
        transport.pauseReading();
        transport.setProtocol(ssl);
        Handle made = loop.callSoon(() -> ssl.connectionMade(transport));
        Handle resume = loop.callSoon(transport::resumeReading);
        try {
            handshake.call();
        } catch (Throwable e) {
            transport.close();
            made.cancel();
            resume.cancel();
            throw e;
        }
        return ssl.appTransport();
    }
}
