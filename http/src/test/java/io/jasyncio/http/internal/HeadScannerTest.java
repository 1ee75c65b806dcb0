package io.jasyncio.http.internal;

import io.jasyncio.http.server.VectorTest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fast path for simple request heads against Jetty: for every input, a parser with the fast path and one
 * without must report the same events, consume the same bytes and give the same framing, whatever the input
 * (the hostile vectors, and thousands of generated heads mixing good and bad pieces).
 */
class HeadScannerTest {

    /** The events, plus the framing the connection asks for at the end of the head. */
    static final class Framed extends Http1ParserTest.Events {
        Http1Parser parser;

        @Override
        public boolean headComplete() {
            seen.add("head cl=" + parser.contentLength() + " chunked=" + parser.isChunked());
            return false;
        }
    }

    /** Parses {@code in} as a connection does (again while messages complete); the events and bytes left. */
    static String run(byte[] in, boolean fast, int maxHead) {
        Framed ev = new Framed();
        Http1Parser p = Http1Parser.forRequests(ev, maxHead, fast);
        ev.parser = p;
        ByteBuffer b = ByteBuffer.wrap(in);
        for (int i = 0; i < 64 && b.hasRemaining() && p.parse(b); i++) {
            ev.seen.add("|");
        }
        return String.join("\n", ev.seen) + "\nleft " + b.remaining();
    }

    static void assertSame(byte[] in, int maxHead) {
        String slow = run(in, false, maxHead);
        String fast = run(in, true, maxHead);
        assertEquals(slow, fast, () -> "fast path differs from Jetty on: " + new String(in, StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n"));
    }

    @Test
    void takesTheSimpleHeadsAndLeavesTheRestToJetty() {
        HeadScanner s = new HeadScanner(8192, null);
        Http1ParserTest.Events ev = new Http1ParserTest.Events();
        String wrk = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
        assertEquals(0, s.scan(ByteBuffer.wrap(wrk.getBytes(StandardCharsets.ISO_8859_1)), ev));
        assertEquals(List.of("request GET / HTTP/1.1", "Host=127.0.0.1:8080", "head", "end"), ev.seen);
        for (String notSimple : List.of(
                "GET / HTTP/1.1\r\nHost: a\r\n",                                  // not whole
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx",     // a body: Jetty frames it
                "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET / HTTP/1.1\r\n\r\n",                                         // no Host: Jetty's 400
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
                "GET / HTTP/1.1\nHost: a\n\n",                                    // bare LF
                "GET / HTTP/1.1\r\nHost: a\r\nX: \u00e9\r\n\r\n",                  // obs-text
                "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
                "GET  / HTTP/1.1\r\nHost: a\r\n\r\n")) {
            int before = notSimple.length();
            ByteBuffer b = ByteBuffer.wrap(notSimple.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(-1, new HeadScanner(8192, null).scan(b, new Http1ParserTest.Events()), notSimple);
            assertEquals(before, b.remaining(), "nothing consumed: " + notSimple);
        }
    }

    @Test
    void everyVectorParsesTheSameWithAndWithoutTheFastPath() throws IOException {
        List<VectorTest.Vector> vectors = VectorTest.load();
        assertFalse(vectors.isEmpty());
        for (VectorTest.Vector v : vectors) {
            assertSame(v.bytes(), 8192);
            assertSame(v.bytes(), 64);
        }
    }

    private static final String[] METHODS = {"GET", "get", "POST", "X-Y", "G\u0001T", "", "DELETE"};
    private static final String[] TARGETS = {"/", "/a?b=c&d", "http://h:1/x", "*", "/%zz", "/\u00e9", "/a b", "/a\"<>{}", ""};
    private static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 ", "http/1.1", "HTTP/1.2"};
    private static final String[] HOSTS = {
        "Host: 127.0.0.1:8080", "host: h", "Host: h:65535", "Host: h_1.example-x", "Host: h\t", "Host: 1.2.3.4",
        "HOST:h:0", "Host: h:65536", "Host: [::1]:80", "Host:", "Host: a b", "Host: h:", "Host: :80", "Host: h:08080"};
    private static final String[] FIELDS = {
        "X-A: b", "x-a:b  ", "X-A:\tb\t", "User-Agent: wrk", "user-agent: curl/8", "Connection: close",
        "connection: keep-alive", "Expect: 100-continue", "Accept: */*", "Accept-Encoding: gzip, deflate",
        "Cookie: a=b; c=d", "X-Empty: ", "Upgrade: websocket", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "If-None-Match: \"x\"", "X-Quote: \"a:b\" (c)", "Content-Length: 0"};
    private static final String[] HOSTILE_FIELDS = {
        "Content-Length: 3", "Transfer-Encoding: chunked", " obs-fold", "X A: b", "X-A : b", "X-A: \u007f",
        "X-A: \u00e9", "X-A: b\rc", ": novalue", "Host: second"};

    @Test
    void generatedHeadsParseTheSameWithAndWithoutTheFastPath() {
        Random rnd = new Random(20261206);
        int fastOnes = 0, n = 0;
        for (; n < 4000; n++) {
            StringBuilder s = new StringBuilder();
            int messages = 1 + rnd.nextInt(3);
            for (int m = 0; m < messages; m++) {
                String eol = rnd.nextInt(20) == 0 ? "\n" : "\r\n";
                s.append(pick(rnd, METHODS, 0.9)).append(' ').append(pick(rnd, TARGETS, 0.8)).append(' ')
                        .append(pick(rnd, VERSIONS, 0.9)).append(eol);
                int fields = rnd.nextInt(6);
                if (rnd.nextInt(10) > 0) s.append(pick(rnd, HOSTS, 0.5)).append(eol); // usually a Host
                for (int f = 0; f < fields; f++) s.append(pick(rnd, rnd.nextInt(12) == 0 ? HOSTILE_FIELDS : FIELDS, 0.0)).append(eol);
                s.append(eol);
                if (s.indexOf("Content-Length: 3") >= 0) s.append("abc");
            }
            byte[] in = s.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (rnd.nextInt(8) == 0) in = java.util.Arrays.copyOf(in, rnd.nextInt(in.length + 1)); // cut short
            int max = rnd.nextInt(6) == 0 ? 48 : 8192;
            assertSame(in, max);
            if (new HeadScanner(max, null).scan(ByteBuffer.wrap(in), new Http1ParserTest.Events()) >= 0) fastOnes++;
        }
        // Both paths must be well exercised: the fast one takes a good share, Jetty the rest.
        assertTrue(fastOnes > n / 10 && fastOnes < n * 9 / 10, fastOnes + " of " + n + " heads took the fast path");
    }

    /** {@code from[0]} with probability {@code first}, else any of {@code from}. */
    private static String pick(Random rnd, String[] from, double first) {
        return rnd.nextDouble() < first ? from[0] : from[rnd.nextInt(from.length)];
    }

    @Test
    void repeatedHeadsReuseTheirStrings() {
        HeadScanner s = new HeadScanner(8192, null);
        List<String> names = new ArrayList<>();
        Http1ParserTest.Events ev = new Http1ParserTest.Events() {
            @Override
            public void header(String name, String value) {
                names.add(name);
                names.add(value);
            }
        };
        byte[] req = "GET / HTTP/1.1\r\nhost: a:1\r\nx-custom: v\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(0, s.scan(ByteBuffer.wrap(req), ev));
        assertEquals(0, s.scan(ByteBuffer.wrap(req), ev));
        assertEquals(List.of("Host", "a:1", "x-custom", "v", "Host", "a:1", "x-custom", "v"), names);
        for (int i = 0; i < 4; i++) assertSame(names.get(i), names.get(i + 4)); // the same String objects
    }

    private static void assertSame(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertSame(a, b);
    }
}
