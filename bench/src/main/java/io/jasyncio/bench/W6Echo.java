package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Net;
import io.jasyncio.Protocol;
import io.jasyncio.Server;
import io.jasyncio.Transport;

import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * W6 TCP echo server (WORKLOADS.md sections 2 and 3): listens on {@code 127.0.0.1:PORT} with
 * SO_REUSEADDR and a backlog of 1024 (accepted sockets get TCP_NODELAY from {@link Net}), prints
 * {@code READY} on stdout once listening, echoes every connection until EOF, and runs until SIGTERM,
 * which stops it cleanly (exit status 0). The load and the timing are the client's (bench/client).
 *
 * <ul>
 *   <li>{@code protocol}: asyncio's {@code Protocol} style, {@code dataReceived(data)} writes
 *       {@code data} back to the transport.</li>
 *   <li>{@code streams}: asyncio's {@code start_server} handler (read(65536), write, drain, close at
 *       EOF); not available until jasyncio has streams.</li>
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
     * @return the exit status: 0 after SIGTERM, 1 on an error, 2 if the style is not available
     */
    static int serve(int port, String style, PrintStream stdout) {
        if (style.equals("streams")) {
            System.err.println("bench: w6 --style streams is not available yet: this jasyncio has no "
                    + "StreamReader/StreamWriter (Net.startServer); use --style protocol");
            return 2;
        }
        try {
            Asyncio.run(() -> {
                runServer(port, stdout);
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
    private static void runServer(int port, PrintStream stdout) {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Void> terminated = loop.createFuture();
        Server server = Net.createServer(EchoProtocol::new, HOST, port,
                new Net.ServerOptions(BACKLOG, true, false));
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
