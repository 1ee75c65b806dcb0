package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.testing.AsyncioTest;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The header, idle and body timeouts, on virtual time: the clock jumps while the client is silent. */
class TimeoutTest {

    static ServerConfig config() {
        return ServerConfig.defaults().withHeaderTimeout(Duration.ofSeconds(10)).withIdleTimeout(Duration.ofSeconds(60));
    }

    static App app() {
        App app = new App();
        app.get("/", r -> "Hello, World!");
        app.post("/echo", r -> Response.bytes(r.body(), "application/octet-stream"));
        return app;
    }

    @AsyncioTest
    void aSlowRequestHeadGets408AndTheConnectionCloses(EventLoop loop) throws Exception {
        HttpServer s = HttpServer.start(app(), "127.0.0.1", 0, config());
        try (RawClient c = new RawClient(s.port())) {
            double t0 = loop.time();
            c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow"); // slowloris: never finishes the head
            RawClient.Resp r = c.read();
            assertEquals(408, r.status());
            assertTrue(c.atEof());
            double waited = loop.time() - t0;
            assertTrue(waited >= 10 && waited <= 12, "408 after " + waited + " s");
        } finally {
            s.shutdown();
        }
    }

    @AsyncioTest
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout(EventLoop loop) throws Exception {
        HttpServer s = HttpServer.start(app(), "127.0.0.1", 0, config());
        try (RawClient c = new RawClient(s.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.read().status());
            double t0 = loop.time();
            assertTrue(c.atEof());
            double waited = loop.time() - t0;
            assertTrue(waited >= 60 && waited <= 62, "closed after " + waited + " s");
            assertEquals(0, s.connectionCount());
        } finally {
            s.shutdown();
        }
    }

    @AsyncioTest
    void aStalledBodyGets408(EventLoop loop) throws Exception {
        HttpServer s = HttpServer.start(app(), "127.0.0.1", 0, config());
        try (RawClient c = new RawClient(s.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            RawClient.Resp r = c.read();
            assertEquals(408, r.status());
            assertTrue(c.atEof());
        } finally {
            s.shutdown();
        }
    }

    @AsyncioTest
    void aBusyHandlerIsNotTimedOut(EventLoop loop) throws Exception {
        App app = app();
        app.get("/slow", r -> {
            Asyncio.sleep(300); // longer than both timeouts: a handler's time is its own business
            return "done";
        });
        HttpServer s = HttpServer.start(app, "127.0.0.1", 0, config());
        try (RawClient c = new RawClient(s.port())) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("done", c.read().body());
        } finally {
            s.shutdown();
        }
    }
}
