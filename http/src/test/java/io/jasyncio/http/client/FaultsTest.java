package io.jasyncio.http.client;

import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.streams.Streams;
import io.jasyncio.net.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Servers that misbehave, written on the core's streams: a keep-alive connection the server closes as the next
 * request goes out, resets, truncated bodies, bad status lines, interim responses (also before the answer to a
 * HEAD), bodiless statuses, bodies delimited by the close, broken gzip, flow control on a large body. Real
 * sockets on 127.0.0.1, a real-clock loop.
 */
class FaultsTest {

    /** What a fault server does with its {@code n}-th connection (0-based). */
    interface Script {
        void serve(int n, StreamReader in, StreamWriter out, List<String> requests) throws Exception;
    }

    private record Fault(Server server, List<String> requests, AtomicInteger connections) {
        String url(String path) {
            return "http://127.0.0.1:" + ((InetSocketAddress) server.addresses().get(0)).getPort() + path;
        }
    }

    private static Fault start(Script script) throws java.io.IOException {
        List<String> requests = new ArrayList<>();
        AtomicInteger conns = new AtomicInteger();
        Server s = Streams.startServer((in, out) -> script.serve(conns.getAndIncrement(), in, out, requests), "127.0.0.1", 0);
        return new Fault(s, requests, conns);
    }

    private static void stop(Fault f) {
        f.server.close();
        f.server.abortClients();
        f.server.waitClosed();
    }

    /** Reads a request head; returns its first line, or null at EOF. */
    private static String head(StreamReader in, List<String> requests) throws Exception {
        byte[] h;
        try {
            h = in.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.EOFException e) {
            return null;
        }
        String first = new String(h, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        requests.add(first);
        return first;
    }

    private static void send(StreamWriter out, String raw) throws Exception {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.drain();
    }

    /** Every session here has a total limit, so that a regression fails instead of hanging. */
    private static final ClientTimeout BOUND = ClientTimeout.ofTotal(20);

    private static ClientSession session() {
        return ClientSession.builder().timeout(BOUND).build();
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    /** The first connection answers one request, then closes as the second arrives; later ones answer all. */
    private static Fault staleAfterOne() throws java.io.IOException {
        return start((n, in, out, reqs) -> {
            while (head(in, reqs) != null) {
                if (n == 0 && reqs.size() == 2) {
                    return; // the handler's end closes the connection without answering
                }
                send(out, OK);
            }
        });
    }

    @Test
    void aStaleKeepAliveConnectionIsRetriedOnceForGet() {
        run(() -> {
            Fault f = staleAfterOne();
            try (var session = session()) {
                try (var r = session.get(f.url("/a"))) {
                    assertEquals("ok", r.text());
                }
                try (var r = session.get(f.url("/b"))) {
                    assertEquals("ok", r.text(), "sent again on a new connection");
                }
                assertEquals(List.of("GET /a HTTP/1.1", "GET /b HTTP/1.1", "GET /b HTTP/1.1"), f.requests());
                assertEquals(2, session.pool().openedCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void aStaleConnectionIsNotRetriedForPost() {
        run(() -> {
            Fault f = staleAfterOne();
            try (var session = session()) {
                session.get(f.url("/a")).close();
                var e = assertThrows(ClientError.ServerDisconnected.class,
                        () -> session.post(f.url("/p"), RequestOptions.data(new byte[] {1}, "application/octet-stream")));
                assertTrue(e.getMessage().contains("without a response") && e.getMessage().contains("/p"), e.getMessage());
                assertEquals(2, f.requests().size(), "not sent twice");
                assertEquals(0, session.pool().acquiredCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void aResetNamesTheUrl() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                head(in, reqs);
                send(out, "HTTP/1.1 200 OK\r\nContent-Le");
                out.transport().abort();
            });
            try (var session = session()) {
                var e = assertThrows(ClientError.ServerDisconnected.class, () -> session.get(f.url("/reset")));
                assertTrue(e.getMessage().contains(f.url("/reset")), e.getMessage());
                assertEquals(1, f.requests().size(), "a fresh connection is not retried");
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void aTruncatedBodyIsAPayloadError() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                head(in, reqs);
                send(out, n == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"
                        : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            });
            try (var session = session()) {
                for (String path : List.of("/length", "/chunked")) {
                    try (var r = session.get(f.url(path))) {
                        assertEquals(200, r.status());
                        var e = assertThrows(ClientError.Payload.class, r::read);
                        assertTrue(e.getMessage().contains("cut short") && e.getMessage().contains(path), e.getMessage());
                    }
                }
                assertEquals(0, session.pool().acquiredCount());
                assertEquals(0, session.pool().idleCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void aBadStatusLineIsABadResponse() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                head(in, reqs);
                send(out, "HTPP/1.1 200 OK\r\n\r\n");
                in.read();
            });
            try (var session = session()) {
                var e = assertThrows(ClientError.BadResponse.class, () -> session.get(f.url("/bad")));
                assertTrue(e.getMessage().contains("bad HTTP response") && e.getMessage().contains("/bad"), e.getMessage());
                assertEquals(0, session.pool().acquiredCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void interimResponsesAreSkippedAndCloseDelimitedBodiesRead() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                head(in, reqs);
                if (n == 0) {
                    send(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                } else {
                    send(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
                    out.close();
                }
            });
            try (var session = session()) {
                try (var r = session.get(f.url("/continue"))) {
                    assertEquals(200, r.status());
                    assertEquals("ok", r.text());
                }
                try (var r = session.get(f.url("/close"))) {
                    assertEquals("HTTP/1.0", r.version());
                    assertEquals("until the end", r.text());
                }
                assertEquals(2, session.pool().openedCount(), "Connection: close and HTTP/1.0 are not reused");
                assertEquals(0, session.pool().idleCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void headAfterAnInterimResponseAndBodilessStatusesKeepTheConnectionInStep() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                while (head(in, reqs) != null) {
                    String req = reqs.getLast();
                    if (req.startsWith("HEAD")) { // an interim response first; then a length the HEAD gets no body of
                        send(out, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                                + "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n");
                    } else if (req.startsWith("GET /204")) {
                        send(out, "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
                    } else if (req.startsWith("GET /10")) { // HTTP/1.0 that asks to be kept
                        send(out, "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok");
                    } else {
                        send(out, OK);
                    }
                }
            });
            try (var session = session()) {
                try (var r = session.head(f.url("/h"))) {
                    assertEquals(200, r.status());
                    assertEquals("13", r.headers().get("content-length"));
                    assertEquals(List.of("Content-Length"), r.headers().names(), "the interim response's fields are dropped");
                    assertEquals(0, r.read().length);
                }
                try (var r = session.get(f.url("/204"))) {
                    assertEquals(204, r.status());
                    assertEquals(0, r.read().length);
                }
                try (var r = session.get(f.url("/10"))) {
                    assertEquals("HTTP/1.0", r.version());
                    assertEquals("ok", r.text());
                }
                try (var r = session.get(f.url("/after"))) {
                    assertEquals("ok", r.text(), "the connection is still in step");
                }
                assertEquals(1, session.pool().openedCount(), "one connection for all four");
                assertEquals(List.of("HEAD /h HTTP/1.1", "GET /204 HTTP/1.1", "GET /10 HTTP/1.1", "GET /after HTTP/1.1"),
                        f.requests());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void brokenGzipIsAPayloadError() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                head(in, reqs);
                send(out, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 15\r\n\r\nnot gzip at all");
                in.read();
            });
            try (var session = session()) {
                try (var r = session.get(f.url("/gz"))) {
                    var e = assertThrows(ClientError.Payload.class, r::read);
                    assertTrue(e.getMessage().contains("cannot decode the gzip body"), e.getMessage());
                }
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void closingAResponseEarlyClosesItsConnectionOnly() {
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                while (head(in, reqs) != null) {
                    if (reqs.getLast().startsWith("GET /big")) {
                        send(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\npartial");
                    } else {
                        send(out, OK);
                    }
                }
            });
            try (var session = session()) {
                try (var r = session.get(f.url("/big"))) {
                    assertEquals(200, r.status());
                    assertFalse(r.isComplete());
                }
                try (var r = session.get(f.url("/small"))) {
                    assertEquals("ok", r.text());
                }
                assertEquals(2, session.pool().openedCount(), "the unread connection was not reused");
                assertEquals(1, session.pool().idleCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }

    @Test
    void aLargeBodyFlowsThroughTheReadLimit() {
        byte[] big = new byte[5 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 11));
        }
        run(() -> {
            Fault f = start((n, in, out, reqs) -> {
                while (head(in, reqs) != null) {
                    send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n");
                    out.write(big);
                    out.drain();
                }
            });
            try (var session = ClientSession.builder().timeout(BOUND).readLimit(16 * 1024).build()) {
                try (var r = session.get(f.url("/big"))) {
                    assertArrayEquals(big, r.read());
                }
                try (var r = session.get(f.url("/big"))) {
                    var content = r.content();
                    int total = 0;
                    byte[] piece;
                    while ((piece = content.read(7000)).length > 0) {
                        total += piece.length;
                    }
                    assertEquals(big.length, total);
                }
                assertEquals(1, session.pool().openedCount());
            } finally {
                stop(f);
            }
            return null;
        });
    }
}
