package io.jasyncio.net;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import io.jasyncio.TimeoutError;

/**
 * TLS on the running loop (javax.net.ssl.SSLEngine under the selector transports): asyncio's
 * {@code ssl=} arguments of {@code create_connection}/{@code create_server}, and {@code start_tls}, as
 * static methods. Every method must be called from a task.
 */
public final class Tls {

    private static final KernelAccess KERNEL = Kernel.access();

    private Tls() {
    }


    /**
     * TLS settings: asyncio's {@code ssl=}, {@code server_hostname=}, {@code ssl_handshake_timeout=} and
     * {@code ssl_shutdown_timeout=} arguments, for
     * {@link #createConnection(Supplier, String, int, TlsOptions)} and
     * {@link #createServer(Supplier, String, int, Net.ServerOptions, TlsOptions)}.
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
    public static <P extends Protocol> Net.Connection<P> createConnection(Supplier<P> factory, String host, int port,
            TlsOptions tls) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(tls, "tls");
        EventLoop loop = KERNEL.currentTask("createConnection()").getLoop();
        Future<Void> handshake = loop.createFuture();
        List<P> made = new ArrayList<>(1);
        Net.Connection<SslProtocol> plain = Net.createConnection(() -> {
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
        return new Net.Connection<>(plain.protocol().appTransport(), made.getLast());
    }

    /**
     * Listens as {@link Net#createServer(Supplier, String, int, Net.ServerOptions)} does, and speaks TLS on
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
            Net.ServerOptions options, TlsOptions tls) throws IOException {
        Objects.requireNonNull(factory, "factory");
        if (Objects.requireNonNull(tls, "tls").context() == null) {
            throw new IllegalArgumentException("a TLS server needs an SSLContext with its key and certificate");
        }
        EventLoop loop = KERNEL.currentTask("createServer()").getLoop();
        return Net.createServer(() -> SslProtocol.wrapServer(loop, factory.get(), tls), host, port, options);
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
            boolean serverSide, String serverHostname, java.time.Duration handshakeTimeout) throws IOException {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        if (!serverSide && serverHostname == null) {
            throw new IllegalArgumentException("startTls on the client side needs serverHostname (\"\" for no check)");
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("cannot start TLS on a closing transport: " + transport);
        }
        EventLoop loop = KERNEL.currentTask("startTls()").getLoop();
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
