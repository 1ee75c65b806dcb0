package io.jasyncio.http.server;

import java.io.IOException;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Net;
import io.jasyncio.net.Server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.System.Logger.Level.INFO;

/**
 * A running HTTP/1.1 server for an {@link App} (uvicorn's {@code Server}, aiohttp's {@code AppRunner} with a
 * {@code TCPSite}). Start it from a task; it serves on that task's loop (and, with
 * {@link ServerConfig#loops()} above 1, on more loop threads of its own).
 *
 * <pre>{@code
 * Asyncio.run(() -> {
 *     HttpServer server = HttpServer.start(app, "127.0.0.1", 8000);
 *     server.serveForever();          // until the task is cancelled (Ctrl+C), then a graceful shutdown
 *     return null;
 * });
 * }</pre>
 *
 * <p>States: serving &rarr; shutting down ({@link #shutdown()}: no new connections, idle ones closed,
 * in-flight requests finish) &rarr; closed (after the grace period the rest is cancelled; shutdown hooks
 * have run). Loop-confined to the loop that started it.
 */
public final class HttpServer {
    private final App app;
    private final ServerConfig config;
    private final ServerLoop main;
    private final List<Extra> extras = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private boolean shutDown;

    /** A loop thread of its own (for {@code loops > 1}). */
    private record Extra(Thread thread, CompletableFuture<EventLoop> loop, CompletableFuture<Void> stop,
                         CompletableFuture<ServerLoop> part) {
    }

    private HttpServer(App app, ServerConfig config, ServerLoop main) {
        this.app = app;
        this.config = config;
        this.main = main;
    }

    /** {@link #start(App, String, int, ServerConfig)} with the default limits. */
    public static HttpServer start(App app, String host, int port) throws IOException {
        return start(app, host, port, ServerConfig.defaults());
    }

    /**
     * Runs the app's startup hooks, then listens on {@code host:port} and serves.
     *
     * <p>Cancel safety: if cancelled during a startup hook, nothing is listening yet.
     *
     * @param host the address to bind ("127.0.0.1"; null for every interface)
     * @param port the port, 0 for any free one (see {@link #port()})
     * @throws java.net.BindException if the address is in use
     * @throws IOException if listening fails otherwise
     * @throws IllegalStateException if not called from a task
     * @throws RuntimeException whatever a startup hook throws (the server is not started)
     */
    public static HttpServer start(App app, String host, int port, ServerConfig config) throws IOException {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(config, "config");
        EventLoop loop = Asyncio.getRunningLoop();
        for (Coroutine<?> hook : app.startupHooks()) Asyncio.await(hook);
        Router router = new Router(app.routes());
        AtomicInteger open = new AtomicInteger();
        ServerLoop part = new ServerLoop(app, config, router, loop, open);
        Net.ServerOptions options = Net.ServerOptions.defaults().withBacklog(4096).withReusePort(config.loops() > 1);
        part.server = Net.createServer(() -> new HttpConnection(part), host, port, options);
        HttpServer s = new HttpServer(app, config, part);
        int bound = s.port();
        for (int i = 1; i < config.loops(); i++) s.extras.add(s.startExtra(router, open, host, bound, options, i));
        HttpConnection.LOG.log(INFO, () -> "serving " + app.routes().size() + " routes on " + s.addresses()
                + (config.loops() > 1 ? " with " + config.loops() + " loops" : ""));
        return s;
    }

    private Extra startExtra(Router router, AtomicInteger open, String host, int port, Net.ServerOptions options, int n) {
        CompletableFuture<EventLoop> loopF = new CompletableFuture<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<ServerLoop> partF = new CompletableFuture<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name("jasyncio-http-loop-" + n).start(() -> {
            try {
                Asyncio.run(() -> {
                    EventLoop loop = Asyncio.getRunningLoop();
                    ServerLoop part = new ServerLoop(app, config, router, loop, open);
                    part.server = Net.createServer(() -> new HttpConnection(part), host, port, options);
                    loopF.complete(loop);
                    partF.complete(part);
                    ready.countDown();
                    double grace = config.gracePeriod().toNanos() / 1e9;
                    Asyncio.await(stop);
                    part.shutdown(grace);
                    return null;
                });
            } catch (Throwable e) {
                loopF.completeExceptionally(e);
                partF.completeExceptionally(e);
                ready.countDown();
            }
        });
        try {
            Asyncio.toThread(() -> {
                ready.await();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        }
        partF.join(); // rethrows a bind failure
        return new Extra(t, loopF, stop, partF);
    }

    /** The port listened on (the one chosen, for port 0). */
    public int port() {
        return ((InetSocketAddress) main.server.addresses().get(0)).getPort();
    }

    /** The addresses listened on. */
    public List<SocketAddress> addresses() {
        return main.server.addresses();
    }

    /** The app served. */
    public App app() {
        return app;
    }

    /** The limits in force. */
    public ServerConfig config() {
        return config;
    }

    /** Open connections over all loops. */
    public int connectionCount() {
        return open.get();
    }

    /**
     * Serves until the calling task is cancelled, then shuts down gracefully (uvicorn's {@code serve}).
     *
     * <p>Cancel safety: cancellation is the way to stop it; the graceful shutdown runs (shielded) before
     * the {@link CancelledError} propagates.
     *
     * @throws CancelledError when cancelled, after the shutdown
     */
    public void serveForever() {
        Future<Void> never = Asyncio.getRunningLoop().createFuture();
        try {
            never.call();
        } finally {
            Asyncio.shield(() -> {
                shutdown();
                return null;
            });
        }
    }

    /**
     * Graceful shutdown: stops accepting, closes idle connections, lets in-flight requests finish for
     * {@link ServerConfig#gracePeriod()}, then cancels what still runs (including upgraded connections'
     * handlers), then runs the app's shutdown hooks. Idempotent.
     *
     * <p>Cancel safety: if cancelled midway, connections still open are left to end on their own and the
     * shutdown hooks do not run; call it again (or shield it) to finish.
     */
    public void shutdown() {
        if (shutDown) return;
        shutDown = true;
        double grace = config.gracePeriod().toNanos() / 1e9;
        for (Extra e : extras) e.stop().complete(null);
        main.shutdown(grace);
        for (Extra e : extras) {
            Asyncio.toThread(() -> {
                e.thread().join();
                return null;
            });
        }
        for (Coroutine<?> hook : app.shutdownHooks()) Asyncio.await(hook);
        HttpConnection.LOG.log(INFO, "server on port " + port() + " shut down");
    }
}
