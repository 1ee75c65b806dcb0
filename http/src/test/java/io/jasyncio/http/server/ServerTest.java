package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.ContextVar;
import io.jasyncio.sync.Event;
import io.jasyncio.http.Headers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The server over real sockets on 127.0.0.1 with a byte-exact client: routing, bodies, HTTP/1.1 semantics. */
class ServerTest {

    record User(int id, String name) {
    }

    interface Body {
        void run(int port) throws Exception;
    }

    /** Runs {@code body} against a server for {@code app}, then shuts it down (within a generous bound). */
    static void withServer(App app, ServerConfig config, Body body) {
        Asyncio.run(() -> Asyncio.timeout(60, () -> {
            HttpServer s = HttpServer.start(app, "127.0.0.1", 0, config);
            try {
                body.run(s.port());
            } finally {
                s.shutdown();
            }
            return null;
        }));
    }

    static void withServer(App app, Body body) {
        withServer(app, ServerConfig.defaults(), body);
    }

    static App sample() {
        App app = new App();
        app.get("/", r -> "Hello, World!");
        app.get("/users/{id}", r -> new User(r.pathParamInt("id"), r.queryParam("name", "ada")));
        app.post("/users", r -> Response.json(201, r.json(User.class)));
        app.post("/echo", r -> Response.bytes(r.body(), "application/octet-stream"));
        app.get("/files/{rest...}", r -> r.pathParam("rest"));
        app.get("/boom", r -> {
            throw new IllegalStateException("secret database password");
        });
        app.get("/sleep", r -> {
            Asyncio.sleep(0.05);
            return "slept";
        });
        return app;
    }

    @Test
    void routesPathAndQueryParametersAndJsonBothWays() {
        withServer(sample(), port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /users/7?name=grace%20h HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals(200, r.status());
                assertEquals("application/json", r.headers().get("Content-Type"));
                assertEquals("{\"id\":7,\"name\":\"grace h\"}", r.body());
                assertNotNull(r.headers().get("Date"));

                String json = "{\"id\":3,\"name\":\"lin\"}";
                c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length() + "\r\n\r\n" + json);
                r = c.read();
                assertEquals(201, r.status());
                assertEquals(json, r.body());

                c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{bad}");
                r = c.read();
                assertEquals(422, r.status());
                assertTrue(r.body().contains("detail"), r.body());

                c.send("GET /files/a/b%20c.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("a/b c.txt", c.read().body());

                c.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(404, c.read().status());

                c.send("DELETE /users/1 HTTP/1.1\r\nHost: x\r\n\r\n");
                r = c.read();
                assertEquals(405, r.status());
                assertEquals("GET, HEAD", r.headers().get("Allow"));
            }
        });
    }

    @Test
    void handlerExceptionIs500WithoutTheStackTraceAndTheConnectionLives() {
        withServer(sample(), port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals(500, r.status());
                assertFalse(r.body().contains("secret"), r.body());
                assertFalse(r.body().contains("Exception"), r.body());
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("Hello, World!", c.read().body());
            }
        });
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstSuspends() {
        withServer(sample(), port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\nGET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("slept", c.read().body());
                assertEquals("{\"id\":1,\"name\":\"ada\"}", c.read().body());
                assertEquals("abc", c.read().body());
                assertEquals("Hello, World!", c.read().body());
            }
        });
    }

    @Test
    void http10ClosesUnlessKeepAliveAndConnectionCloseIsHonoured() {
        withServer(sample(), port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET / HTTP/1.0\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals("Hello, World!", r.body());
                assertEquals("close", r.headers().get("Connection"));
                assertTrue(c.atEof());
            }
            try (RawClient c = new RawClient(port)) {
                c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertEquals("keep-alive", c.read().headers().get("Connection"));
                c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals("close", c.read().headers().get("Connection"));
                assertTrue(c.atEof());
            }
        });
    }

    @Test
    void headHasTheGetHeadersAndNoBody() {
        withServer(sample(), port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read(true);
                assertEquals(200, r.status());
                assertEquals("13", r.headers().get("Content-Length"));
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // the next response starts right after the head
                assertEquals("Hello, World!", c.read().body());
            }
        });
    }

    @Test
    void chunkedRequestBodyAndExpectContinue() {
        withServer(sample(), port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
                assertEquals("hello world", c.read().body());

                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
                assertEquals(100, c.read().status()); // only once the handler reads the body
                c.send("data");
                assertEquals("data", c.read().body());
            }
        });
    }

    @Test
    void limitsAnswerWithTheirStatusAndCloseOnlyThatConnection() {
        App app = sample();
        app.post("/big", r -> String.valueOf(r.body().length)).maxBodyBytes(64);
        withServer(app, ServerConfig.defaults().withMaxBodyBytes(16).withMaxHeadBytes(1024), port -> {
            try (RawClient other = new RawClient(port)) {
                other.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, other.read().status());
                try (RawClient c = new RawClient(port)) {
                    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n");
                    RawClient.Resp r = c.read();
                    assertEquals(413, r.status());
                    assertEquals("close", r.headers().get("Connection"));
                    assertTrue(c.atEof());
                }
                try (RawClient c = new RawClient(port)) { // chunked: found out midway
                    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n");
                    assertEquals(413, c.read().status());
                    assertTrue(c.atEof());
                }
                try (RawClient c = new RawClient(port)) { // the route raised its limit
                    c.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n" + "x".repeat(40));
                    assertEquals("40", c.read().body());
                }
                try (RawClient c = new RawClient(port)) {
                    c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
                    assertEquals(431, c.read().status());
                    assertTrue(c.atEof());
                }
                try (RawClient c = new RawClient(port)) {
                    c.send("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    int st = c.read().status();
                    assertTrue(st == 414 || st == 431, "status " + st);
                }
                other.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // untouched by the others' failures
                assertEquals("Hello, World!", other.read().body());
            }
        });
    }

    @Test
    void smugglingShapesAreRejectedWith400() {
        String[] bad = {
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        };
        withServer(sample(), port -> {
            for (String raw : bad) {
                try (RawClient c = new RawClient(port)) {
                    c.send(raw);
                    RawClient.Resp r = c.read();
                    assertEquals(400, r.status(), raw);
                    assertTrue(c.atEof(), raw);
                }
            }
        });
    }

    @Test
    void middlewareAndHandlerShareAContextVarAndEachRequestStartsClean() {
        ContextVar<String> user = new ContextVar<>("user", "none");
        List<String> seenAfter = new ArrayList<>();
        App app = new App();
        app.use((req, next) -> {
            String before = user.get();
            user.set(req.header("X-User"));
            Response r = Response.of(next.handle(req));
            seenAfter.add(user.get()); // what the handler set is visible here (same task, same context)
            return r.header("X-Before", before);
        });
        app.get("/", req -> {
            String u = user.get();
            user.set(u + "!");
            assertSame(req, Request.current());
            return u;
        });
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\nX-User: ada\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nX-User: bob\r\n\r\n");
                RawClient.Resp a = c.read(), b = c.read();
                assertEquals("ada", a.body());
                assertEquals("bob", b.body());
                assertEquals("none", b.headers().get("X-Before")); // nothing leaks from the first request
            }
        });
        assertEquals(List.of("ada!", "bob!"), seenAfter);
    }

    @Test
    void exceptionHandlersMapTypesToResponses() {
        App app = new App();
        app.exceptionHandler(IllegalArgumentException.class, (req, e) -> Response.json(400, Map.of("error", e.getMessage())));
        app.get("/", req -> {
            throw new IllegalArgumentException("bad x");
        });
        app.get("/teapot", req -> {
            throw new HttpException(418, "short and stout", Headers.of("X-Tea", "earl grey"));
        });
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals(400, r.status());
                assertEquals("{\"error\":\"bad x\"}", r.body());
                c.send("GET /teapot HTTP/1.1\r\nHost: x\r\n\r\n");
                r = c.read();
                assertEquals(418, r.status());
                assertEquals("earl grey", r.headers().get("X-Tea"));
                assertEquals("{\"detail\":\"short and stout\"}", r.body());
            }
        });
    }

    @Test
    void streamingResponseAndServerSentEvents() {
        App app = new App();
        app.get("/stream", req -> Response.stream("text/plain", out -> {
            for (int i = 0; i < 3; i++) out.write("part" + i + ";");
        }));
        app.get("/events", req -> Response.sse(events -> {
            events.send("hello");
            events.send("tick", "line1\nline2", "7");
        }));
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals("chunked", r.headers().get("Transfer-Encoding"));
                assertEquals("part0;part1;part2;", r.body());
                c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
                r = c.read();
                assertEquals("text/event-stream", r.headers().get("Content-Type"));
                assertEquals("data: hello\n\nid: 7\nevent: tick\ndata: line1\ndata: line2\n\n", r.body());
            }
            try (RawClient c = new RawClient(port)) { // HTTP/1.0: no chunking, the body ends with the connection
                c.send("GET /stream HTTP/1.0\r\n\r\n");
                RawClient.Resp r = c.read();
                assertNull(r.headers().get("Transfer-Encoding"));
                assertEquals("part0;part1;part2;", r.body());
            }
        });
    }

    @Test
    void aSlowClientPausesTheProducer() {
        AtomicReference<Integer> writtenWhenPaused = new AtomicReference<>();
        Event started = new Event();
        App app = new App();
        byte[] chunk = new byte[64 * 1024];
        app.get("/flood", req -> Response.stream("application/octet-stream", out -> {
            started.set();
            for (int i = 0; i < 10_000; i++) {
                out.write(chunk);
                writtenWhenPaused.set(i + 1);
            }
        }));
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
                started.await();
                Asyncio.sleep(0.3); // the client reads nothing meanwhile
                int n = writtenWhenPaused.get();
                assertTrue(n < 1000, "the producer ran ahead of a client that reads nothing: " + n + " chunks of 64 KiB");
            }
        });
    }

    @Test
    void clientDisconnectCancelsTheHandler() {
        Event started = new Event();
        Event cancelled = new Event();
        App app = new App();
        app.get("/slow", req -> {
            started.set();
            try {
                Asyncio.sleep(30);
            } catch (io.jasyncio.CancelledError e) {
                cancelled.set();
                throw e;
            }
            return "late";
        });
        withServer(app, port -> {
            RawClient c = new RawClient(port);
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            c.writer.transport().abort();
            Asyncio.timeout(10, () -> {
                cancelled.await();
                return null;
            });
        });
    }

    @Test
    void upgradeHandsOverTheConnectionWithBytesSentAfterTheHead() {
        App app = new App();
        app.get("/up", req -> {
            Upgraded u = req.upgrade(Headers.of("Upgrade", "echo", "Connection", "Upgrade"));
            byte[] first = u.reader().readexactly(5);
            u.writer().write(("got " + new String(first, StandardCharsets.UTF_8)).getBytes());
            u.writer().drain();
            byte[] second = u.reader().readexactly(3);
            u.writer().write(second);
            u.writer().drain();
            return null;
        });
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nhello");
                RawClient.Resp r = c.read(true);
                assertEquals(101, r.status());
                assertEquals("echo", r.headers().get("Upgrade"));
                assertEquals("got hello", new String(c.reader.readexactly(9), StandardCharsets.UTF_8));
                c.send("xyz");
                assertEquals("xyz", new String(c.reader.readexactly(3), StandardCharsets.UTF_8));
                assertTrue(c.atEof()); // the handler returned: the server closed
            }
        });
    }

    @Test
    void staticFilesAreServedAndTraversalIsRefused() throws IOException {
        Path dir = Files.createTempDirectory("static");
        Files.writeString(dir.resolve("a.txt"), "file body");
        Files.writeString(dir.getParent().resolve("secret-" + dir.getFileName()), "no");
        App app = new App().staticFiles("/static", dir);
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                c.send("GET /static/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals("file body", r.body());
                assertEquals("text/plain; charset=utf-8", r.headers().get("Content-Type"));
                c.send("GET /static/../secret-" + dir.getFileName() + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(404, c.read().status());
                c.send("GET /static/%2e%2e/secret-" + dir.getFileName() + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(404, c.read().status());
                c.send("GET /static/missing.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(404, c.read().status());
            }
        });
    }

    @Test
    void maxConnectionsAnswers503() {
        withServer(sample(), ServerConfig.defaults().withMaxConnections(1), port -> {
            try (RawClient a = new RawClient(port)) {
                a.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, a.read().status());
                try (RawClient b = new RawClient(port)) {
                    assertEquals(503, b.read().status());
                    assertTrue(b.atEof());
                }
                a.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, a.read().status());
            }
        });
    }

    @Test
    void gracefulShutdownFinishesInFlightRequestsAndRunsTheLifespanHooks() {
        List<String> events = new ArrayList<>();
        App app = new App();
        app.onStartup(() -> events.add("startup"));
        app.onShutdown(() -> events.add("shutdown"));
        Event started = new Event();
        app.get("/slow", req -> {
            started.set();
            Asyncio.sleep(0.2);
            events.add("handler done");
            return "done";
        });
        Asyncio.run(() -> Asyncio.timeout(60, () -> {
            HttpServer s = HttpServer.start(app, "127.0.0.1", 0);
            try (RawClient c = new RawClient(s.port()); RawClient idle = new RawClient(s.port())) {
                c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                started.await();
                var shutdown = Asyncio.createTask(() -> {
                    s.shutdown();
                    return null;
                });
                RawClient.Resp r = c.read();
                assertEquals("done", r.body());
                assertEquals("close", r.headers().get("Connection"));
                assertTrue(idle.atEof());
                shutdown.call();
            }
            return null;
        }));
        assertEquals(List.of("startup", "handler done", "shutdown"), events);
    }

    @Test
    void shutdownCancelsWhatOutlivesTheGracePeriodIncludingUpgradedHandlers() {
        Event upgraded = new Event();
        AtomicReference<String> outcome = new AtomicReference<>("running");
        App app = new App();
        app.get("/ws", req -> {
            Upgraded u = req.upgrade(Headers.of("Upgrade", "x", "Connection", "Upgrade"));
            upgraded.set();
            try {
                u.reader().read(); // waits for ever: the client sends nothing
            } catch (io.jasyncio.CancelledError e) {
                outcome.set("cancelled");
                throw e;
            }
            return null;
        });
        Asyncio.run(() -> Asyncio.timeout(60, () -> {
            HttpServer s = HttpServer.start(app, "127.0.0.1", 0, ServerConfig.defaults().withGracePeriod(java.time.Duration.ofMillis(200)));
            try (RawClient c = new RawClient(s.port())) {
                c.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n");
                upgraded.await();
                s.shutdown();
            }
            return null;
        }));
        assertEquals("cancelled", outcome.get());
    }

    @Test
    void aLargeBodyIsStreamedInChunksOnARouteThatRaisedItsLimit() {
        App app = new App();
        app.post("/upload", req -> {
            long total = 0;
            int chunks = 0;
            for (byte[] c; (c = req.readChunk()) != null; ) {
                total += c.length;
                chunks++;
            }
            return total + " bytes in " + (chunks > 1 ? "several" : "one") + " chunks";
        }).maxBodyBytes(8 << 20);
        withServer(app, port -> {
            try (RawClient c = new RawClient(port)) {
                int n = 3 << 20; // 3 MiB: over the default limit, under the route's
                c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + n + "\r\n\r\n");
                byte[] block = new byte[64 * 1024];
                for (int sent = 0; sent < n; sent += block.length) {
                    c.writer.write(block);
                    c.writer.drain();
                }
                assertEquals(n + " bytes in several chunks", c.read().body());
            }
        });
    }

    @Test
    void theAccessLogWritesOneLinePerRequest() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.jasyncio.http.access");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            withServer(sample(), ServerConfig.defaults().withAccessLog(true), port -> {
                try (RawClient c = new RawClient(port)) {
                    c.send("GET /users/7 HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
                    c.read();
                    c.read();
                }
            });
        } finally {
            jul.removeHandler(h);
        }
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("\"GET /users/7 HTTP/1.1\" 200 21"), lines.get(0));
        assertTrue(lines.get(1).endsWith("\"GET /nope HTTP/1.1\" 404 22"), lines.get(1));
    }
}
