package io.jasyncio.http.server;

import io.jasyncio.CancelledError;
import io.jasyncio.Context;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Protocol;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.Task;
import io.jasyncio.net.Transport;
import io.jasyncio.http.Headers;
import io.jasyncio.http.HttpStatus;
import io.jasyncio.http.internal.Http1Parser;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

/**
 * One HTTP/1.1 connection: the protocol side parses in the loop's {@code dataReceived} callback and queues
 * request heads; the connection's task ({@link #run}; at most one at a time, started for a burst of requests)
 * takes them in order, runs the handler and writes the response (docs/adr/0015-http-server.md). Bodies flow from the parser to the request's {@link RequestBody}
 * while the handler runs.
 *
 * <p>Parsing states: reading (the normal state); held (temporarily stopped with the unparsed bytes kept, the
 * transport paused: an upgrade request is being handled, or 16 pipelined requests wait); halted (for good:
 * a bad message, a refused request, {@code Connection: close}, an upgrade). Reading from the socket is
 * paused while held or halted, or while a request body holds too many unread bytes.
 */
final class HttpConnection implements Protocol, Http1Parser.Listener {
    static final System.Logger LOG = System.getLogger("io.jasyncio.http.server");
    private static final int MAX_PIPELINED = 16;
    /**
     * A task per burst of requests (it ends when no request waits; the next one starts a new task), the
     * default; {@code -Djasyncio.http.taskPerConnection=true} keeps one task parked between requests for the
     * connection's whole life instead. Measured in ADR 0015: the short-lived tasks cost less user CPU per
     * request (a parked task's stack ages into the old generation, and resuming it then takes the JVM's
     * slow path).
     */
    static final boolean TASK_PER_BURST = !Boolean.getBoolean("jasyncio.http.taskPerConnection");
    /**
     * Whether the task for a request is started eagerly from {@code dataReceived} (the default; see
     * {@link #startPendingTask}); {@code -Djasyncio.http.eagerStart=false} queues it for the next turn instead.
     */
    static final boolean EAGER_START = !"false".equals(System.getProperty("jasyncio.http.eagerStart"));
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes();
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes();

    private final ServerLoop srv;
    private final Http1Parser parser;
    private Transport transport;
    private Task<Void> task;
    private final ArrayDeque<Request> queue = new ArrayDeque<>(2);
    private Future<Void> wakeup;
    private Future<Void> drainWaiter;
    private Request parsing;
    private boolean parsingBody;
    private long parsingLimit;
    private ByteBuffer stash;
    private boolean held, halted, bodyPaused;
    /** Inside {@code dataReceived}: a task for what parsing queues starts at its end ({@link #startPendingTask}). */
    private boolean receiving;
    private boolean lost, writePaused, handling, upgraded, rejected;
    boolean closeAfterResponse;
    private double headStart = -1;
    private double lastActivity;

    HttpConnection(ServerLoop srv) {
        this.srv = srv;
        this.parser = Http1Parser.forRequests(this, srv.config.maxHeadBytes(), srv.headScratch);
    }

    App app() {
        return srv.app;
    }

    EventLoop loop() {
        return srv.loop;
    }

    SocketAddress remoteAddress() {
        return transport == null ? null : (SocketAddress) transport.getExtraInfo("peername");
    }

    // ------------------------------------------------------------------------------------------
    // Protocol callbacks (the loop)

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        lastActivity = srv.tick();
        if (!srv.admit(this)) {
            rejected = true;
            LOG.log(INFO, () -> "refusing connection from " + remoteAddress() + ": " + srv.config.maxConnections()
                    + " connections open (maxConnections); answered 503");
            t.write(ServerLoop.simpleResponse(HttpStatus.SERVICE_UNAVAILABLE, "too many connections"));
            t.close();
            return;
        }
        if (!TASK_PER_BURST) startTask(false);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (rejected) return;
        lastActivity = srv.tick();
        receiving = true;
        try {
            if (held || halted || (stash != null && stash.hasRemaining())) {
                stash = append(stash, data);
                if (!held && !halted) parseStash();
            } else {
                parseFrom(data);
                if (data.hasRemaining()) stash = append(stash, data);
            }
        } finally {
            receiving = false;
        }
        startPendingTask();
    }

    @Override
    public boolean eofReceived() {
        return false; // as uvicorn and aiohttp: a client that stops sending has gone; connectionLost follows
    }

    @Override
    public void connectionLost(Throwable exc) {
        lost = true;
        srv.remove(this);
        if (rejected) return;
        if (parsing != null && parsingBody) parsing.body.fail(new IOException("client disconnected during the request body"));
        wake();
        wakeDrain();
        if (task != null && !task.done()) task.cancel("client disconnected");
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        wakeDrain();
    }

    // ------------------------------------------------------------------------------------------
    // Parsing

    private void parseFrom(ByteBuffer b) {
        while (b.hasRemaining() && !held && !halted) {
            if (parsing == null && headStart < 0) headStart = srv.tick();
            parser.parse(b);
        }
    }

    private void parseStash() {
        if (stash == null) return;
        stash.flip();
        parseFrom(stash);
        stash.compact();
    }

    /** Appends {@code data} to a stash kept in write mode (position = end of data). */
    private static ByteBuffer append(ByteBuffer stash, ByteBuffer data) {
        if (stash == null) stash = ByteBuffer.allocate(Math.max(4096, data.remaining()));
        if (stash.remaining() < data.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(stash.capacity() * 2, stash.position() + data.remaining()));
            stash.flip();
            bigger.put(stash);
            stash = bigger;
        }
        stash.put(data);
        return stash;
    }

    @Override
    public void requestLine(String method, String target, String version) {
        parsing = new Request(this, method, target, version);
        parsingBody = false;
    }

    @Override
    public void header(String name, String value) {
        if (parsing != null) parsing.addField(name, value);
    }

    @Override
    public boolean headComplete() {
        headStart = -1;
        Request r = parsing;
        if (!r.parseTarget()) {
            refuse(HttpStatus.BAD_REQUEST, "malformed request target: " + r.target());
            return true;
        }
        if (!r.version().equals("HTTP/1.1") && !r.version().equals("HTTP/1.0")) {
            refuse(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, r.version() + " request on an HTTP/1 connection");
            return true;
        }
        if (r.version().equals("HTTP/1.1") && r.header("Host") == null) {
            refuse(HttpStatus.BAD_REQUEST, "HTTP/1.1 request without a Host field");
            return true;
        }
        String connection = r.header("Connection");
        r.keepAlive = r.version().equals("HTTP/1.1") ? !Http1Parser.hasToken(connection, "close")
                : Http1Parser.hasToken(connection, "keep-alive");
        Router.Match m = srv.router.match(r.method(), r.path());
        r.route = m.route();
        if (m.route() == null) r.routeError = Router.error(m); // answered through the middleware
        r.params(m.names(), m.values());
        long limit = m.route() != null && m.route().maxBodyBytes() >= 0 ? m.route().maxBodyBytes() : srv.config.maxBodyBytes();
        parsingLimit = limit;
        String expect = r.header("Expect");
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue") || !r.version().equals("HTTP/1.1")) {
                refuse(HttpStatus.EXPECTATION_FAILED, "unsupported Expect: " + expect);
                return true;
            }
            r.expectContinue = true;
        }
        long cl = parser.contentLength();
        if (cl > limit) {
            refuse(HttpStatus.CONTENT_TOO_LARGE, "request body of " + cl + " bytes is over the limit of " + limit
                    + " bytes for " + r.method() + " " + r.path());
            return true;
        }
        boolean hasBody = cl > 0 || parser.isChunked();
        r.upgradeRequested = !hasBody && Http1Parser.hasToken(connection, "upgrade") && r.header("Upgrade") != null;
        parsingBody = true;
        enqueue(r);
        return false;
    }

    @Override
    public boolean content(ByteBuffer chunk) {
        Request r = parsing;
        if (r == null) return false;
        byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        if (!r.body.append(b, parsingLimit)) {
            String why = "request body is over the limit of " + parsingLimit + " bytes for " + r.method() + " " + r.path();
            LOG.log(INFO, () -> remoteAddress() + ": " + why + "; answered 413");
            r.body.fail(new HttpException(HttpStatus.CONTENT_TOO_LARGE, why));
            r.keepAlive = false;
            halt();
            return true;
        }
        return false;
    }

    @Override
    public void messageComplete() {
        Request r = parsing;
        parsing = null;
        parsingBody = false;
        if (r == null) return;
        r.body.complete();
        if (!r.keepAlive) {
            halt();
        } else if (r.upgradeRequested || queue.size() >= MAX_PIPELINED) {
            held = true;
            updateReading();
        }
    }

    @Override
    public void badMessage(int status, String why) {
        String reason = why != null ? why : HttpStatus.reason(status);
        LOG.log(INFO, () -> remoteAddress() + ": bad request (" + reason + "); answered " + status);
        if (parsing != null && parsingBody) {
            parsing.body.fail(new HttpException(status, reason));
            parsing.keepAlive = false;
            halt();
        } else {
            enqueue(Request.refused(this, new HttpException(status, reason)));
            halt();
        }
    }

    @Override
    public void earlyEof() {
        // Jetty reports a malformed body (a bad chunk size, say) as an early EOF once the head is complete.
        if (parsing != null && parsingBody && !lost) {
            LOG.log(INFO, () -> remoteAddress() + ": malformed or truncated request body for " + parsing.method() + " "
                    + parsing.path() + "; answered 400");
            parsing.body.fail(new HttpException(HttpStatus.BAD_REQUEST, "malformed or truncated request body"));
            parsing.keepAlive = false;
            halt();
        }
    }

    private void refuse(int status, String why) {
        LOG.log(INFO, () -> remoteAddress() + ": " + why + "; answered " + status);
        enqueue(Request.refused(this, new HttpException(status, why)));
        parsing = null;
        halt();
    }

    private void halt() {
        halted = true;
        parser.close();
        updateReading();
    }

    private void enqueue(Request r) {
        queue.add(r);
        if (task == null && TASK_PER_BURST && !lost) {
            if (!receiving) startTask(false); // else once dataReceived has parsed what came
        }
        else wake();
    }

    private void updateReading() {
        if (lost || transport.isClosing()) return;
        boolean read = !held && !halted && !bodyPaused;
        if (read != transport.isReading()) {
            if (read) transport.resumeReading();
            else transport.pauseReading();
        }
    }

    void pauseBody() {
        if (!bodyPaused) {
            bodyPaused = true;
            updateReading();
        }
    }

    void resumeBody() {
        if (bodyPaused) {
            bodyPaused = false;
            updateReading();
        }
    }

    private void unhold() {
        if (held && !halted) {
            held = false;
            parseStash();
            updateReading();
        }
    }

    /** Called by the sweeper about once a second. */
    void checkTimeouts(double now) {
        if (upgraded || lost || rejected || halted) return;
        ServerConfig c = srv.config;
        if (headStart >= 0 && now - headStart > seconds(c.headerTimeout())) {
            refuse(HttpStatus.REQUEST_TIMEOUT, "request head not complete within " + c.headerTimeout().toMillis() + " ms (headerTimeout)");
        } else if (parsing != null && parsingBody && now - lastActivity > seconds(c.idleTimeout())) {
            String why = "request body stalled for " + c.idleTimeout().toMillis() + " ms (idleTimeout)";
            LOG.log(INFO, () -> remoteAddress() + ": " + why + "; answered 408");
            parsing.body.fail(new HttpException(HttpStatus.REQUEST_TIMEOUT, why));
            parsing.keepAlive = false;
            halt();
        } else if (!handling && queue.isEmpty() && parsing == null && headStart < 0
                && now - lastActivity > seconds(c.idleTimeout())) {
            LOG.log(DEBUG, () -> remoteAddress() + ": idle for " + c.idleTimeout().toMillis() + " ms; closing");
            transport.close();
        }
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    /** Graceful shutdown: close now if idle, else after the response in progress. */
    void shutdownGracefully() {
        closeAfterResponse = true;
        if (!handling && queue.isEmpty() && !upgraded) transport.close();
    }

    /** End of the grace period: cancel whatever still runs and drop the connection. */
    void abortNow() {
        if (task != null && !task.done()) task.cancel("server shutdown: grace period over");
        transport.abort();
    }

    boolean isUpgraded() {
        return upgraded;
    }

    // ------------------------------------------------------------------------------------------
    // The connection's task

    /**
     * Starts the task for what parsing queued, eagerly (ADR 0015): from {@code dataReceived}, on the loop's
     * thread, its first step runs right here, so a handler that does not suspend has answered before the
     * loop reads the next connection, as a C server would; one that suspends goes on as any task.
     */
    private void startPendingTask() {
        if (task == null && TASK_PER_BURST && !lost && !queue.isEmpty()) startTask(EAGER_START);
    }

    private void startTask(boolean eager) {
        Task<Void> t = srv.loop.createTask(this::run, "http-connection", null, eager);
        if (!t.done()) { // an eager task may have served everything already (and cleared the field)
            task = t;
            srv.track(t);
        }
    }

    /**
     * The connection's task: serves queued requests in order. With {@link #TASK_PER_BURST} it ends when the
     * queue is empty (the next request starts a new task), else it waits for the next request.
     */
    @SuppressWarnings("unchecked")
    private Void run() {
        task = (Task<Void>) Task.current(); // before its first step, for an eager start's sake
        Context base = Context.copyContext();
        boolean ended = true;
        try {
            while (true) {
                Request r = next();
                if (r == null) {
                    ended = lost || halted || closeAfterResponse;
                    return null;
                }
                if (!serve(r, base)) return null;
            }
        } catch (CancelledError e) {
            if (!lost) transport.abort();
            throw e;
        } finally {
            task = null;
            if (ended) {
                if (upgraded) srv.remove(this);
                if (!lost) transport.close();
            }
        }
    }

    private Request next() {
        while (queue.isEmpty()) {
            if (lost || halted || closeAfterResponse || TASK_PER_BURST) return null;
            Future<Void> w = srv.loop.createFuture();
            wakeup = w;
            try {
                w.call();
            } finally {
                wakeup = null;
            }
        }
        Request r = queue.poll();
        if (held && !r.upgradeRequested && queue.size() < MAX_PIPELINED / 2 && (parsing == null || !parsing.upgradeRequested)) unhold();
        return r;
    }

    private void wake() {
        Future<Void> w = wakeup;
        if (w != null && !w.done()) w.setResult(null);
    }

    /** Serves one request; returns whether the connection goes on. */
    private boolean serve(Request r, Context base) {
        handling = true;
        try {
            if (r.refused != null) {
                srv.writeResponse(this, r, ServerLoop.errorResponse(r.refused), false);
                return false;
            }
            Response resp = base.copy().run(() -> srv.dispatch(r));
            if (r.upgraded) return false;
            boolean keep = r.keepAlive && !closeAfterResponse && !srv.closing();
            if (!r.body.isComplete()) {
                if (r.expectContinue) keep = false; // the client still waits to send: the body never comes
                r.body.discard();
            }
            boolean ok = srv.writeResponse(this, r, resp, keep);
            if (r.upgradeRequested && keep) unhold();
            return ok && keep;
        } finally {
            handling = false;
            lastActivity = srv.tick();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writing (from the task)

    void write(ByteBuffer b) throws IOException {
        if (lost || transport.isClosing()) throw new IOException("client disconnected");
        transport.write(b);
    }

    void writeChunk(byte[] data) throws IOException {
        write(srv.out.reset().chunk(data, 0, data.length).buffer());
    }

    void writeLastChunk() throws IOException {
        write(ByteBuffer.wrap(LAST_CHUNK));
    }

    void sendContinue() {
        if (!lost && !transport.isClosing()) transport.write(CONTINUE);
    }

    /** Waits while the transport's buffer is over its high water mark. */
    void drain() throws IOException {
        while (writePaused && !lost) {
            Future<Void> w = srv.loop.createFuture();
            drainWaiter = w;
            try {
                w.call();
            } finally {
                drainWaiter = null;
            }
        }
        if (lost) throw new IOException("client disconnected");
    }

    private void wakeDrain() {
        Future<Void> w = drainWaiter;
        if (w != null && !w.done()) w.setResult(null);
    }

    void abortTransport() {
        if (!lost) transport.abort();
    }

    Upgraded upgrade(Request r, Headers responseHeaders) throws IOException {
        write(srv.out.reset().statusLine(HttpStatus.SWITCHING_PROTOCOLS).headers(responseHeaders).end().buffer());
        halted = true;
        held = false;
        upgraded = true;
        drain(); // the stream protocol starts unpaused
        StreamReader reader = new StreamReader();
        if (stash != null && stash.position() > 0) {
            stash.flip();
            reader.feedData(stash);
            stash = null;
        }
        StreamWriter writer = io.jasyncio.streams.Streams.wrap(transport, reader);
        transport.resumeReading();
        return new Upgraded(reader, writer);
    }
}
