package io.jasyncio.streams;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.streams.StreamReaderTest.b;
import static io.jasyncio.streams.StreamReaderTest.s;
import static io.jasyncio.fixtures.NetFixtures.port;
import static io.jasyncio.fixtures.NetFixtures.waitUntil;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.ErrorContext;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.Net;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import io.jasyncio.sync.Event;

/** Streams over real sockets on 127.0.0.1 (and a Unix socket), on a real-clock loop. */
@Timeout(30)
class StreamsTest {

    /** Echoes each line back until EOF. */
    static void echoLines(StreamReader reader, StreamWriter writer) throws IOException {
        for (byte[] line : reader) {
            writer.write(line);
            writer.drain();
        }
    }

    /** Closes the client's side and the server, and waits until both are closed. */
    static Void closeBoth(Streams.StreamPair c, Server server) throws IOException {
        c.writer().close();
        c.writer().waitClosed();
        server.close();
        server.waitClosed();
        return null;
    }

    @Test
    void echoOverOpenConnectionAndStartServer() {
        run(() -> {
            Server server = Streams.startServer(StreamsTest::echoLines, "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            assertEquals(server.addresses().get(0), c.writer().getExtraInfo("peername"));
            c.writer().writelines(List.of(b("one\n"), b("two\n")));
            c.writer().drain();
            assertEquals("one\n", s(c.reader().readline()));
            assertEquals("two\n", s(c.reader().readline()));
            c.writer().write(b("three"));
            c.writer().writeEof(); // the handler sees EOF, ends, and the server closes the connection
            assertEquals("three", s(c.reader().read(-1)));
            assertTrue(c.reader().atEof());
            return closeBoth(c, server);
        });
    }

    @Test
    void readexactlyAndReaduntilOverTheWire() {
        run(() -> {
            Server server = Streams.startServer((r, w) -> {
                w.write(b("HEAD\r\n\r\n"));
                w.write(ByteBuffer.allocate(4).putInt(5).flip()); // a length-prefixed frame
                w.write(b("hello"));
                w.write(b("0123456789")); // too long for the client's limit
                w.close();
            }, "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server), 8);
            assertEquals("HEAD\r\n\r\n", s(c.reader().readuntil(b("\r\n\r\n"))));
            int n = ByteBuffer.wrap(c.reader().readexactly(4)).getInt();
            assertEquals("hello", s(c.reader().readexactly(n)));
            assertThrows(LimitOverrunError.class, () -> c.reader().readuntil(b("\n")));
            IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> c.reader().readexactly(11));
            assertEquals("0123456789", s(e.partial()));
            return closeBoth(c, server);
        });
    }

    @Test
    void halfCloseLetsTheServerAnswerAfterEof() {
        run(() -> {
            Server server = Streams.startServer((r, w) -> {
                byte[] all = r.read(-1); // until the client's writeEof
                assertTrue(w.canWriteEof());
                w.write(b("got " + all.length + " bytes"));
            }, "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            c.writer().write(new byte[100_000]);
            c.writer().writeEof();
            assertThrows(IllegalStateException.class, () -> c.writer().write(b("more")));
            assertEquals("got 100000 bytes", s(c.reader().read(-1))); // the handler returned: closed
            return closeBoth(c, server); // both sides have sent EOF, but the transport stays open until closed
        });
    }

    @Test
    void drainThrottlesAFastWriterToASlowReader() {
        run(() -> {
            Event go = new Event();
            Future<Long> received = getRunningLoop().createFuture();
            Server server = Streams.startServer((r, w) -> {
                go.await(); // a peer that does not read yet: its reader fills to 2 * limit, then the kernel's buffers
                long total = 0;
                for (byte[] chunk; (chunk = r.read(65536)).length > 0; ) {
                    total += chunk.length;
                }
                received.setResult(total);
            }, "127.0.0.1", 0, Net.ServerOptions.defaults(), 1024);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            ((SocketChannel) c.writer().getExtraInfo("socket")).setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            long size = 32L << 20; // more than the kernel's buffers, which grow to a few MB
            long[] written = {0};
            Task<Void> writer = createTask(() -> {
                byte[] chunk = new byte[16384];
                while (written[0] < size) {
                    c.writer().write(chunk);
                    written[0] += chunk.length;
                    c.writer().drain();
                }
                c.writer().writeEof();
                return null;
            });
            waitUntil("the writer is paused", () -> c.writer().transport().getWriteBufferSize() > 64 * 1024);
            long before = written[0];
            sleep(0.1);
            assertFalse(writer.done(), "drain suspends the writer");
            assertEquals(before, written[0], "and nothing more was written meanwhile");
            assertTrue(before < size);
            go.set();
            await(writer);
            assertEquals(size, await(received));
            return closeBoth(c, server);
        });
    }

    @Test
    void aDrainCancelledByATimeoutLosesNothing() {
        run(() -> {
            Event go = new Event();
            Server server = Streams.startServer((r, w) -> {
                ((Transport) w.transport()).pauseReading(); // a peer that stops reading
                go.await();
                ((Transport) w.transport()).resumeReading();
                w.write(b(r.read(-1).length + "\n"));
            }, "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            long sent = 0;
            byte[] chunk = new byte[16384];
            while (c.writer().transport().getWriteBufferSize() <= 64 * 1024) {
                c.writer().write(chunk); // the kernel's buffers fill up, then the transport's
                sent += chunk.length;
                sleep(0); // let the peer's side run
            }
            int buffered = c.writer().transport().getWriteBufferSize();
            assertThrows(TimeoutError.class, () -> waitFor(() -> {
                c.writer().drain();
                return null;
            }, 0.1));
            assertEquals(buffered, c.writer().transport().getWriteBufferSize(), "still buffered, not dropped");
            go.set();
            c.writer().drain();
            c.writer().writeEof();
            assertEquals(sent + "\n", s(c.reader().readline()), "every byte arrived");
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void aResetByThePeerFailsTheNextReadAndDrain() {
        run(() -> {
            Server server = Streams.startServer((r, w) -> {
                r.readline();
                // SO_LINGER 0, then an abort: the kernel sends RST instead of FIN.
                ((SocketChannel) w.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
                w.transport().abort();
            }, "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            c.writer().write(b("hello\n"));
            IOException reset = assertThrows(IOException.class, () -> c.reader().read(-1));
            assertSame(reset, assertThrows(IOException.class, () -> c.writer().drain()));
            assertSame(reset, assertThrows(IOException.class, () -> c.writer().waitClosed()));
            IllegalStateException ise = assertThrows(IllegalStateException.class, () -> c.writer().write(b("x")));
            assertSame(reset, ise.getCause());
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void writeAfterCloseRaisesAndNothingIsSent() {
        run(() -> {
            Future<String> got = getRunningLoop().createFuture();
            Server server = Streams.startServer((r, w) -> got.setResult(s(r.read(-1))), "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            c.writer().write(b("before"));
            c.writer().close();
            assertTrue(c.writer().isClosing());
            assertThrows(IllegalStateException.class, () -> c.writer().write(b("after")));
            assertThrows(IllegalStateException.class, () -> c.writer().writelines(List.of(b("after"))));
            IOException e = assertThrows(IOException.class, () -> c.writer().drain());
            assertEquals("Connection lost", e.getMessage());
            assertEquals("before", await(got));
            return closeBoth(c, server);
        });
    }

    @Test
    void closingTheServerWithClientsConnected() {
        run(() -> {
            Server server = Streams.startServer(StreamsTest::echoLines, "127.0.0.1", 0);
            int port = port(server);
            Task<Void> serving = createTask(() -> {
                server.serveForever();
                return null;
            });
            List<Streams.StreamPair> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Streams.StreamPair c = Streams.openConnection("127.0.0.1", port);
                c.writer().write(b("ping " + i + "\n"));
                assertEquals("ping " + i + "\n", s(c.reader().readline()));
                clients.add(c);
            }
            serving.cancel();
            sleep(0.05);
            assertFalse(server.isServing());
            assertFalse(serving.done(), "serveForever waits for the connections to end");
            assertThrows(ConnectException.class, () -> Streams.openConnection("127.0.0.1", port));
            server.closeClients(); // each handler's reader sees EOF, the handler returns
            assertThrows(CancelledError.class, () -> await(serving));
            server.waitClosed();
            for (Streams.StreamPair c : clients) {
                assertEquals("", s(c.reader().readline()));
                c.writer().close();
                c.writer().waitClosed();
            }
            return null;
        });
    }

    @Test
    void anExceptionInAHandlerIsReportedAndItsConnectionClosed() {
        run(() -> {
            List<ErrorContext> reported = new ArrayList<>();
            getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
            Server server = Streams.startServer((r, w) -> {
                w.write(b("partial answer"));
                throw new IllegalStateException("handler bug");
            }, "127.0.0.1", 0);
            Streams.StreamPair c = Streams.openConnection("127.0.0.1", port(server));
            assertEquals("partial answer", s(c.reader().read(-1)), "closed gracefully: the data went first");
            c.writer().close();
            server.close();
            server.waitClosed();
            assertEquals(1, reported.size());
            assertTrue(reported.get(0).message().startsWith("Unhandled exception in client_connected_cb"));
            assertEquals("handler bug", reported.get(0).exception().getMessage());
            return null;
        });
    }

    @Test
    void unixStreams(@TempDir Path dir) {
        Path sock = dir.resolve("echo.sock");
        run(() -> {
            Server server = Streams.startUnixServer(StreamsTest::echoLines, sock);
            Streams.StreamPair c = Streams.openUnixConnection(sock);
            c.writer().write(b("over a unix socket\n"));
            assertEquals("over a unix socket\n", s(c.reader().readline()));
            return closeBoth(c, server);
        });
    }
}
