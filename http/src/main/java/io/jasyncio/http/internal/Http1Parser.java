package io.jasyncio.http.internal;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * HTTP/1.x message parsing over Jetty's {@link HttpParser}, driven on the caller's buffers: the server uses
 * it for requests ({@link #forRequests}), the client for responses ({@link #forResponses}). One instance per
 * connection; not thread-safe; never suspends.
 *
 * <p>Use: call {@link #parse(ByteBuffer)} with the bytes that arrived. The parser consumes what it can and
 * calls the {@link Listener}; it stops after each complete message (and after a head whose
 * {@link Listener#headComplete()} returned true), leaving the rest in the buffer. Whatever is left when
 * {@code parse} returns must be kept by the caller and passed again (before newer bytes), because a
 * {@code dataReceived} buffer is only valid during that call.
 *
 * <p>Strictness: Jetty's RFC 9110 mode (no obs-fold, no Content-Length together with Transfer-Encoding, no
 * duplicate Content-Length, no whitespace before the colon, chunk sizes checked), plus the head size limit
 * given at construction (request line or status line and fields together).
 */
public final class Http1Parser {

    /** What the parser found; every call is on the caller's thread, inside {@link #parse}. */
    public interface Listener {

        /** A request line (server side). */
        default void requestLine(String method, String target, String version) {
        }

        /** A status line (client side). */
        default void statusLine(String version, int status, String reason) {
        }

        /** A header field, or a trailer field after a chunked body. */
        void header(String name, String value);

        /**
         * The head is complete.
         *
         * @return true to stop {@link #parse} here (the body, if any, stays in the buffer)
         */
        boolean headComplete();

        /**
         * Body bytes, already de-chunked. The buffer is a view of the caller's buffer, valid only during the
         * call: copy what you keep.
         *
         * @return true to stop {@link #parse} after this chunk
         */
        boolean content(ByteBuffer chunk);

        /** The message is complete; {@link #parse} returns right after. */
        void messageComplete();

        /**
         * The bytes are not valid HTTP/1.x, or a limit was passed. No more events follow; the connection
         * should answer {@code status} (for a server) and close.
         */
        void badMessage(int status, String reason);

        /** The peer closed in the middle of a message ({@link #eof()} was called in a body or head). */
        default void earlyEof() {
        }
    }

    private final HttpParser parser;
    private final Listener listener;
    /** The fast path for simple request heads, or null (responses, or turned off). */
    private final HeadScanner fast;
    /** The last message was taken by {@link #fast}: no body, whatever Jetty's state says. */
    private boolean fastMessage;
    private boolean stop;

    private Http1Parser(HttpParser parser, Listener listener, HeadScanner fast) {
        this.parser = parser;
        this.listener = listener;
        this.fast = fast;
        parser.setHeaderCacheSize(FIELD_CACHE);
    }

    /**
     * Whether request parsers take simple heads on their fast path ({@link HeadScanner}); on by default,
     * {@code -Djasyncio.http.fastHeads=false} sends every head through Jetty.
     */
    private static final boolean FAST_HEADS = !"false".equals(System.getProperty("jasyncio.http.fastHeads"));

    /**
     * Jetty's per-parser cache of recently seen fields, in entries: off by default (measured in ADR 0015: with
     * a thousand connections, a thousand caches cost more in cache misses than they save);
     * {@code -Djasyncio.http.fieldCache=N} turns it on.
     */
    private static final int FIELD_CACHE = Integer.getInteger("jasyncio.http.fieldCache", 0);

    /** A request parser (server side) with a head size limit in bytes (request line plus fields). */
    public static Http1Parser forRequests(Listener listener, int maxHeadBytes) {
        return forRequests(listener, maxHeadBytes, FAST_HEADS);
    }

    /**
     * A request parser, with or without the fast path for simple heads (the tests compare the two).
     *
     * @param fastHeads whether simple, whole, bodiless heads bypass Jetty ({@link HeadScanner})
     */
    public static Http1Parser forRequests(Listener listener, int maxHeadBytes, boolean fastHeads) {
        return forRequests(listener, maxHeadBytes, fastHeads, null);
    }

    /**
     * A request parser whose fast path uses a loop's shared scratch space (a server makes one per loop).
     *
     * @param scratch the loop's {@link HeadScanner.Scratch}, used only inside {@link #parse}
     */
    public static Http1Parser forRequests(Listener listener, int maxHeadBytes, HeadScanner.Scratch scratch) {
        return forRequests(listener, maxHeadBytes, FAST_HEADS, scratch);
    }

    private static Http1Parser forRequests(Listener listener, int maxHeadBytes, boolean fastHeads,
            HeadScanner.Scratch scratch) {
        Bridge b = new Bridge(Objects.requireNonNull(listener, "listener"));
        HttpParser jetty = new HttpParser((HttpParser.RequestHandler) b, maxHeadBytes, HttpCompliance.RFC9110);
        Http1Parser p = new Http1Parser(jetty, listener, fastHeads ? new HeadScanner(maxHeadBytes, scratch) : null);
        b.owner = p;
        return p;
    }

    /** A response parser (client side) with a head size limit in bytes (status line plus fields). */
    public static Http1Parser forResponses(Listener listener, int maxHeadBytes) {
        Bridge b = new Bridge(Objects.requireNonNull(listener, "listener"));
        HttpParser jetty = new HttpParser((HttpParser.ResponseHandler) b, maxHeadBytes, HttpCompliance.RFC9110);
        Http1Parser p = new Http1Parser(jetty, listener, null);
        b.owner = p;
        return p;
    }

    /**
     * Parses from {@code buf}'s position, moving it past what was consumed. Returns after a complete message
     * (ready for the next one), when a listener call asked to stop, on a bad message, or when {@code buf} is
     * exhausted.
     *
     * @return true if it stopped because a message completed or the listener asked to; false if it needs
     *         more bytes (or the message was bad)
     */
    public boolean parse(ByteBuffer buf) {
        stop = false;
        fastMessage = false;
        if (parser.isState(HttpParser.State.END)) parser.reset();
        if (fast != null && parser.isState(HttpParser.State.START)) {
            fastMessage = true; // before the listener's calls: they may ask contentLength()
            if (fast.scan(buf, listener) >= 0) return stop = true;
            fastMessage = false;
        }
        while (buf.hasRemaining() && !stop) {
            boolean handled = parser.parseNext(buf);
            if (parser.isState(HttpParser.State.CLOSE) || parser.isState(HttpParser.State.CLOSED)) return false;
            if (!handled && !stop) break;
        }
        return stop;
    }

    /** The peer closed: reports {@link Listener#earlyEof()} if a message was under way. */
    public void eof() {
        parser.atEOF();
        parser.parseNext(ByteBuffer.allocate(0));
    }

    /**
     * For a client: the next response (or the one being parsed) answers a HEAD request (no body, whatever its
     * headers say). Call it before each response; it applies to one message, and an interim (1xx) response is
     * a message of its own: call it again for the final one.
     */
    public void setHeadResponse(boolean head) {
        if (parser.isState(HttpParser.State.END)) parser.reset(); // a reset clears the flag: reset first
        parser.setHeadResponse(head);
    }

    /** The declared Content-Length of the message being parsed, or -1 (chunked, none, or unknown yet). */
    public long contentLength() {
        if (fastMessage) return -1; // no Content-Length, as Jetty reports it
        return parser.getContentLength();
    }

    /** Whether the message being parsed has a chunked body. */
    public boolean isChunked() {
        if (fastMessage) return false;
        return parser.isChunking();
    }

    /** Whether no message is under way (between messages). */
    public boolean isIdle() {
        return parser.isState(HttpParser.State.START) || parser.isState(HttpParser.State.END);
    }

    /** Whether the parser has seen the start of a message and not yet its whole head. */
    public boolean inHead() {
        return !isIdle() && !parser.inContentState() && !parser.isState(HttpParser.State.CLOSE)
                && !parser.isState(HttpParser.State.CLOSED);
    }

    /** Stops parsing for good (after a bad message or an upgrade). */
    public void close() {
        parser.close();
    }

    /**
     * Whether a comma-separated header value holds {@code token}, without regard to case ({@code Connection:
     * keep-alive, Upgrade} holds {@code "upgrade"}): what both sides ask of {@code Connection}.
     *
     * @param value the field's value, or null (no field: false)
     */
    public static boolean hasToken(String value, String token) {
        if (value == null) return false;
        int n = token.length();
        for (int i = 0; i <= value.length() - n; i++) {
            if (value.regionMatches(true, i, token, 0, n)
                    && (i == 0 || listBoundary(value.charAt(i - 1)))
                    && (i + n == value.length() || listBoundary(value.charAt(i + n)))) {
                return true;
            }
        }
        return false;
    }

    /** A list's separator or the optional white space around it (RFC 9110 section 5.6.1). */
    private static boolean listBoundary(char c) {
        return c == ',' || c == ' ' || c == '\t';
    }

    /** Jetty's callbacks, turned into ours. */
    private static final class Bridge implements HttpParser.RequestHandler, HttpParser.ResponseHandler {
        final Listener l;
        Http1Parser owner;

        Bridge(Listener l) {
            this.l = l;
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            l.requestLine(method, uri, version.asString());
        }

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            l.statusLine(version.asString(), status, reason);
        }

        @Override
        public void parsedHeader(HttpField field) {
            l.header(field.getName(), field.getValue() == null ? "" : field.getValue());
        }

        @Override
        public void parsedTrailer(HttpField field) {
            l.header(field.getName(), field.getValue() == null ? "" : field.getValue());
        }

        @Override
        public boolean headerComplete() {
            if (l.headComplete()) {
                owner.stop = true;
                return true;
            }
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            if (l.content(item)) {
                owner.stop = true;
                return true;
            }
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            l.messageComplete();
            owner.stop = true;
            return true;
        }

        @Override
        public void earlyEOF() {
            l.earlyEof();
        }

        @Override
        public void badMessage(HttpException failure) {
            l.badMessage(failure.getCode(), failure.getReason());
        }
    }
}
