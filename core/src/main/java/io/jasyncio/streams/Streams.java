package io.jasyncio.streams;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.Net;
import io.jasyncio.net.Net.Connection;
import io.jasyncio.net.Net.ServerOptions;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Tls;
import io.jasyncio.net.Tls.TlsOptions;
import io.jasyncio.net.Transport;
import io.jasyncio.net.WriteTransport;

/**
 * asyncio's {@code streams.py} facade: {@code open_connection}, {@code start_server} and their Unix and TLS
 * twins, over the transports of {@link Net} and {@link Tls}, with a {@link StreamReaderProtocol} per
 * connection. Every method here must be called from a task.
 *
 * <pre>{@code
 * Streams.StreamPair c = Streams.openConnection("127.0.0.1", 8888);   // reader, writer = await asyncio.open_connection(...)
 * c.writer().write("hello\n".getBytes());
 * c.writer().drain();
 * byte[] line = c.reader().readline();
 * }</pre>
 */
public final class Streams {

    private static final KernelAccess KERNEL = Kernel.access();

    private Streams() {
    }

    /**
     * The two halves of a stream connection: asyncio's {@code (reader, writer)} pair.
     *
     * @param reader what the peer sends
     * @param writer what we send
     */
    public record StreamPair(StreamReader reader, StreamWriter writer) {
    }

    /**
     * Serves one connection of {@link #startServer}: asyncio's {@code client_connected_cb} coroutine.
     * It runs as a new task per connection; when it ends the connection is closed.
     */
    @FunctionalInterface
    public interface StreamHandler {

        /**
         * Serves a connection.
         *
         * @param reader what the client sends
         * @param writer what we send
         * @throws Exception anything: it goes to the loop's exception handler, and the connection is closed
         */
        void handle(StreamReader reader, StreamWriter writer) throws Exception;
    }

    /**
     * Connects to {@code host:port} and returns the stream pair, with the default reader limit
     * ({@value StreamReader#DEFAULT_LIMIT} bytes): asyncio's {@code open_connection}. See
     * {@link #openConnection(String, int, int)}.
     *
     * @param host a host name or address literal
     * @param port the port
     * @return the reader and writer
     * @throws java.net.ConnectException if the connection is refused
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static StreamPair openConnection(String host, int port) throws IOException {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Connects to {@code host:port} and returns the stream pair: asyncio's
     * {@code open_connection(host, port, limit=limit)}. Connecting is as {@link Net#createConnection(Supplier, String, int)}.
     *
     * <p>Cancel safety: as {@link Net#createConnection(Supplier, String, int)}: a connection cancelled midway is closed.
     *
     * @param host a host name or address literal
     * @param port the port
     * @param limit the reader's limit (see {@link StreamReader})
     * @return the reader and writer
     * @throws java.net.ConnectException if the connection is refused
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws IllegalArgumentException if {@code limit <= 0}
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static StreamPair openConnection(String host, int port, int limit) throws IOException {
        StreamReaderProtocol protocol = clientProtocol(new StreamReader(limit), "openConnection()");
        return streamPair(Net.createConnection(() -> protocol, host, port));
    }

    /**
     * Connects to the Unix domain socket at {@code path} and returns the stream pair: asyncio's
     * {@code open_unix_connection}. See {@link #openConnection(String, int, int)}.
     *
     * @param path the socket file
     * @return the reader and writer
     * @throws java.io.IOException (unchecked, as thrown) if the connection fails
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static StreamPair openUnixConnection(Path path) throws IOException {
        StreamReaderProtocol protocol = clientProtocol(new StreamReader(), "openUnixConnection()");
        return streamPair(Net.createUnixConnection(() -> protocol, path));
    }

    /**
     * A stream pair over a transport made some other way than by connecting a socket (the testkit's
     * in-memory transport, a transport of your own): what asyncio code builds by hand with
     * {@code StreamReaderProtocol(reader)} and {@code StreamWriter(transport, protocol, reader, loop)}.
     * {@code connect} gets the stream protocol, which must receive the transport's events (its
     * {@code connectionMade} included), and returns the transport. {@link #writer} is the write-only twin.
     *
     * <pre>{@code
     * StreamPair s = Streams.pair(p -> myTransportTo(peer, p), StreamReader.DEFAULT_LIMIT);
     * }</pre>
     *
     * @param connect makes or wires the transport; called once, at once
     * @param limit the reader's limit (see {@link StreamReader})
     * @return the reader and writer
     * @throws IllegalArgumentException if {@code limit <= 0}
     * @throws IllegalStateException if not called from a task
     * @throws NullPointerException if {@code connect} returns null
     */
    public static StreamPair pair(Function<? super Protocol, ? extends Transport> connect,
                                           int limit) {
        StreamReaderProtocol protocol = clientProtocol(new StreamReader(limit), "Streams.pair()");
        Transport t = Objects.requireNonNull(connect.apply(protocol), "the transport connect returned");
        return new StreamPair(protocol.reader(), new StreamWriter(t, protocol, protocol.reader()));
    }

    static StreamReaderProtocol clientProtocol(StreamReader reader, String what) {
        return new StreamReaderProtocol(KERNEL.currentTask(what).getLoop(), reader, null);
    }

    static StreamPair streamPair(Connection<StreamReaderProtocol> c) {
        StreamReader reader = c.protocol().reader();
        return new StreamPair(reader, new StreamWriter(c.transport(), c.protocol(), reader));
    }

    /**
     * Listens on {@code host:port} and runs {@code handler} as a new task for each connection, with
     * asyncio's default options and reader limit: asyncio's {@code start_server}. See
     * {@link #startServer(StreamHandler, String, int, ServerOptions, int)}.
     *
     * @param handler serves each connection
     * @param host the address to bind, or null for every interface
     * @param port the port, 0 for any free one (see {@link Server#addresses()})
     * @return the server, already serving
     */
    public static Server startServer(StreamHandler handler, String host, int port) throws IOException {
        return startServer(handler, host, port, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Listens on {@code host:port} and runs {@code handler(reader, writer)} as a new task for each
     * connection: asyncio's {@code start_server(client_connected_cb, host, port, limit=limit, ...)}.
     * When the handler's task ends (returns, throws, or is cancelled) the connection is closed
     * gracefully (buffered data is still sent); an exception it throws is reported to the loop's
     * exception handler ("Unhandled exception in client_connected_cb"). A handler that hands its
     * writer to another task must therefore not return before that task is done with it.
     *
     * <p>To stop: {@link Server#close()} (or cancel the task in {@link Server#serveForever()}) stops
     * accepting; the handlers go on until they end or {@link Server#closeClients()} closes their
     * connections (their reads then see EOF); {@link Server#waitClosed()} waits for both.
     *
     * @param handler serves each connection
     * @param host the address to bind, or null for every interface
     * @param port the port, 0 for any free one
     * @param options backlog and socket options
     * @param limit the limit of each connection's reader (see {@link StreamReader})
     * @return the server, already serving
     * @throws java.net.BindException if the address is in use
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public static Server startServer(StreamHandler handler, String host, int port, ServerOptions options, int limit) throws IOException {
        return Net.createServer(streamProtocols(handler, limit, "startServer()"), host, port, options);
    }

    /**
     * Listens on a Unix domain socket at {@code path} (which must not exist yet) and runs
     * {@code handler} as a new task for each connection: asyncio's {@code start_unix_server}. See
     * {@link #startServer(StreamHandler, String, int, ServerOptions, int)}.
     *
     * @param handler serves each connection
     * @param path the socket file to create
     * @return the server, already serving
     */
    public static Server startUnixServer(StreamHandler handler, Path path) throws IOException {
        return Net.createUnixServer(streamProtocols(handler, StreamReader.DEFAULT_LIMIT, "startUnixServer()"), path);
    }

    /**
     * A {@link StreamWriter} over a write-only transport, such as a pipe: what asyncio's subprocess code does with
     * {@code StreamWriter(transport, protocol, None, loop)}. {@code connect} makes the transport and must report
     * to the protocol it is given: {@code pauseWriting}/{@code resumeWriting} as its buffer crosses the water
     * marks, and {@code connectionLost} when it ends (it never receives data and need not call
     * {@code connectionMade}). The writer's {@code drain} and {@code waitClosed} then work as over a socket.
     *
     * @param connect makes the transport, bound to the given protocol
     * @return the writer (with no reader)
     * @throws IllegalStateException if not called from a task
     */
    public static StreamWriter writer(java.util.function.Function<? super Protocol, ? extends WriteTransport> connect) {
        EventLoop loop = KERNEL.currentTask("Streams.writer()").getLoop();
        StreamReaderProtocol protocol = new StreamReaderProtocol(loop, null, null);
        WriteTransport transport = Objects.requireNonNull(connect.apply(protocol), "connect returned null");
        return new StreamWriter(transport, protocol, null);
    }

    /**
     * Takes over an open transport as streams: the transport's protocol is replaced by a stream protocol
     * that feeds {@code reader}, and the returned writer writes to the transport with flow control. This is
     * asyncio's {@code StreamReaderProtocol(reader)} plus {@code StreamWriter(transport, protocol, reader,
     * loop)} on an existing transport, as an HTTP server does after {@code 101 Switching Protocols}. The
     * transport must not be paused for writing at the time of the call (drain it first): the new protocol
     * starts unpaused. Bytes the old protocol received and did not consume can be handed over with
     * {@link StreamReader#feedData(byte[])}.
     *
     * @param transport an open transport, on the calling task's loop
     * @param reader a reader with no transport yet
     * @return the writer; {@code reader} is now fed by the transport
     * @throws IllegalStateException if not called from a task, or the reader already has a transport
     */
    public static StreamWriter wrap(Transport transport, StreamReader reader) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(reader, "reader");
        EventLoop loop = KERNEL.currentTask("Streams.wrap()").getLoop();
        StreamReaderProtocol protocol = new StreamReaderProtocol(loop, reader, null);
        protocol.connectionMade(transport);
        transport.setProtocol(protocol);
        return new StreamWriter(transport, protocol, reader);
    }

    /** A protocol factory for a stream server: a fresh reader per connection, checked once up front. */
    static Supplier<Protocol> streamProtocols(StreamHandler handler, int limit, String what) {
        Objects.requireNonNull(handler, "handler");
        StreamReader.checkLimit(limit); // fail now, not in every accepted connection
        EventLoop loop = KERNEL.currentTask(what).getLoop();
        return () -> new StreamReaderProtocol(loop, new StreamReader(limit), handler);
    }

    // ---- Streams over TLS ----

    /**
     * Connects over TLS and returns the stream pair: asyncio's {@code open_connection(..., ssl=ctx)}.
     * Returns once the handshake is done. See {@link #openConnection(String, int)} for the streams and
     * {@link Tls#createConnection(Supplier, String, int, TlsOptions)} for TLS (errors, timeouts).
     *
     * <p>Cancel safety: if the task is cancelled while connecting or during the handshake, the
     * connection is closed.
     *
     * @param host a host name or address literal
     * @param port the port
     * @param tls the TLS settings
     * @return the reader and writer ({@code canWriteEof()} is false over TLS)
     * @throws javax.net.ssl.SSLHandshakeException (unchecked, as thrown) if the handshake fails
     * @throws TimeoutError if the handshake takes longer than the handshake timeout
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public static StreamPair openConnection(String host, int port, TlsOptions tls) throws IOException {
        StreamReaderProtocol protocol = clientProtocol(new StreamReader(StreamReader.DEFAULT_LIMIT),
                "openConnection()");
        return streamPair(Tls.createConnection(() -> protocol, host, port, tls));
    }

    /**
     * Listens over TLS and runs {@code handler} as a new task for each connection, once its handshake
     * is done: asyncio's {@code start_server(..., ssl=ctx)}. See
     * {@link #startServer(StreamHandler, String, int)} and
     * {@link Tls#createServer(Supplier, String, int, ServerOptions, TlsOptions)}.
     *
     * @param handler the per-connection coroutine
     * @param host the address to bind, or null for every interface
     * @param port the port, 0 for any free one
     * @param options backlog and socket options
     * @param tls the TLS settings (a context with the server's key)
     * @return the server, already serving
     * @throws CancelledError if the task is cancelled while resolving the host
     */
    public static Server startServer(StreamHandler handler, String host, int port, ServerOptions options,
                                     TlsOptions tls) throws IOException {
        return Tls.createServer(streamProtocols(handler, StreamReader.DEFAULT_LIMIT, "startServer()"), host, port,
                options, tls);
    }
}
