package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Net;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.net.Transport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import io.jasyncio.streams.Streams;

/**
 * W6 TCP echo server (docs/workloads.md sections 2 and 3): listens on {@code 127.0.0.1:PORT} with
 * SO_REUSEADDR and a backlog of 1024 (accepted sockets get TCP_NODELAY from {@link Net}), prints
 * {@code READY} on stdout once listening, echoes every connection until EOF, and runs until SIGTERM,
 * which stops it cleanly (exit status 0). The load and the timing are the client's (bench/client).
 *
 * <ul>
 *   <li>{@code streams} (W6): {@link Streams#startServer} with asyncio's handler: a task per connection
 *       that loops {@code read(65536)}, {@code write}, {@code drain} and closes the writer at EOF.</li>
 *   <li>{@code protocol} (W6p): {@link Net#createServer} with a {@link Protocol} whose
 *       {@code dataReceived(data)} writes {@code data} back to the transport.</li>
 * </ul>
 */
final class W6Echo {

    private static final String HOST = "127.0.0.1";
    private static final int BACKLOG = 1024;

    private static long connections;
    private static long bytes;

    private W6Echo() {
    }

    /**
     * Serves until SIGTERM.
     *
     * @param port the port to listen on
     * @param style {@code streams} or {@code protocol}
     * @param stdout where {@code READY} goes (stdout; everything else goes to stderr)
     * @return the exit status: 0 after SIGTERM, 1 on an error
     */
    static int serve(int port, String style, PrintStream stdout) {
        try {
            Asyncio.run(() -> {
                runServer(port, style.equals("streams"), stdout);
                return null;
            });
            System.err.printf("bench w6 %s: stopped by SIGTERM after %d connections, %d bytes echoed%n",
                    style, connections, bytes);
            return 0;
        } catch (Throwable e) {
            System.err.println("bench: w6 server FAILED:");
            e.printStackTrace();
            return 1;
        }
    }

    /** The main task: listen, say READY, wait for SIGTERM, then close the server and its connections. */
    private static void runServer(int port, boolean streams, PrintStream stdout) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Void> terminated = loop.createFuture();
        Net.ServerOptions options = new Net.ServerOptions(BACKLOG, true, false);
        Server server = streams
                ? Streams.startServer(W6Echo::handle, HOST, port, options, StreamReader.DEFAULT_LIMIT)
                : Net.createServer(EchoProtocol::new, HOST, port, options);
        try {
            onSigterm(() -> loop.callSoonThreadsafe(() -> {
                if (!terminated.done()) {
                    terminated.setResult(null);
                }
            }));
            stdout.println("READY");
            stdout.flush();
            terminated.call();
        } finally {
            server.close();
            server.abortClients();
        }
    }

    /** Runs {@code action} (on the JVM's signal thread) on SIGTERM, instead of the JVM's exit(143). */
    private static void onSigterm(Runnable action) {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> action.run());
    }

    /** The streams handler, as docs/workloads.md's {@code handle(reader, writer)}. */
    private static void handle(StreamReader reader, StreamWriter writer) throws Exception {
        connections++;
        while (true) {
            byte[] data = reader.read(65536);
            if (data.length == 0) {
                break;
            }
            bytes += data.length;
            writer.write(data);
            writer.drain();
        }
        writer.close();
    }

    /** {@code data_received(data): transport.write(data)}. */
    private static final class EchoProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            connections++;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            bytes += data.remaining();
            transport.write(data);
        }
    }
}
