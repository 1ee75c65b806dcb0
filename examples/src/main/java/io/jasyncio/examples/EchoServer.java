package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jasyncio.examples.ServerMain.HOST;
import static io.jasyncio.examples.ServerMain.port;
import io.jasyncio.streams.Streams;

/**
 * An echo server and its client with streams: asyncio's {@code start_server} / {@code open_connection}
 * example. The server runs a handler task per connection that sends back every line it receives:
 *
 * <pre>{@code
 * async def handle(reader, writer):
 *     async for line in reader:
 *         writer.write(line)
 *         await writer.drain()
 *
 * server = await asyncio.start_server(handle, '127.0.0.1', 8888)
 * }</pre>
 *
 * <pre>
 * ./jasyncio example EchoServer server [port]   serve on 127.0.0.1:port (8888) until Ctrl+C; try nc 127.0.0.1 8888
 * ./jasyncio example EchoServer client [port]   send a few lines to it and print the replies
 * ./jasyncio example EchoServer                 the demo: a server on a free port, a client, a clean shutdown
 * </pre>
 */
public final class EchoServer {

    /** The port of the {@code server} and {@code client} modes. */
    static final int DEFAULT_PORT = 8888;

    /** What the client sends. */
    static final List<String> LINES = List.of("hello", "¿qué tal? ✓", "bye");

    private EchoServer() {
    }

    /**
     * This class's stop of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("echo",
                "streams: an echo server and a client over 127.0.0.1, then a clean shutdown", EchoServer::demo));
    }

    /**
     * {@code server [port]}, {@code client [port]}, or the demo with the options of {@link Demo}.
     *
     * @param args the mode and port, or {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "";
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        switch (mode) {
            case "server" -> ServerMain.serveUntilInterrupted(out, "echo server",
                    () -> start(port(args, 1, DEFAULT_PORT), out, true), Server::closeClients);
            case "client" -> Asyncio.run(() -> {
                client(port(args, 1, DEFAULT_PORT), out);
                return null;
            });
            default -> Demo.launch("EchoServer", sections(), args);
        }
    }

    /**
     * Starts the echo server on 127.0.0.1. Call it from a task.
     *
     * @param port the port, 0 for any free one
     * @param log where the server reports what it does
     * @param addresses whether the log shows each client's address (not in the demo: its port varies)
     * @return the server, already serving
     */
    static Server start(int port, PrintStream log, boolean addresses) throws IOException {
        int[] clients = {0};
        return Streams.startServer((reader, writer) -> echo(reader, writer, ++clients[0], log, addresses), HOST, port);
    }

    /**
     * Serves one connection: sends back every line until the client sends EOF. When it returns, the
     * server closes the connection.
     *
     * @param reader what the client sends
     * @param writer what goes back
     * @param n the connection's number
     * @param log where to report
     * @param addresses whether to report the client's address
     * @throws IOException if the connection breaks
     */
    static void echo(StreamReader reader, StreamWriter writer, int n, PrintStream log, boolean addresses)
            throws IOException {
        String client = "client " + n;
        if (addresses) {
            log.println("server   " + client + " connected from " + writer.getExtraInfo("peername"));
        }
        int lines = 0;
        for (byte[] line : reader) {                  // async for line in reader:
            log.println("server   echoes \"" + LineClient.text(line) + "\" to " + client);
            writer.write(line);                       //     writer.write(line)
            writer.drain();                           //     await writer.drain()
            lines++;
        }
        log.println("server   EOF from " + client + " after " + lines + " lines: the handler returns");
    }

    /**
     * The client: sends {@link #LINES} one at a time, each followed by reading its echo, then half-closes
     * and waits for the server to close the connection. Call it from a task.
     *
     * @param port the server's port
     * @param out where the transcript goes
     * @throws IOException if the connection breaks
     */
    static void client(int port, PrintStream out) throws IOException {
        LineClient client = LineClient.connect("client", port, out);
        for (String line : LINES) {
            client.send(line);
            client.receive();
        }
        client.writeEof();
        client.receive(); // (connection closed by the server)
        client.close();
    }

    /**
     * The demo: starts the server on a free port, runs the client against it, then closes the server and
     * waits until it and every connection are closed. Real sockets, no timers: the transcript is the same
     * on every run, and takes a few milliseconds. Call it from a task.
     *
     * @param out where to print
     * @throws IOException if a connection breaks
     */
    public static void demo(PrintStream out) throws IOException {
        Server server = start(0, out, false);
        out.println("echo server listening on " + HOST + " (port 0: the system picks a free one)");
        client(port(server), out);
        server.close();
        server.waitClosed();
        out.println("server closed, no connection left: " + server.connectionCount());
    }
}
