package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.sync.Event;
import io.jasyncio.KeyboardInterrupt;
import io.jasyncio.net.Server;
import io.jasyncio.TimeoutError;

import java.io.PrintStream;
import java.net.InetSocketAddress;

import static io.jasyncio.Asyncio.timeout;

/**
 * The {@code server [port]} mode of the socket examples ({@link EchoServer}, {@link ChatServer}): serve
 * on 127.0.0.1 until Ctrl+C, then shut down cleanly. Also the small helpers they share.
 */
final class ServerMain {

    /** The address the examples listen on and connect to: loopback only. */
    static final String HOST = "127.0.0.1";

    /** How long a shutdown waits for the connections to end before cutting them. */
    static final double SHUTDOWN_GRACE = 2.0;

    private ServerMain() {
    }

    /**
     * Stops a server's connections: the step between {@code server.close()} and {@code waitClosed()}.
     */
    @FunctionalInterface
    interface Farewell {
        /**
         * Asks the connections to end, without waiting: {@code server.closeClients()} (a handler that
         * sees EOF on its reader returns), or a goodbye first.
         *
         * @param server the server, no longer accepting
         * @throws Exception anything; the shutdown goes on
         */
        void endConnections(Server server) throws Exception;
    }

    /**
     * The port a server listens on: handy after listening on port 0.
     *
     * @param server the server
     * @return its first address's port
     */
    static int port(Server server) {
        return ((InetSocketAddress) server.addresses().getFirst()).getPort();
    }

    /**
     * The port given on the command line at {@code index}, or {@code fallback} if there is none.
     *
     * @param args the command line
     * @param index where the port would be
     * @param fallback the default port
     * @return the port
     * @throws NumberFormatException if the argument is not a number
     */
    static int port(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /**
     * Runs {@code start} as the main coroutine of a real-time loop and serves until Ctrl+C; then stops
     * listening, asks the connections to end ({@code farewell}), and waits for them to end (at most
     * {@link #SHUTDOWN_GRACE} seconds, then cuts them).
     *
     * @param out where to print
     * @param what the server's name, for the messages
     * @param start starts the server
     * @param farewell asks the connections to end
     */
    static void serveUntilInterrupted(PrintStream out, String what, Coroutine<Server> start, Farewell farewell) {
        try {
            Asyncio.run(() -> {
                Server server = start.call();
                int port = port(server);
                out.println(what + " listening on " + HOST + ":" + port + " (try: nc " + HOST + " " + port
                        + "; Ctrl+C stops it)");
                try {
                    new Event().await(); // until Ctrl+C cancels the main task
                } catch (CancelledError e) {
                    out.println("shutting down: " + server.connectionCount() + " connection(s) open");
                    server.close();
                    farewell.endConnections(server);
                    awaitConnectionsEnd(server);
                    throw e;
                }
                return null;
            });
        } catch (KeyboardInterrupt e) {
            out.println(what + " stopped");
        }
    }

    /**
     * Waits for the connections of a closed server to end, at most {@link #SHUTDOWN_GRACE} seconds, then
     * cuts those that are left.
     *
     * @param server a closed server whose connections were asked to end
     */
    static void awaitConnectionsEnd(Server server) {
        try {
            timeout(SHUTDOWN_GRACE, () -> {
                server.waitClosed();
                return null;
            });
        } catch (TimeoutError e) {
            server.abortClients();
            server.waitClosed();
        }
    }
}
