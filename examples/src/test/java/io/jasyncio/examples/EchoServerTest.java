package io.jasyncio.examples;

import io.jasyncio.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.examples.LineClient.bytes;
import static io.jasyncio.examples.LineClient.text;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.streams.Streams;

/** {@link EchoServer} over real sockets on 127.0.0.1, on a real-clock loop. */
@Timeout(30)
class EchoServerTest {

    @Test
    void theDemoPrintsTheSameTranscriptEveryTime() {
        Capture.realTime(EchoServer::demo).assertLines(
                "echo server listening on 127.0.0.1 (port 0: the system picks a free one)",
                "client > hello",
                "server   echoes \"hello\" to client 1",
                "client < hello",
                "client > ¿qué tal? ✓",
                "server   echoes \"¿qué tal? ✓\" to client 1",
                "client < ¿qué tal? ✓",
                "client > bye",
                "server   echoes \"bye\" to client 1",
                "client < bye",
                "client   writeEof(): no more lines",
                "server   EOF from client 1 after 3 lines: the handler returns",
                "client < (connection closed by the server)",
                "client   closes the connection",
                "server closed, no connection left: 0");
    }

    @Test
    void eachConnectionHasItsOwnHandlerAndTheServerModeLogsAddresses() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> replies = run(() -> {
            Server server = EchoServer.start(0, new PrintStream(log, true, StandardCharsets.UTF_8), true);
            int port = ServerMain.port(server);
            Streams.StreamPair a = Streams.openConnection(ServerMain.HOST, port);
            Streams.StreamPair b = Streams.openConnection(ServerMain.HOST, port);
            // Interleaved on two connections, with a line split across two writes and a CRLF (telnet).
            a.writer().write(bytes("from a"));
            b.writer().write("from b, in ".getBytes(StandardCharsets.UTF_8));
            b.writer().write("two writes\r\n".getBytes(StandardCharsets.UTF_8));
            List<String> got = List.of(text(b.reader().readline()), text(a.reader().readline()));
            assertEquals(2, server.connectionCount());
            // The server mode's shutdown: the handlers see EOF, return, and their connections close.
            server.close();
            server.closeClients();
            double start = getRunningLoop().time();
            ServerMain.awaitConnectionsEnd(server);
            assertTrue(getRunningLoop().time() - start < ServerMain.SHUTDOWN_GRACE / 2, "ended, not cut");
            for (Streams.StreamPair c : List.of(a, b)) {
                assertEquals(0, c.reader().read(-1).length);
                c.writer().close();
                c.writer().waitClosed();
            }
            return got;
        });
        assertEquals(List.of("from b, in two writes", "from a"), replies);
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.stream().filter(l -> l.matches("server   client [12] connected from /127\\.0\\.0\\.1:\\d+")).count(),
                String.join("\n", lines));
        assertTrue(lines.contains("server   echoes \"from a\" to client 1"), String.join("\n", lines));
        assertTrue(lines.contains("server   echoes \"from b, in two writes\" to client 2"), String.join("\n", lines));
    }
}
