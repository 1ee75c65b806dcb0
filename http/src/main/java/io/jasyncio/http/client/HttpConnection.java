package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Protocol;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.Transport;
import io.jasyncio.http.client.Target.Origin;
import io.jasyncio.http.internal.Http1Parser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.MetaData;

/**
 * One HTTP/1.1 connection of the pool: the {@link Protocol} on the core's transport (plain or TLS). Requests
 * are encoded by Jetty's {@link HttpGenerator} into this connection's buffers and written to the transport;
 * responses are parsed by {@link Http1Parser}, the codec the server parses requests with (in response mode),
 * straight from the loop's read buffer in {@code dataReceived}; this connection is its listener and hands what
 * it finds to the {@link ClientResponse} being received. One exchange at a time (no pipelining). Loop-confined.
 *
 * <h2>States</h2>
 * <table>
 * <caption>HttpConnection states</caption>
 * <tr><th>state</th><th>entered by</th><th>data from the server</th></tr>
 * <tr><td>idle</td><td>connected, or a response completed and the pool took it back</td>
 *     <td>unexpected: the connection is closed</td></tr>
 * <tr><td>exchanging</td><td>{@link #exchange}: the request goes out, the response comes in</td>
 *     <td>parsed into the current response</td></tr>
 * <tr><td>closed</td><td>the transport was lost, or the pool or a failure closed it</td><td>none</td></tr>
 * </table>
 * The exchange ends when the parser completes the response (the pool gets the connection back, reusable
 * unless either side said {@code Connection: close}), or fails (the connection is aborted, the pool frees its
 * slot, the response's waiting reader gets the error).
 */
final class HttpConnection implements Protocol, Http1Parser.Listener {
    /** What {@link #parse} is given when the server has closed its side: the parser is told of the EOF. */
    private static final ByteBuffer AT_EOF = ByteBuffer.allocate(0);
    private static final int MAX_REQUEST_HEADER = 64 * 1024;

    final Origin origin;
    private final ConnectionPool pool;
    private final EventLoop loop;
    private final Http1Parser parser;
    private final HttpGenerator generator = new HttpGenerator();
    private ByteBuffer header = ByteBuffer.allocate(2048).flip();
    private ByteBuffer chunk;
    private Transport transport;
    /** Pauses and resumes this connection's reading for the current response's body reader. */
    final Transport readControl;

    /** The response being received, or null while idle. */
    private ClientResponse current;
    private boolean receivedAny;
    private boolean requestSent;
    private boolean messageDone;
    /** The response being parsed is an interim one (1xx but 101): the real one follows on its heels. */
    private boolean interim;
    private boolean closeAfter;
    private boolean eof;
    private boolean closed;
    /** Set by the pool: this connection served a request before. */
    boolean reused;
    /** Loop time at which this connection went idle. */
    double idleSince;

    /** The read timeout scope of the task waiting for bytes, moved on by every arrival. */
    private Timeout readScope;
    private double sockRead;

    private Future<Void> drainWaiter;
    private boolean writePaused;

    HttpConnection(Origin origin, ConnectionPool pool, EventLoop loop, int maxHeaderBytes) {
        this.origin = origin;
        this.pool = pool;
        this.loop = loop;
        this.parser = Http1Parser.forResponses(this, maxHeaderBytes);
        this.readControl = new ReadControl(this);
    }

    EventLoop loop() {
        return loop;
    }

    /** Whether the pool may hand this connection to another request. */
    boolean isReusable() {
        return !closed && !eof && !closeAfter && transport != null && !transport.isClosing();
    }

    /** Closes the transport (idempotent); an idle connection is dropped from the pool by its connectionLost. */
    void close() {
        closed = true;
        if (transport != null) {
            transport.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // The request side, run by the requesting task

    /**
     * Sends the request and waits for the response's headers. On return, {@code r} has its status and
     * headers; its body arrives as it comes.
     *
     * <p>Cancel safety: cancelled (or timed out) midway, the connection is aborted and its slot freed; nothing
     * else is affected.
     */
    void exchange(ClientResponse r, byte[] head, MetaData.Request info, ByteBuffer content, Iterable<byte[]> stream,
            double sockReadLimit) throws ClientError {
        current = r;
        receivedAny = false;
        requestSent = false;
        messageDone = false;
        interim = false;
        parser.setHeadResponse("HEAD".equals(r.method()));
        generator.reset();
        try {
            if (head != null) {
                write(r, ByteBuffer.wrap(head));
            } else if (stream == null) {
                generate(r, info, content, true);
            } else {
                generate(r, info, null, false);
                Iterator<byte[]> it = stream.iterator();
                while (it.hasNext()) {
                    byte[] piece = it.next();
                    if (piece.length > 0) {
                        generate(r, null, ByteBuffer.wrap(piece), false);
                        drain();
                    }
                }
                generate(r, null, null, true);
            }
            requestSent = true;
            Throwable failure = awaitHeaders(r, sockReadLimit);
            if (failure != null) {
                throw failure;
            }
        } catch (Throwable e) {
            abandon(r);
            throw ClientResponse.sneaky(e);
        }
    }

    /** Waits for the headers of {@code r} with the read timeout; returns the failure, or null. */
    Throwable awaitHeaders(ClientResponse r, double sockReadLimit) {
        Future<Throwable> f = r.headersDone;
        if (f.done()) {
            return f.result();
        }
        if (sockReadLimit == Timeout.NEVER) {
            return f.call();
        }
        return withReadTimeout(r, sockReadLimit, f::call);
    }

    /** Runs {@code body} (a wait for bytes) in a {@link Timeout} scope that every arrival of bytes moves on. */
    <T> T withReadTimeout(ClientResponse r, double seconds, io.jasyncio.Coroutine<T> body) {
        try {
            return Asyncio.timeout(seconds, scope -> {
                readScope = scope;
                sockRead = seconds;
                try {
                    return body.call();
                } finally {
                    readScope = null;
                }
            });
        } catch (TimeoutError e) {
            if (e instanceof ClientTimeoutError) {
                throw e;
            }
            ClientTimeoutError t = new ClientTimeoutError(r.url(), "sockRead", seconds, e);
            abandon(r, t);
            throw t;
        }
    }

    /**
     * Drops the exchange of {@code r} if it is still this connection's (the request was cancelled, or the
     * response closed early): aborts the connection, frees its slot; a later read of the body gets an error.
     */
    void abandon(ClientResponse r) {
        abandon(r, new ClientError.Payload(r.url(), "the response was closed before its body was read", null));
    }

    /** As {@link #abandon(ClientResponse)}, the body's reader failing with {@code e}. */
    void abandon(ClientResponse r, Throwable e) {
        fail(r, e);
    }

    /** Jetty's generator loop: fills the header (and chunk) buffers and writes what it says to flush. */
    private void generate(ClientResponse r, MetaData.Request info, ByteBuffer content, boolean last) throws ClientError {
        while (true) {
            HttpGenerator.Result result;
            try {
                result = generator.generateRequest(info, header, chunk, content, last);
            } catch (IOException | RuntimeException e) {
                throw new ClientError.BadResponse(r.url(), "cannot encode the request: " + e.getMessage(), e);
            }
            switch (result) {
                case NEED_HEADER -> header = ByteBuffer.allocate(header.capacity() * 2).flip();
                case HEADER_OVERFLOW -> {
                    if (header.capacity() >= MAX_REQUEST_HEADER) {
                        throw new ClientError.InvalidUrl(r.url(), "request headers over " + MAX_REQUEST_HEADER + " bytes", null);
                    }
                    header = ByteBuffer.allocate(header.capacity() * 4).flip();
                }
                case NEED_CHUNK -> chunk = ByteBuffer.allocate(HttpGenerator.CHUNK_SIZE).flip();
                case NEED_CHUNK_TRAILER -> chunk = ByteBuffer.allocate(512).flip();
                case NEED_INFO -> throw new IllegalStateException("generator wants request info: " + generator);
                case FLUSH -> {
                    write(r, header);
                    if (chunk != null) {
                        write(r, chunk);
                    }
                    if (content != null) {
                        write(r, content);
                    }
                    if (!last && (content == null || !content.hasRemaining())) {
                        return;
                    }
                }
                case CONTINUE, SHUTDOWN_OUT -> {
                }
                case DONE -> {
                    return;
                }
            }
        }
    }

    private void write(ClientResponse r, ByteBuffer b) throws ClientError {
        if (!b.hasRemaining()) {
            return;
        }
        if (closed || transport.isClosing()) {
            throw new ClientError.ServerDisconnected(r.url(), "the server closed the connection", null, !receivedAny);
        }
        transport.write(b); // copies what the socket does not take now
        b.position(b.limit());
        b.clear().flip();
    }

    /**
     * Encodes a request without a body with Jetty's generator, for the session to send again as it is (a GET
     * of the same URL encodes to the same bytes every time).
     */
    static byte[] encodeHead(MetaData.Request info) {
        HttpGenerator g = new HttpGenerator();
        ByteBuffer h = ByteBuffer.allocate(2048).flip();
        while (true) {
            HttpGenerator.Result result;
            try {
                result = g.generateRequest(info, h, null, null, true);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot encode the request: " + e.getMessage(), e);
            }
            switch (result) {
                case HEADER_OVERFLOW -> {
                    if (h.capacity() >= MAX_REQUEST_HEADER) {
                        throw new IllegalArgumentException("request headers over " + MAX_REQUEST_HEADER + " bytes");
                    }
                    h = ByteBuffer.allocate(h.capacity() * 4).flip();
                }
                case FLUSH -> {
                    byte[] out = new byte[h.remaining()];
                    h.get(out);
                    return out;
                }
                case CONTINUE, SHUTDOWN_OUT -> {
                }
                default -> throw new IllegalStateException("unexpected generator step " + result + " for a request head");
            }
        }
    }

    /** Waits while the transport's write buffer is over its high water mark (a streaming upload). */
    private void drain() throws ClientError {
        if (!writePaused) {
            return;
        }
        Future<Void> f = loop.createFuture();
        drainWaiter = f;
        try {
            f.call();
        } finally {
            drainWaiter = null;
        }
        if (closed) {
            throw new ClientError.ServerDisconnected(current == null ? origin.toString() : current.url(),
                    "the connection closed during the upload", null, !receivedAny);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Protocol: the loop calls these

    @Override
    public void connectionMade(Transport t) {
        transport = t;
    }

    @Override
    public void dataReceived(ByteBuffer buf) {
        Timeout scope = readScope;
        if (scope != null && !scope.expired()) {
            scope.reschedule(loop.time() + sockRead);
        }
        ClientResponse r = current;
        if (r == null) {
            close(); // bytes nobody asked for: this connection cannot be trusted any more
            return;
        }
        receivedAny = true;
        if (buf.isDirect()) {
            // The loop reads into a direct buffer; Jetty's parser is faster on an array (its tries and string
            // decoding index the array, and content slices of a heap buffer are cheap). One copy, loop-confined.
            ByteBuffer heap = heapBuffer(buf.remaining());
            heap.put(buf).flip();
            try {
                parse(r, heap);
            } finally {
                heap.clear();
            }
            return;
        }
        parse(r, buf);
    }

    /** A heap buffer of this loop's connections, cleared, with room for {@code n} bytes. */
    private ByteBuffer heapBuffer(int n) {
        ByteBuffer b = pool.scratch;
        if (b == null || b.capacity() < n) {
            b = ByteBuffer.allocate(Math.max(n, 64 * 1024));
            pool.scratch = b;
        }
        return b;
    }

    private void parse(ClientResponse r, ByteBuffer buf) {
        while (true) {
            int before = buf.position();
            try {
                if (buf == AT_EOF) {
                    parser.eof();
                } else {
                    parser.parse(buf);
                }
            } catch (RuntimeException | AssertionError e) {
                // AssertionError: with -ea, Jetty's parser asserts on some malformed input (e.g. EOF inside a
                // header line); without -ea it reports badMessage. Either way it is a bad response.
                fail(r, eof && !r.headersReceived()
                        ? new ClientError.ServerDisconnected(r.url(), "the server closed the connection in the response headers", e, false)
                        : new ClientError.BadResponse(r.url(), "cannot parse the response: " + e.getMessage(), e));
                return;
            }
            if (current != r) {
                return; // failed while parsing
            }
            if (messageDone) {
                messageDone = false;
                if (interim) { // 1xx: the real response follows
                    interim = false;
                    r.resetInterim();
                    parser.setHeadResponse("HEAD".equals(r.method())); // it held for the interim one only
                    continue;
                }
                finish(r, !buf.hasRemaining());
                return;
            }
            if (!buf.hasRemaining() || buf.position() == before) {
                return;
            }
        }
    }

    /** The response is complete: hand it its end, give the connection back. */
    private void finish(ClientResponse r, boolean clean) {
        current = null;
        boolean keep = clean && requestSent && isReusable();
        if (!keep) {
            closed = true;
        }
        r.onComplete();
        transport.resumeReading(); // the body reader may have paused it
        pool.release(this, keep);
    }

    private void fail(ClientResponse r, Throwable e) {
        if (current != r) {
            return;
        }
        current = null;
        closed = true;
        r.fail(e);
        if (transport != null) {
            transport.abort();
        }
        pool.release(this, false);
    }

    @Override
    public boolean eofReceived() {
        eof = true;
        ClientResponse r = current;
        if (r != null) {
            parse(r, AT_EOF); // completes a body delimited by the close, or reports an early EOF
        }
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        closed = true;
        ClientResponse r = current;
        if (r != null) {
            fail(r, new ClientError.ServerDisconnected(r.url(), r.headersReceived()
                    ? "the server closed the connection before the end of the body"
                    : "the server closed the connection without a response", exc, !receivedAny));
        } else {
            pool.idleClosed(this);
        }
        Future<Void> d = drainWaiter;
        if (d != null && !d.done()) {
            d.setResult(null);
        }
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        Future<Void> d = drainWaiter;
        if (d != null && !d.done()) {
            d.setResult(null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Http1Parser.Listener: called from parse or eof, inside dataReceived or eofReceived

    @Override
    public void statusLine(String version, int status, String reason) {
        interim = status >= 100 && status < 200 && status != 101;
        closeAfter = !"HTTP/1.1".equals(version);
        current.onStatus(version, status, reason);
    }

    @Override
    public void header(String name, String value) {
        if (name.equalsIgnoreCase("Connection")) {
            if (Http1Parser.hasToken(value, "close")) {
                closeAfter = true;
            } else if (Http1Parser.hasToken(value, "keep-alive")) {
                closeAfter = false;
            }
        }
        current.onHeader(name, value);
    }

    @Override
    public boolean headComplete() {
        if (!interim) {
            current.onHeadersComplete();
        }
        return false;
    }

    @Override
    public boolean content(ByteBuffer chunk) {
        ClientResponse r = current;
        ClientError e = r.onContent(chunk);
        if (e != null) {
            fail(r, e);
            return true;
        }
        return false;
    }

    @Override
    public void messageComplete() {
        messageDone = true;
    }

    @Override
    public void earlyEof() {
        ClientResponse r = current;
        if (r != null) {
            fail(r, r.headersReceived()
                    ? new ClientError.Payload(r.url(), "the response body was cut short: the server closed the connection", null)
                    : !receivedAny
                    ? new ClientError.ServerDisconnected(r.url(), "the server closed the connection without a response", null, true)
                    : new ClientError.ServerDisconnected(r.url(), "the server closed the connection in the response headers", null, false));
        }
    }

    @Override
    public void badMessage(int status, String reason) {
        ClientResponse r = current;
        if (r != null) {
            String why = reason == null ? "malformed (parser status " + status + ")" : reason;
            fail(r, r.headersReceived()
                    ? new ClientError.Payload(r.url(), "bad response body: " + why, null)
                    : eof
                    ? new ClientError.ServerDisconnected(r.url(), "the server closed the connection in the response headers", null, false)
                    : new ClientError.BadResponse(r.url(), "bad HTTP response: " + why, null));
        }
    }

    /** The transport the body reader pauses: it acts only while a body is coming in. */
    private record ReadControl(HttpConnection c) implements Transport {
        @Override
        public void pauseReading() {
            if (c.current != null) {
                c.transport.pauseReading();
            }
        }

        @Override
        public void resumeReading() {
            if (!c.closed) {
                c.transport.resumeReading();
            }
        }

        @Override
        public boolean isReading() {
            return c.transport.isReading();
        }

        @Override
        public void write(ByteBuffer data) {
            throw new UnsupportedOperationException("the body reader does not write");
        }

        @Override
        public void writeEof() {
            throw new UnsupportedOperationException("the body reader does not write");
        }

        @Override
        public boolean canWriteEof() {
            return false;
        }

        @Override
        public void close() {
            throw new UnsupportedOperationException("close the response instead");
        }

        @Override
        public void abort() {
            throw new UnsupportedOperationException("close the response instead");
        }

        @Override
        public boolean isClosing() {
            return c.transport.isClosing();
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getWriteBufferSize() {
            return 0;
        }

        @Override
        public Object getExtraInfo(String name) {
            return c.transport.getExtraInfo(name);
        }

        @Override
        public Protocol getProtocol() {
            return c;
        }

        @Override
        public void setProtocol(Protocol protocol) {
            throw new UnsupportedOperationException();
        }
    }
}
