package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Server;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.Headers;
import io.jasyncio.http.HttpStatus;
import io.jasyncio.http.internal.HeadScanner;
import io.jasyncio.http.internal.HeadWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * What one loop's share of a server holds: the app's router and middleware chain, the loop's connections,
 * the timeout sweeper (once a second) and a head writer reused by every response written on this loop
 * (never held across a suspension). Confined to its loop; only the connection count is shared between
 * loops.
 */
final class ServerLoop {
    private static final System.Logger ACCESS = System.getLogger("io.jasyncio.http.access");
    private static final int FILE_CHUNK = 64 * 1024;

    final App app;
    final ServerConfig config;
    final Router router;
    final EventLoop loop;
    final HeadWriter out = new HeadWriter(512);
    /** The request heads' fast path's scratch space, shared by this loop's connections. */
    final HeadScanner.Scratch headScratch = new HeadScanner.Scratch();
    private final Handler chain;
    private final AtomicInteger open;
    private final LinkedHashSet<HttpConnection> connections = new LinkedHashSet<>();
    private final LinkedHashSet<io.jasyncio.Task<Void>> tasks = new LinkedHashSet<>();
    private TimerHandle sweeper;
    private double tick;
    private boolean closing;
    private Future<Void> allClosed;
    Server server;

    ServerLoop(App app, ServerConfig config, Router router, EventLoop loop, AtomicInteger open) {
        this.app = app;
        this.config = config;
        this.router = router;
        this.loop = loop;
        this.open = open;
        // As Starlette's ExceptionMiddleware: the route's errors become responses inside the user's
        // middleware, which sees a 404 or a 500 as a response; what middleware throws is mapped outside.
        Handler h = req -> {
            try {
                if (req.routeError != null) throw req.routeError;
                return req.route().handler().handle(req);
            } catch (CancelledError e) {
                throw e;
            } catch (Throwable e) {
                return mapException(req, e);
            }
        };
        List<Middleware> mw = app.middleware();
        for (int i = mw.size() - 1; i >= 0; i--) {
            Middleware m = mw.get(i);
            Handler next = h;
            h = req -> m.handle(req, next);
        }
        chain = h;
        tick = now();
        sweeper = loop.callLater(1.0, this::sweep);
    }

    double now() {
        return loop.time();
    }

    /**
     * The loop's time at the last sweep: the clock of the connections' timeouts, which the sweep checks once a
     * second, read per request without a clock call. A stamp taken with it is at most a sweep early, and the
     * sweep compares stamps only with its own times, so a timeout never fires before it has fully elapsed.
     */
    double tick() {
        return tick;
    }

    boolean closing() {
        return closing;
    }

    boolean admit(HttpConnection c) {
        if (closing || open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            return false;
        }
        connections.add(c);
        return true;
    }

    void remove(HttpConnection c) {
        if (connections.remove(c)) {
            open.decrementAndGet();
            if (closing && connections.isEmpty() && allClosed != null && !allClosed.done()) allClosed.setResult(null);
        }
    }

    /** Tracks a connection's task until it ends, so that shutdown can wait for it. */
    void track(io.jasyncio.Task<Void> t) {
        tasks.add(t);
        t.addDoneCallback(x -> tasks.remove(t));
    }

    int connectionCount() {
        return connections.size();
    }

    private void sweep() {
        double now = now();
        tick = now;
        for (HttpConnection c : new ArrayList<>(connections)) c.checkTimeouts(now);
        if (!closing || !connections.isEmpty()) sweeper = loop.callLater(1.0, this::sweep);
    }

    /**
     * Graceful shutdown of this loop's part (from a task on this loop): stop listening, close idle
     * connections, let the others finish up to {@code grace} seconds, then cancel them.
     */
    void shutdown(double grace) {
        closing = true;
        if (server != null) server.close();
        allClosed = loop.createFuture();
        for (HttpConnection c : new ArrayList<>(connections)) c.shutdownGracefully();
        if (!connections.isEmpty()) {
            try {
                Asyncio.waitFor(allClosed, grace);
            } catch (io.jasyncio.TimeoutError e) {
                HttpConnection.LOG.log(WARNING, () -> connections.size() + " connection(s) still busy after the "
                        + grace + " s grace period; cancelling their handlers");
                for (HttpConnection c : new ArrayList<>(connections)) c.abortNow();
                Asyncio.sleep(0); // let the cancelled handlers unwind
            }
        }
        if (!tasks.isEmpty()) Asyncio.wait(new ArrayList<>(tasks), grace + 1.0); // cancelled ones unwind
        if (sweeper != null) sweeper.cancel();
    }

    // ------------------------------------------------------------------------------------------
    // Handling (on the connection's task, inside the request's context)

    Response dispatch(Request r) {
        Request.currentVar().set(r);
        Object result;
        try {
            result = chain.handle(r);
        } catch (CancelledError e) {
            throw e;
        } catch (Throwable e) {
            result = mapException(r, e);
        }
        try {
            return Response.of(result);
        } catch (RuntimeException e) {
            return Response.of(mapException(r, e));
        }
    }

    private Object mapException(Request r, Throwable e) {
        App.ExceptionHandler<Throwable> h = app.exceptionHandlerFor(e);
        if (h != null) {
            try {
                return h.handle(r, e);
            } catch (CancelledError c) {
                throw c;
            } catch (Throwable again) {
                again.addSuppressed(e);
                e = again;
            }
        }
        if (e instanceof HttpException x) return errorResponse(x);
        Throwable err = e;
        HttpConnection.LOG.log(ERROR, "handler for " + r.method() + " " + r.path() + " failed; answered 500", err);
        return Response.json(HttpStatus.INTERNAL_SERVER_ERROR, Map.of("detail", "Internal Server Error"));
    }

    static Response errorResponse(HttpException x) {
        Response resp = Response.json(x.status(), Map.of("detail", x.detail()));
        Headers h = x.headers();
        for (int i = 0; i < h.size(); i++) resp.header(h.name(i), h.value(i));
        return resp;
    }

    /** A complete response with Connection: close, for answers outside any request (503 at accept). */
    static byte[] simpleResponse(int status, String detail) {
        byte[] body = ("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        return new HeadWriter(256).statusLine(status).header("Content-Type", Response.JSON)
                .header("Connection", "close").date().contentLength(body.length).end().raw(body).toByteArray();
    }

    // ------------------------------------------------------------------------------------------
    // Writing (on the connection's task)

    /** Writes {@code resp}; returns false if the connection must end (a stream failed midway). */
    boolean writeResponse(HttpConnection c, Request r, Response resp, boolean keep) {
        boolean head = r.method().equals("HEAD");
        int status = resp.status();
        boolean bodyless = HttpStatus.bodyless(status);
        long length = -1;
        try {
            switch (resp.body()) {
                case Response.Fixed f -> length = writeFixed(c, r, resp, f.bytes(), keep, head || bodyless);
                case Response.Json j -> {
                    byte[] bytes;
                    try {
                        bytes = app.codec().encode(j.value());
                    } catch (IllegalArgumentException e) {
                        HttpConnection.LOG.log(ERROR, "cannot encode the response of " + r.method() + " " + r.path() + " as JSON; answered 500", e);
                        resp = errorResponse(new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"));
                        bytes = app.codec().encode(Map.of("detail", "Internal Server Error"));
                        status = resp.status();
                    }
                    length = writeFixed(c, r, resp, bytes, keep, head || bodyless);
                }
                case Response.Streamed s -> {
                    boolean chunked = r.version().equals("HTTP/1.1");
                    if (!chunked) keep = false; // HTTP/1.0: the end of the body is the end of the connection
                    HeadWriter w = startHead(r, resp, keep);
                    if (chunked && !head && !bodyless) w.header("Transfer-Encoding", "chunked");
                    c.write(w.end().buffer());
                    if (!head && !bodyless) {
                        try {
                            s.producer().produce(new ResponseStream(c, chunked));
                        } catch (CancelledError e) {
                            throw e;
                        } catch (Throwable e) {
                            HttpConnection.LOG.log(ERROR, "streamed response of " + r.method() + " " + r.path()
                                    + " failed after its head was sent; connection aborted", e);
                            c.abortTransport();
                            return false;
                        }
                        if (chunked) c.writeLastChunk();
                    }
                }
                case Response.FromFile f -> length = writeFile(c, r, resp, f.path(), keep, head);
            }
            c.drain();
        } catch (IOException e) {
            return false; // the client went away
        }
        if (config.accessLog()) {
            int st = status;
            long len = length;
            ACCESS.log(INFO, () -> c.remoteAddress() + " \"" + r.method() + " " + r.target() + " " + r.version() + "\" "
                    + st + " " + (len < 0 ? "-" : String.valueOf(len)));
        }
        return keep;
    }

    private HeadWriter startHead(Request r, Response resp, boolean keep) {
        HeadWriter w = out.reset().statusLine(resp.status());
        String type = resp.plainContentType();
        if (type != null) w.contentType(type);
        else if (resp.headersOrNull() != null) w.headers(resp.headersOrNull());
        w.date();
        if (!keep) w.header("Connection", "close");
        else if (!r.version().equals("HTTP/1.1")) w.header("Connection", "keep-alive");
        return w;
    }

    private long writeFixed(HttpConnection c, Request r, Response resp, byte[] body, boolean keep, boolean noBody) throws IOException {
        HeadWriter w = startHead(r, resp, keep);
        if (!HttpStatus.bodyless(resp.status())) w.contentLength(body.length);
        w.end();
        if (!noBody) w.raw(body);
        c.write(w.buffer());
        return body.length;
    }

    private long writeFile(HttpConnection c, Request r, Response resp, Path path, boolean keep, boolean head) throws IOException {
        FileChannel ch;
        try {
            ch = Asyncio.toThread(() -> FileChannel.open(path, StandardOpenOption.READ));
        } catch (Exception e) { // sneaky-thrown NoSuchFileException, or unreadable
            if (!(e instanceof NoSuchFileException || e instanceof java.nio.file.AccessDeniedException)) throw e;
            return writeFixed(c, r, errorResponse(new HttpException(HttpStatus.NOT_FOUND, "Not Found")),
                    app.codec().encode(Map.of("detail", "Not Found")), keep, head);
        }
        try (ch) {
            long size = Asyncio.toThread(ch::size);
            HeadWriter w = startHead(r, resp, keep).contentLength(size).end();
            c.write(w.buffer());
            if (head) return size;
            long sent = 0;
            while (sent < size) {
                long at = sent;
                ByteBuffer buf = Asyncio.toThread(() -> {
                    ByteBuffer b = ByteBuffer.allocate(FILE_CHUNK);
                    ch.read(b, at);
                    return b.flip();
                });
                if (!buf.hasRemaining()) throw new IOException(path + " shrank while being sent");
                sent += buf.remaining();
                c.write(buf);
                c.drain();
            }
            return size;
        }
    }
}
