package io.jasyncio.net;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.NetFixtures.port;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.fixtures.CollectingProtocol;
import io.jasyncio.fixtures.EchoProtocol;

/** The callback API over real sockets on 127.0.0.1 (and a Unix socket), on a real-clock loop. */
class ProtocolTest {

    @Test
    void echoRoundTripThenHalfCloseThenClose() {
        run(() -> {
            List<EchoProtocol> served = new ArrayList<>();
            Server server = Net.createServer(() -> {
                EchoProtocol e = new EchoProtocol();
                served.add(e);
                return e;
            }, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> c = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            c.transport().write("hello".getBytes(StandardCharsets.UTF_8));
            c.transport().write(" world".getBytes(StandardCharsets.UTF_8));
            c.transport().writeEof(); // server sees EOF, its protocol returns false: it closes, we see EOF
            assertEquals("hello world", await(c.protocol().closed));
            assertEquals(List.of("eof", "lost"), c.protocol().events);
            server.close();
            server.waitClosed();
            assertEquals(1, served.size());
            assertEquals("made", served.get(0).events.get(0));
            assertEquals("eof", served.get(0).events.get(served.get(0).events.size() - 2));
            assertEquals("lost clean", served.get(0).events.get(served.get(0).events.size() - 1));
            assertFalse(server.isServing());
            return null;
        });
    }

    @Test
    void connectionRefusedIsAClearError() {
        run(() -> {
            Server s = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            int port = port(s);
            s.close();
            s.waitClosed();
            assertThrows(ConnectException.class, () -> Net.createConnection(CollectingProtocol::new, "127.0.0.1", port));
            return null;
        });
    }

    @Test
    void writingAfterCloseIsAnErrorAndNothingIsWritten() {
        run(() -> {
            Server server = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> c = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            c.transport().close();
            assertTrue(c.transport().isClosing());
            assertThrows(IllegalStateException.class, () -> c.transport().write(new byte[] {1}));
            assertEquals("", await(c.protocol().closed));
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void aSlowReaderPausesTheWriterAndResumesItWhenDrained() {
        run(() -> {
            Future<Transport> serverSide = getRunningLoop().createFuture();
            Server server = Net.createServer(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    t.pauseReading(); // a peer that stops reading
                    serverSide.setResult(t);
                }
            }, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> c = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            Transport reader = await(serverSide);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 200 && !c.protocol().events.contains("pause"); i++) {
                c.transport().write(chunk);
            }
            assertEquals(List.of("pause"), c.protocol().events, "the kernel buffers filled up");
            assertTrue(c.transport().getWriteBufferSize() > 64 * 1024);
            reader.resumeReading();
            while (!c.protocol().events.contains("resume")) {
                sleep(0.01);
            }
            assertTrue(c.transport().getWriteBufferSize() <= 16 * 1024);
            c.transport().abort();
            server.abortClients();
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void closeClientsEndsConnectionsAndWaitClosedReturns() {
        run(() -> {
            Server server = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> a = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            Net.Connection<CollectingProtocol> b = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            while (server.connectionCount() < 2) {
                sleep(0.001);
            }
            server.close();
            Task<Void> waiter = createTask(() -> {
                server.waitClosed();
                return null;
            });
            sleep(0.01);
            assertFalse(waiter.done(), "connections are still open");
            server.closeClients();
            await(waiter);
            assertEquals("", await(a.protocol().closed));
            assertEquals("", await(b.protocol().closed));
            return null;
        });
    }

    @Test
    void unixDomainSocketsWorkTheSameWay() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-unix");
        Path sock = dir.resolve("echo.sock");
        try {
            run(() -> {
                Server server = Net.createUnixServer(EchoProtocol::new, sock);
                Net.Connection<CollectingProtocol> c = Net.createUnixConnection(CollectingProtocol::new, sock);
                c.transport().write("over a unix socket".getBytes(StandardCharsets.UTF_8));
                c.transport().writeEof();
                assertEquals("over a unix socket", await(c.protocol().closed));
                server.close();
                server.waitClosed();
                return null;
            });
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void aFactoryThatThrowsLeavesNoConnectionBehind() {
        run(() -> {
            Server server = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Net.createConnection(() -> {
                        throw new IllegalStateException("no protocol today");
                    }, "127.0.0.1", port(server)));
            assertEquals("no protocol today", e.getMessage());
            while (server.connectionCount() > 0) { // the server sees the client's socket close
                sleep(0.001);
            }
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void resumingReadingAfterEofDoesNotDeliverEofTwice() {
        run(() -> {
            List<String> events = new ArrayList<>();
            Future<Void> lost = getRunningLoop().createFuture();
            Server server = Net.createServer(() -> new Protocol() {
                Transport t;

                @Override
                public void connectionMade(Transport transport) {
                    t = transport;
                }

                @Override
                public boolean eofReceived() {
                    events.add("eof");
                    t.resumeReading();
                    return true; // half-open: keep writing
                }

                @Override
                public void connectionLost(Throwable exc) {
                    events.add("lost");
                    lost.setResult(null);
                }
            }, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> c = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            c.transport().writeEof();
            sleep(0.05);
            server.closeClients();
            await(lost);
            assertEquals(List.of("eof", "lost"), events);
            c.transport().abort();
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void badPortIsRejected() {
        run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Net.createServer(EchoProtocol::new, "127.0.0.1", 70000));
            return null;
        });
    }
}
