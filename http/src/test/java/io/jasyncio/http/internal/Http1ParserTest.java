package io.jasyncio.http.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The codec glue on its own, both directions: what the server uses for requests, the client for responses. */
class Http1ParserTest {

    /** Records the events as strings. */
    static class Events implements Http1Parser.Listener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void requestLine(String method, String target, String version) {
            seen.add("request " + method + " " + target + " " + version);
        }

        @Override
        public void statusLine(String version, int status, String reason) {
            seen.add("status " + version + " " + status + " " + reason);
        }

        @Override
        public void header(String name, String value) {
            seen.add(name + "=" + value);
        }

        @Override
        public boolean headComplete() {
            seen.add("head");
            return false;
        }

        @Override
        public boolean content(ByteBuffer chunk) {
            seen.add("body " + StandardCharsets.UTF_8.decode(chunk));
            return false;
        }

        @Override
        public void messageComplete() {
            seen.add("end");
        }

        @Override
        public void badMessage(int status, String reason) {
            seen.add("bad " + status);
        }

        @Override
        public void earlyEof() {
            seen.add("early eof");
        }
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void responsesWithLengthChunkedAndHeadBodies() {
        Events ev = new Events();
        Http1Parser p = Http1Parser.forResponses(ev, 8192);
        ByteBuffer in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertTrue(p.parse(in));       // stops after the first message, the second stays in the buffer
        assertTrue(in.hasRemaining());
        assertTrue(p.parse(in));
        assertFalse(in.hasRemaining());
        assertEquals(List.of("status HTTP/1.1 200 OK", "Content-Length=5", "head", "body hello", "end",
                "status HTTP/1.1 201 Created", "Transfer-Encoding=chunked", "head", "body abc", "end"), ev.seen);

        ev.seen.clear();
        p.setHeadResponse(true); // the answer to a HEAD: no body whatever Content-Length says
        p.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n"));
        assertEquals(List.of("status HTTP/1.1 200 OK", "Content-Length=13", "head", "end"), ev.seen);
    }

    @Test
    void interimResponsesAndBodilessStatusesAsTheClientMeetsThem() {
        Events ev = new Events();
        Http1Parser p = Http1Parser.forResponses(ev, 8192);
        // a 100 Continue is a whole message of its own (no body); the final response follows in the same bytes
        ByteBuffer in = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertTrue(p.parse(in));
        assertEquals(List.of("status HTTP/1.1 100 Continue", "head", "end"), ev.seen);
        assertTrue(p.parse(in));
        assertFalse(in.hasRemaining());
        assertEquals(List.of("status HTTP/1.1 100 Continue", "head", "end",
                "status HTTP/1.1 200 OK", "Content-Length=2", "head", "body ok", "end"), ev.seen);

        // the answer to a HEAD after an interim response: the flag holds for one message, so it is set again
        ev.seen.clear();
        p.setHeadResponse(true);
        in = bytes("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n");
        assertTrue(p.parse(in));
        p.setHeadResponse(true);
        assertTrue(p.parse(in));
        assertEquals(List.of("status HTTP/1.1 103 Early Hints", "Link=</a.css>", "head", "end",
                "status HTTP/1.1 200 OK", "Content-Length=13", "head", "end"), ev.seen);

        // 204 and 304 have no body whatever Content-Length says; the next response's bytes stay untouched
        ev.seen.clear();
        in = bytes("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        assertTrue(p.parse(in));
        assertTrue(p.parse(in));
        assertTrue(p.parse(in));
        assertEquals(List.of("status HTTP/1.1 304 Not Modified", "Content-Length=5", "head", "end",
                "status HTTP/1.1 204 No Content", "head", "end",
                "status HTTP/1.1 200 OK", "Content-Length=1", "head", "body x", "end"), ev.seen);
    }

    @Test
    void badResponsesAndTheConnectionTokens() {
        Events ev = new Events();
        Http1Parser p = Http1Parser.forResponses(ev, 8192);
        assertFalse(p.parse(bytes("HTTP/1.1 2x0 OK\r\n\r\n")));
        assertEquals(List.of("bad 400"), ev.seen);

        assertTrue(Http1Parser.hasToken("close", "close"));
        assertTrue(Http1Parser.hasToken("Keep-Alive, Upgrade", "upgrade"));
        assertTrue(Http1Parser.hasToken("TE,close", "close"));
        assertFalse(Http1Parser.hasToken("closed", "close"));
        assertFalse(Http1Parser.hasToken("x-close-later", "close"));
        assertFalse(Http1Parser.hasToken(null, "close"));
        assertTrue(Http1Parser.hasToken("keep-alive,\tUpgrade", "upgrade"), "a tab is optional white space too");
    }

    @Test
    void aResponseReadToEofAndOneCutShort() {
        Events ev = new Events();
        Http1Parser p = Http1Parser.forResponses(ev, 8192);
        p.parse(bytes("HTTP/1.0 200 OK\r\n\r\nall of it"));
        p.eof();
        assertEquals(List.of("status HTTP/1.0 200 OK", "head", "body all of it", "end"), ev.seen);

        Events cut = new Events();
        Http1Parser q = Http1Parser.forResponses(cut, 8192);
        q.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        q.eof();
        assertEquals("early eof", cut.seen.getLast());
    }

    @Test
    void requestsSplitAtEveryByteParseTheSame() {
        String req = "POST /x?y=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n0\r\n\r\n";
        Events whole = new Events();
        Http1Parser.forRequests(whole, 8192).parse(bytes(req));
        Events split = new Events();
        Http1Parser p = Http1Parser.forRequests(split, 8192);
        for (byte b : req.getBytes(StandardCharsets.ISO_8859_1)) p.parse(ByteBuffer.wrap(new byte[] {b}));
        assertEquals(List.of("request POST /x?y=1 HTTP/1.1", "Host=a", "Transfer-Encoding=chunked", "head", "body wiki", "end"),
                whole.seen);
        assertEquals(String.join("", whole.seen).replace("body wiki", ""),
                String.join("", split.seen).replaceAll("body [wiki]", ""));
    }

    @Test
    void headWriterWritesRequestAndResponseHeads() {
        HeadWriter w = new HeadWriter(16);
        w.requestLine("GET", "/a?b=1").header("Host", "example.org").contentLength(0).end();
        assertEquals("GET /a?b=1 HTTP/1.1\r\nHost: example.org\r\nContent-Length: 0\r\n\r\n",
                new String(w.toByteArray(), StandardCharsets.ISO_8859_1));
        w.reset().statusLine(404).contentType("text/plain").contentLength(1234567).end().chunk("xy".getBytes(), 0, 2);
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 1234567\r\n\r\n2\r\nxy\r\n",
                new String(w.toByteArray(), StandardCharsets.ISO_8859_1));
        String date = new String(w.reset().date().toByteArray(), StandardCharsets.ISO_8859_1);
        assertTrue(date.matches("Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n"), date);
    }
}
