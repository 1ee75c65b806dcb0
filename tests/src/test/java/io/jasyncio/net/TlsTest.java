package io.jasyncio.net;

import io.jasyncio.fixtures.CollectingProtocol;
import io.jasyncio.fixtures.EchoProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.NetFixtures.port;
import static io.jasyncio.fixtures.NetFixtures.waitUntil;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.fixtures.TestCerts;
import io.jasyncio.streams.Streams;

/**
 * TLS over real sockets on 127.0.0.1, on a real-clock loop: {@code Net}'s TLS section with
 * {@code SslProtocol} and {@code SslTransport}. Certificates come from {@link TestCerts}.
 */
class TlsTest {

    /** A TLS echo server on 127.0.0.1 whose protocols are added to {@code served}. */
    private static Server echoServer(List<EchoProtocol> served) throws Exception {
        return Tls.createServer(() -> {
            EchoProtocol e = new EchoProtocol();
            served.add(e);
            return e;
        }, "127.0.0.1", 0, Net.ServerOptions.defaults(), Tls.TlsOptions.of(TestCerts.serverContext()));
    }

    private static Tls.TlsOptions clientTls() throws Exception {
        return Tls.TlsOptions.of(TestCerts.clientContext());
    }

    /** A protocol that keeps its transport in {@code t}. */
    static class KeepsTransport implements Protocol {
        Transport t;

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
        }
    }

    private static void shutDown(Server server) {
        server.close();
        server.abortClients();
        server.waitClosed();
    }

    @ParameterizedTest
    @MethodSource("io.jasyncio.fixtures.TestCerts#protocols")
    void echoThenCloseNotifyEndsBothSidesCleanly(String version) throws Exception {
        SSLContext client = TestCerts.clientContext(version.equals("TLSv1.2") ? "TLSv1.2" : "TLS");
        run(() -> {
            List<EchoProtocol> served = new ArrayList<>();
            Server server = echoServer(served);
            Net.Connection<CollectingProtocol> c = Tls.createConnection(CollectingProtocol::new, "127.0.0.1", port(server),
                    Tls.TlsOptions.of(client).withServerHostname("localhost"));
            SSLEngine engine = (SSLEngine) c.transport().getExtraInfo("ssl_object");
            assertEquals(version, engine.getSession().getProtocol());
            c.transport().write("hello over ".getBytes(StandardCharsets.UTF_8));
            c.transport().write("TLS".getBytes(StandardCharsets.UTF_8));
            waitUntil("the condition holds", () -> c.protocol().received.length() == 14);
            c.transport().close(); // close_notify: the server sees EOF, answers with its own, both close
            assertTrue(c.transport().isClosing());
            assertThrows(IllegalStateException.class, () -> c.transport().write(new byte[] {1}));
            assertEquals("hello over TLS", await(c.protocol().closed));
            assertEquals(List.of("lost"), c.protocol().events, "our close: no eofReceived on this side");
            EchoProtocol e = served.get(0);
            waitUntil("the condition holds", () -> e.events.contains("lost clean"));
            assertEquals("made", e.events.getFirst());
            assertEquals(List.of("eof", "lost clean"), e.events.subList(e.events.size() - 2, e.events.size()));
            waitUntil("the condition holds", () -> server.connectionCount() == 0);
            shutDown(server);
            return null;
        });
    }

    @Test
    void severalMegabytesEachWayWithFlowControl() throws Exception {
        int total = 8 << 20;
        byte[] payload = new byte[total];
        new Random(42).nextBytes(payload);
        CRC32 sent = new CRC32();
        sent.update(payload);
        run(() -> {
            Server server = Tls.createServer(() -> new KeepsTransport() { // an echo that stops reading while it cannot write
                @Override
                public void dataReceived(ByteBuffer data) {
                    t.write(data);
                }

                @Override
                public void pauseWriting() {
                    t.pauseReading();
                }

                @Override
                public void resumeWriting() {
                    t.resumeReading();
                }
            }, "127.0.0.1", 0, Net.ServerOptions.defaults(), Tls.TlsOptions.of(TestCerts.serverContext()));
            FlowSink sink = new FlowSink(total);
            Net.Connection<FlowSink> c = Tls.createConnection(() -> sink, "127.0.0.1", port(server), clientTls());
            for (int off = 0; off < total; off += 100_000) {
                while (sink.writable != null) {
                    await(sink.writable); // paused: wait for resumeWriting
                }
                c.transport().write(ByteBuffer.wrap(payload, off, Math.min(100_000, total - off)));
            }
            assertEquals(sent.getValue(), (long) await(sink.done));
            assertTrue(sink.pauses > 0, "the writer was paused at least once");
            c.transport().close();
            waitUntil("the condition holds", () -> server.connectionCount() == 0);
            shutDown(server);
            return null;
        });
    }

    /** Checksums what arrives; tracks pause/resume with a future to await. */
    static final class FlowSink implements Protocol {
        final int expected;
        final CRC32 crc = new CRC32();
        final Future<Long> done = getRunningLoop().createFuture();
        int received;
        int pauses;
        Future<Void> writable;

        FlowSink(int expected) {
            this.expected = expected;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received += data.remaining();
            crc.update(data);
            if (received == expected) {
                done.setResult(crc.getValue());
            }
        }

        @Override
        public void pauseWriting() {
            pauses++;
            writable = getRunningLoop().createFuture();
        }

        @Override
        public void resumeWriting() {
            Future<Void> w = writable;
            writable = null;
            w.setResult(null);
        }
    }

    @Test
    void pauseReadingHoldsWhatArrivedUntilResumed() throws Exception {
        int total = 300_000;
        run(() -> {
            Server server = Tls.createServer(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    t.write(new byte[total]); // about 19 records, most of them in one socket read
                }
            }, "127.0.0.1", 0, Net.ServerOptions.defaults(), Tls.TlsOptions.of(TestCerts.serverContext()));
            int[] received = {0};
            Net.Connection<KeepsTransport> c = Tls.createConnection(() -> new KeepsTransport() {
                @Override
                public void dataReceived(ByteBuffer data) {
                    if (received[0] == 0) {
                        t.pauseReading(); // records already read and decrypted must wait
                    }
                    received[0] += data.remaining();
                }
            }, "127.0.0.1", port(server), clientTls());
            waitUntil("the condition holds", () -> received[0] > 0);
            int first = received[0];
            sleep(0.2);
            assertEquals(first, received[0], "nothing is delivered while paused");
            assertFalse(c.transport().isReading());
            c.transport().resumeReading();
            assertTrue(c.transport().isReading());
            waitUntil("the condition holds", () -> received[0] == total);
            c.transport().close();
            shutDown(server);
            return null;
        });
    }

    @Test
    void aWrongHostNameFailsTheHandshake() throws Exception {
        run(() -> {
            List<EchoProtocol> served = new ArrayList<>();
            Server server = echoServer(served);
            Tls.TlsOptions tls = clientTls().withServerHostname("wrong.example");
            List<String> made = new ArrayList<>();
            assertThrows(SSLHandshakeException.class, () -> Tls.createConnection(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    made.add("made");
                }
            }, "127.0.0.1", port(server), tls));
            assertEquals(List.of(), made, "no connectionMade without a handshake");
            waitUntil("the condition holds", () -> server.connectionCount() == 0);
            assertTrue(served.get(0).events.isEmpty(), "the server's protocol saw nothing either");
            shutDown(server);
            return null;
        });
    }

    @Test
    void anUntrustedCertificateFailsAndOnlyDebugModeReportsItOnTheServer() throws Exception {
        Tls.TlsOptions jdkTrust = Tls.TlsOptions.of(null).withServerHostname("localhost"); // the JDK's CAs
        for (boolean debug : new boolean[] {false, true}) {
            List<ErrorContext> reported = new ArrayList<>();
            run(EventLoop.builder().debug(debug), () -> {
                getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
                Server server = echoServer(new ArrayList<>());
                assertThrows(SSLHandshakeException.class,
                        () -> Tls.createConnection(CollectingProtocol::new, "127.0.0.1", port(server), jdkTrust));
                waitUntil("the condition holds", () -> server.connectionCount() == 0);
                shutDown(server);
                return null;
            });
            List<ErrorContext> serverSide = reported.stream().filter(r -> r.message().contains("server")).toList();
            if (debug) {
                assertEquals(1, serverSide.size(), reported::toString);
                assertInstanceOf(SSLHandshakeException.class, serverSide.get(0).exception());
            } else {
                assertEquals(List.of(), reported);
            }
        }
    }

    @Test
    void aHandshakeTimeoutAbortsTheConnection() throws Exception {
        run(() -> {
            Server silent = Net.createServer(() -> new Protocol() { }, "127.0.0.1", 0); // plain TCP, never answers
            double start = getRunningLoop().time();
            Tls.TlsOptions tls = clientTls().withHandshakeTimeout(Duration.ofMillis(300));
            assertThrows(TimeoutError.class, () -> Tls.createConnection(CollectingProtocol::new, "127.0.0.1", port(silent), tls));
            double took = getRunningLoop().time() - start;
            assertTrue(took >= 0.25 && took < 5, "took " + took + " s");
            waitUntil("the condition holds", () -> silent.connectionCount() == 0); // aborted: the server saw EOF
            shutDown(silent);
            return null;
        });
    }

    @Test
    void cancellingDuringTheHandshakeClosesTheSocket() throws Exception {
        run(() -> {
            Server silent = Net.createServer(() -> new Protocol() { }, "127.0.0.1", 0);
            List<String> events = new ArrayList<>();
            Task<?> connecting = createTask(() -> Tls.createConnection(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    events.add("made");
                }

                @Override
                public void connectionLost(Throwable exc) {
                    events.add("lost");
                }
            }, "127.0.0.1", port(silent), clientTls()));
            waitUntil("the condition holds", () -> silent.connectionCount() == 1);
            connecting.cancel();
            assertThrows(CancelledError.class, () -> await(connecting));
            waitUntil("the condition holds", () -> silent.connectionCount() == 0);
            assertEquals(List.of(), events);
            shutDown(silent);
            return null;
        });
    }

    @Test
    void extraInfoHasTheTlsKeysAndTheSocketsAndSniGoesOut() throws Exception {
        SSLContext clientCtx = TestCerts.clientContext();
        run(() -> {
            List<EchoProtocol> served = new ArrayList<>();
            Server server = echoServer(served);
            Net.Connection<CollectingProtocol> c = Tls.createConnection(CollectingProtocol::new, "127.0.0.1", port(server),
                    Tls.TlsOptions.of(clientCtx).withServerHostname("localhost"));
            Transport t = c.transport();
            assertSame(clientCtx, t.getExtraInfo("sslcontext"));
            assertInstanceOf(SSLEngine.class, t.getExtraInfo("ssl_object"));
            assertEquals(TestCerts.certificate(), t.getExtraInfo("peercert"));
            assertEquals("CN=localhost", ((X509Certificate) t.getExtraInfo("peercert")).getSubjectX500Principal().getName());
            assertTrue(((String) t.getExtraInfo("cipher")).startsWith("TLS_"), () -> "cipher " + t.getExtraInfo("cipher"));
            assertEquals(server.addresses().get(0), t.getExtraInfo("peername"));
            assertNotNull(t.getExtraInfo("sockname"));
            assertInstanceOf(SocketChannel.class, t.getExtraInfo("socket"));
            assertNull(t.getExtraInfo("no such key"));
            assertFalse(t.canWriteEof());
            assertThrows(UnsupportedOperationException.class, t::writeEof);
            assertSame(c.protocol(), t.getProtocol());

            waitUntil("the condition holds", () -> !served.isEmpty() && served.get(0).transport != null);
            Transport st = served.get(0).transport;
            assertNull(st.getExtraInfo("peercert"), "the client sent no certificate");
            ExtendedSSLSession session = (ExtendedSSLSession) ((SSLEngine) st.getExtraInfo("ssl_object")).getSession();
            assertEquals(List.of(new SNIHostName("localhost")), session.getRequestedServerNames());
            assertEquals(c.transport().getExtraInfo("sockname"), st.getExtraInfo("peername"));
            c.transport().close();
            await(c.protocol().closed);
            shutDown(server);
            return null;
        });
    }

    @Test
    void abortEndsTheConnectionAtOnceWithoutCloseNotify() throws Exception {
        run(() -> {
            List<EchoProtocol> served = new ArrayList<>();
            Server server = echoServer(served);
            Net.Connection<CollectingProtocol> c = Tls.createConnection(CollectingProtocol::new, "127.0.0.1", port(server), clientTls());
            c.transport().write("bye".getBytes(StandardCharsets.UTF_8));
            waitUntil("the condition holds", () -> c.protocol().received.length() == 3);
            c.transport().abort();
            assertTrue(c.transport().isClosing());
            assertEquals("bye", await(c.protocol().closed));
            EchoProtocol e = served.get(0);
            waitUntil("the condition holds", () -> e.events.contains("lost clean")); // a TCP EOF without close_notify: EOF, not an error
            assertTrue(e.events.contains("eof"));
            shutDown(server);
            return null;
        });
    }

    @Test
    void aPeerThatNeverAnswersCloseNotifyHitsTheShutdownTimeout() throws Exception {
        run(() -> {
            Server server = Tls.createServer(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    t.pauseReading(); // so the client's close_notify is never read, nor answered
                }
            }, "127.0.0.1", 0, Net.ServerOptions.defaults(), Tls.TlsOptions.of(TestCerts.serverContext()));
            Future<Throwable> lost = getRunningLoop().createFuture();
            Net.Connection<Protocol> c = Tls.createConnection(() -> new Protocol() {
                @Override
                public void connectionLost(Throwable exc) {
                    lost.setResult(exc);
                }
            }, "127.0.0.1", port(server), clientTls().withShutdownTimeout(Duration.ofMillis(300)));
            c.transport().close();
            assertInstanceOf(TimeoutError.class, await(lost));
            shutDown(server);
            return null;
        });
    }

    @Test
    void startTlsUpgradesAPlainConnection() throws Exception {
        SSLContext serverCtx = TestCerts.serverContext();
        SSLContext clientCtx = TestCerts.clientContext();
        run(() -> {
            // The server speaks plain text until "STARTTLS\n", answers "GO\n", then TLS.
            Future<CollectingProtocol> upgraded = getRunningLoop().createFuture();
            Server server = Net.createServer(() -> new KeepsTransport() {
                @Override
                public void dataReceived(ByteBuffer data) {
                    assertEquals("STARTTLS\n", StandardCharsets.UTF_8.decode(data).toString());
                    t.pauseReading(); // nothing more for this protocol: the next bytes are the handshake
                    t.write("GO\n".getBytes(StandardCharsets.UTF_8));
                    createTask(() -> {
                        CollectingProtocol inner = new CollectingProtocol(); // no connectionMade: startTls returns the transport
                        Transport tls = Tls.startTls(t, inner, serverCtx, true, null, null);
                        tls.write("welcome".getBytes(StandardCharsets.UTF_8));
                        upgraded.setResult(inner);
                        return null;
                    });
                }
            }, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> plain = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            plain.transport().write("STARTTLS\n".getBytes(StandardCharsets.UTF_8));
            waitUntil("the condition holds", () -> plain.protocol().received.toString().equals("GO\n"));
            CollectingProtocol secure = new CollectingProtocol();
            Transport tls = Tls.startTls(plain.transport(), secure, clientCtx, false, "localhost", Duration.ofSeconds(10));
            assertSame(secure, tls.getProtocol());
            assertNotSame(plain.protocol(), plain.transport().getProtocol(), "the socket's protocol is the TLS layer");
            assertEquals(TestCerts.certificate(), tls.getExtraInfo("peercert"));
            assertNull(secure.transport, "startTls calls no connectionMade");
            waitUntil("the condition holds", () -> secure.received.toString().equals("welcome"));
            tls.write("secret".getBytes(StandardCharsets.UTF_8));
            CollectingProtocol inner = await(upgraded);
            waitUntil("the condition holds", () -> inner.received.toString().equals("secret"));
            tls.close();
            assertEquals("welcome", await(secure.closed));
            assertEquals("secret", await(inner.closed));
            assertEquals(List.of("eof", "lost"), inner.events);
            assertEquals("GO\n", plain.protocol().received.toString(), "the plain protocol got no TLS bytes");
            shutDown(server);
            return null;
        });
    }

    @Test
    void aFailedStartTlsClosesTheConnectionAndTellsTheProtocolNothing() throws Exception {
        SSLContext serverCtx = TestCerts.serverContext();
        run(() -> {
            Future<Throwable> serverSide = getRunningLoop().createFuture();
            Server server = Net.createServer(() -> new KeepsTransport() {
                @Override
                public void connectionMade(Transport transport) {
                    super.connectionMade(transport);
                    createTask(() -> {
                        try {
                            Tls.startTls(t, new Protocol() { }, serverCtx, true, null, null);
                            serverSide.setResult(null);
                        } catch (Exception e) {
                            serverSide.setResult(e);
                        }
                        return null;
                    });
                }
            }, "127.0.0.1", 0);
            Net.Connection<CollectingProtocol> plain = Net.createConnection(CollectingProtocol::new, "127.0.0.1", port(server));
            CollectingProtocol secure = new CollectingProtocol();
            assertThrows(SSLHandshakeException.class, () -> Tls.startTls(plain.transport(), secure,
                    TestCerts.clientContext(), false, "wrong.example", null));
            assertTrue(plain.transport().isClosing());
            assertInstanceOf(SSLHandshakeException.class, await(serverSide), "the server saw the client hang up");
            sleep(0.05);
            assertNull(secure.transport);
            assertEquals(List.of(), secure.events, "no connectionLost without a connection");
            shutDown(server);
            return null;
        });
    }

    @Test
    void optionsValidateAndDefault() throws Exception {
        Tls.TlsOptions d = Tls.TlsOptions.of(null);
        assertEquals(Duration.ofSeconds(60), d.handshakeTimeout());
        assertEquals(Duration.ofSeconds(30), d.shutdownTimeout());
        assertNull(d.serverHostname());
        assertThrows(IllegalArgumentException.class, () -> d.withHandshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withShutdownTimeout(Duration.ofSeconds(-1)));
        run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Tls.createServer(EchoProtocol::new, "127.0.0.1", 0,
                    Net.ServerOptions.defaults(), Tls.TlsOptions.of(null)));
            return null;
        });
    }

    @Test
    void readmeExample() throws Exception {
        SSLContext serverContext = TestCerts.serverContext(); // key and certificate
        SSLContext clientContext = TestCerts.clientContext(); // trusts the server's certificate
        run(() -> {
            // README: "TLS" (with port 0 instead of 8443)
            Server server = Tls.createServer(EchoProtocol::new, "127.0.0.1", 0,
                    Net.ServerOptions.defaults(), Tls.TlsOptions.of(serverContext));
            int port = port(server);
            Net.Connection<CollectingProtocol> c = Tls.createConnection(CollectingProtocol::new, "localhost", port,
                    Tls.TlsOptions.of(clientContext));   // checks the certificate, and that it is for "localhost"
            c.transport().write("hello".getBytes(StandardCharsets.UTF_8));
            // ... the echo comes to c.protocol().dataReceived(...)
            waitUntil("the condition holds", () -> c.protocol().received.toString().equals("hello"));
            c.transport().close();                      // close_notify, then the socket closes
            await(c.protocol().closed);
            shutDown(server);
            return null;
        });
    }

    @Test
    void streamsOverTls() throws Exception {
        var serverTls = Tls.TlsOptions.of(TestCerts.serverContext());
        var clientTls = clientTls();
        String reply = run(() -> {
            Server server = Streams.startServer((reader, writer) -> {
                byte[] line = reader.readline();
                writer.write(("echo: " + new String(line, java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                writer.drain();
                writer.close();
            }, "127.0.0.1", 0, Net.ServerOptions.defaults(), serverTls);
            Streams.StreamPair c = Streams.openConnection("localhost", port(server), clientTls);
            assertFalse(c.writer().canWriteEof(), "no half-close over TLS");
            c.writer().write("over tls\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            c.writer().drain();
            String r = new String(c.reader().readline(), java.nio.charset.StandardCharsets.UTF_8);
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return r;
        });
        assertEquals("echo: over tls\n", reply);
    }
}
