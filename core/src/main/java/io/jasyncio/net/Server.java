package io.jasyncio.net;

import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;

/**
 * A listening server (asyncio's {@code Server}), made by {@link Net#createServer} or
 * {@link io.jasyncio.streams.Streams#startServer}. Loop-confined.
 *
 * <p>States: serving (accepting connections) &rarr; closed ({@link #close()}: no longer listening;
 * open connections stay until they end or {@link #closeClients()}/{@link #abortClients()} end them).
 * {@link #waitClosed()} returns once the server is closed and every connection has ended.
 *
 * <p>A server is {@link AutoCloseable}: {@code try (Server server = Streams.startServer(...)) { ... }}
 * stops listening at the end of the block. asyncio's {@code async with server:} also awaits
 * {@code wait_closed()}; here call {@link #waitClosed()} after the block when you need that.
 */
public interface Server extends AutoCloseable {

    /** Stops listening and closes the listening sockets; open connections are left alone. Idempotent. */
    @Override
    void close();

    /**
     * The port the server listens on: the one the OS chose when it was asked for port 0.
     *
     * @return the port of its first TCP listening address
     * @throws IllegalStateException if it listens on no TCP address (a Unix socket server, or closed)
     */
    default int port() {
        for (SocketAddress a : addresses()) {
            if (a instanceof java.net.InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        throw new IllegalStateException("this server listens on no TCP port: " + addresses());
    }

    /**
     * Suspends until the server is closed and all its connections have ended (asyncio 3.12+).
     *
     * <p>Cancel safety: cancelling the waiting task changes nothing about the server.
     *
     * @throws CancelledError if the waiting task is cancelled
     */
    void waitClosed();

    /** Closes every open connection gracefully (buffered data is still sent). */
    void closeClients();

    /** Closes every open connection at once, dropping buffered data. */
    void abortClients();

    /**
     * Serves until the calling task is cancelled, then closes the server and waits for it to be closed
     * (asyncio's {@code serve_forever}).
     *
     * <p>Cancel safety: cancellation is the way to stop it; the server is closed before the
     * {@link CancelledError} propagates.
     *
     * @throws IllegalStateException if the server is closed, or already serving forever
     * @throws CancelledError when the task is cancelled
     */
    void serveForever();

    /**
     * Whether the server accepts connections.
     *
     * @return true until closed
     */
    boolean isServing();

    /**
     * The listening channels.
     *
     * @return the channels (empty once closed)
     */
    List<ServerSocketChannel> sockets();

    /**
     * The addresses listened on: handy to learn the port chosen for port 0.
     *
     * @return the local addresses
     */
    List<SocketAddress> addresses();

    /**
     * The number of connections that have not ended yet.
     *
     * @return the open connections
     */
    int connectionCount();

    /**
     * The loop the server runs on.
     *
     * @return the loop
     */
    EventLoop getLoop();
}
