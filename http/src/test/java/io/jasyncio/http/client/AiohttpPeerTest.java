package io.jasyncio.http.client;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.http.Headers;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against aiohttp.web (a server we did not write), on a real-clock loop over 127.0.0.1. */
class AiohttpPeerTest {
    record User(int id, String name) {
    }

    record Echo(String method, String path, Map<String, String> headers, String body) {
    }

    private static PythonPeer peer;

    @BeforeAll
    static void startPeer() throws Exception {
        peer = PythonPeer.start("aiohttp_server.py", "aiohttp");
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    private static String url(String path) {
        return peer.url(path);
    }

    @Test
    void textAndTypedJson() {
        run(() -> {
            try (var session = ClientSession.create()) {
                try (var resp = session.get(url("/hello"))) {
                    assertEquals(200, resp.status());
                    assertEquals("OK", resp.reason());
                    assertEquals("text/plain", resp.contentType());
                    assertEquals("Hello, World!", resp.text());
                }
                try (var resp = session.get(url("/users/3"))) {
                    assertEquals(new User(3, "user3"), resp.json(User.class));
                }
            }
            return null;
        });
    }

    @Test
    void fiveSlowUsersUnderGatherTakeAsLongAsOne() {
        run(() -> {
            try (var session = ClientSession.create()) {
                double t0 = getRunningLoop().time();
                List<User> users = gather(List.of(1, 2, 3, 4, 5).stream().<io.jasyncio.Coroutine<User>>map(id -> () -> {
                    try (var resp = session.get(url("/users/" + id + "?delay=1"))) {
                        return resp.json(User.class);
                    }
                }).toList());
                double took = getRunningLoop().time() - t0;
                assertEquals(List.of(1, 2, 3, 4, 5), users.stream().map(User::id).toList());
                assertTrue(took < 4, "five 1 s requests at once took " + took + " s");
                assertEquals(5, session.pool().idleCount(), "five connections, all back in the pool");
            }
            return null;
        });
    }

    @Test
    void keepAliveReusesOneConnection() {
        run(() -> {
            try (var session = ClientSession.create()) {
                for (int i = 0; i < 20; i++) {
                    try (var resp = session.get(url("/hello"))) {
                        assertEquals("Hello, World!", resp.text());
                    }
                }
                assertEquals(1, session.pool().openedCount());
                assertEquals(1, session.pool().idleCount());
                assertEquals(0, session.pool().acquiredCount());
            }
            return null;
        });
    }

    @Test
    void queryParamsHeadersAndBodies() {
        run(() -> {
            try (var session = ClientSession.builder().headers(Headers.of("X-Session", "s")).build()) {
                try (var resp = session.get(url("/echo?a=1"), RequestOptions.params("q", "a b&c", "n", "2").withHeader("X-Req", "r"))) {
                    Echo e = resp.json(Echo.class);
                    assertEquals("GET", e.method());
                    assertEquals("/echo?a=1&q=a+b%26c&n=2", e.path());
                    assertEquals("s", e.headers().get("X-Session"));
                    assertEquals("r", e.headers().get("X-Req"));
                    assertEquals("gzip, deflate", e.headers().get("Accept-Encoding"));
                }
                try (var resp = session.post(url("/echo"), RequestOptions.json(new User(7, "ada")))) {
                    Echo e = resp.json(Echo.class);
                    assertEquals("POST", e.method());
                    assertEquals("application/json", e.headers().get("Content-Type"));
                    assertEquals("{\"id\":7,\"name\":\"ada\"}", e.body());
                }
                try (var resp = session.put(url("/echo"), RequestOptions.form(Map.of("k", "v w")))) {
                    Echo e = resp.json(Echo.class);
                    assertEquals("PUT", e.method());
                    assertEquals("k=v+w", e.body());
                    assertEquals("application/x-www-form-urlencoded", e.headers().get("Content-Type"));
                }
                try (var resp = session.patch(url("/echo"), RequestOptions.data("raw".getBytes(StandardCharsets.UTF_8), "text/plain"))) {
                    Echo e = resp.json(Echo.class);
                    assertEquals("PATCH", e.method());
                    assertEquals("raw", e.body());
                    assertEquals("3", e.headers().get("Content-Length"));
                }
                try (var resp = session.delete(url("/echo"))) {
                    assertEquals("DELETE", resp.json(Echo.class).method());
                }
                try (var resp = session.head(url("/hello"))) {
                    assertEquals(200, resp.status());
                    assertEquals(0, resp.read().length);
                }
                try (var resp = session.get(url("/hello"))) {
                    assertEquals("Hello, World!", resp.text(), "the connection after HEAD is still in step");
                }
            }
            return null;
        });
    }

    @Test
    void streamingUploadIsChunked() {
        run(() -> {
            try (var session = ClientSession.create()) {
                AsyncGenerator<byte[]> chunks = Asyncio.asyncGenerator(out -> {
                    for (int i = 0; i < 50; i++) {
                        sleep(0);
                        out.yield(new byte[10_000]);
                    }
                });
                try (var resp = session.post(url("/upload"), RequestOptions.stream(chunks, "application/octet-stream"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> r = (Map<String, Object>) resp.json();
                    assertEquals(500_000, r.get("bytes"));
                    assertEquals("chunked", r.get("chunked"));
                }
            }
            return null;
        });
    }

    @Test
    void gzipAndDeflateAreDecoded() {
        run(() -> {
            String expected = "jasyncio ".repeat(2000);
            try (var session = ClientSession.create()) {
                for (String path : List.of("/gzip", "/deflate")) {
                    try (var resp = session.get(url(path))) {
                        assertTrue(resp.headers().contains("Content-Encoding"));
                        assertEquals(expected, resp.text(), path);
                    }
                }
            }
            return null;
        });
    }

    @Test
    void linesArriveAsTheServerWritesThem() {
        run(() -> {
            try (var session = ClientSession.create()) {
                List<String> got = new ArrayList<>();
                try (var resp = session.get(url("/lines?n=5"))) {
                    for (String line : resp.lines()) {
                        got.add(line);
                    }
                }
                assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4"), got);
                List<String> raw = new ArrayList<>();
                try (var resp = session.get(url("/lines?n=3"))) {
                    for (byte[] line : resp.content()) {               // async for line in resp.content
                        raw.add(new String(line, StandardCharsets.UTF_8));
                    }
                }
                assertEquals(List.of("line 0\n", "line 1\n", "line 2\n"), raw);
                assertEquals(1, session.pool().openedCount(), "a chunked body read to its end keeps the connection");
            }
            return null;
        });
    }

    @Test
    void redirectsAreFollowedForGetAndLimited() {
        run(() -> {
            try (var session = ClientSession.create()) {
                try (var resp = session.get(url("/redirect/3"))) {
                    assertEquals(200, resp.status());
                    assertEquals("arrived", resp.text());
                    assertEquals(3, resp.history().size());
                    assertEquals(302, resp.history().get(0).status());
                    assertTrue(resp.url().endsWith("/redirect/0"));
                }
                var e = assertThrows(ClientError.TooManyRedirects.class, () -> session.get(url("/redirect/11")));
                assertTrue(e.getMessage().contains("/redirect/11"), e.getMessage());
                try (var resp = session.get(url("/redirect/2"), RequestOptions.NONE.withMaxRedirects(2))) {
                    assertEquals("arrived", resp.text());
                }
                try (var resp = session.post(url("/redirect-to?url=/hello"), RequestOptions.data(new byte[0], "text/plain"))) {
                    assertEquals(302, resp.status(), "POST is not followed by default");
                }
                try (var resp = session.get(url("/redirect/1"), RequestOptions.NONE.withAllowRedirects(false))) {
                    assertEquals(302, resp.status());
                }
            }
            return null;
        });
    }

    @Test
    void authorizationNeverCrossesHosts() {
        run(() -> {
            try (var session = ClientSession.create()) {
                var auth = RequestOptions.NONE.withBasicAuth("ada", "secret");
                String sameHost = url("/redirect-to?url=" + java.net.URLEncoder.encode(url("/echo"), StandardCharsets.UTF_8));
                try (var resp = session.get(sameHost, auth)) {
                    assertTrue(resp.json(Echo.class).headers().containsKey("Authorization"));
                }
                String other = "http://localhost:" + peer.port + "/echo";
                try (var resp = session.get(url("/redirect-to?url=" + java.net.URLEncoder.encode(other, StandardCharsets.UTF_8)), auth)) {
                    Echo e = resp.json(Echo.class);
                    assertEquals("/echo", e.path());
                    assertFalse(e.headers().containsKey("Authorization"), "dropped on the way to another host");
                }
            }
            return null;
        });
    }

    @Test
    void cookiesAreKeptAndSent() {
        run(() -> {
            String base = "http://localhost:" + peer.port;
            try (var session = ClientSession.create()) {
                session.get(base + "/cookies/set?name=sid&value=abc").close();
                try (var resp = session.get(base + "/cookies")) {
                    assertEquals(Map.of("sid", "abc"), resp.json());
                }
                assertEquals(Map.of("sid", "abc"), session.cookieJar().filterCookies(base + "/"));
            }
            try (var session = ClientSession.builder().noCookies().build()) {
                session.get(base + "/cookies/set?name=sid&value=abc").close();
                try (var resp = session.get(base + "/cookies")) {
                    assertEquals(Map.of(), resp.json());
                }
            }
            return null;
        });
    }

    @Test
    void raiseForStatusNamesTheUrl() {
        run(() -> {
            try (var session = ClientSession.create()) {
                try (var resp = session.get(url("/status/404"))) {
                    assertFalse(resp.ok());
                    var e = assertThrows(ClientError.ResponseStatus.class, resp::raiseForStatus);
                    assertEquals(404, e.status());
                    assertTrue(e.getMessage().contains("404") && e.getMessage().contains("/status/404"), e.getMessage());
                }
            }
            try (var session = ClientSession.builder().raiseForStatus(true).build()) {
                assertThrows(ClientError.ResponseStatus.class, () -> session.get(url("/status/500")));
                assertEquals(0, session.pool().acquiredCount());
            }
            return null;
        });
    }

    @Test
    void timeoutsNameTheUrlAndTheLimit() {
        run(() -> {
            try (var session = ClientSession.builder().timeout(ClientTimeout.DEFAULT.withSockRead(0.2)).build()) {
                var e = assertThrows(ClientTimeoutError.class, () -> session.get(url("/slow?delay=5")));
                assertEquals("sockRead", e.limit());
                assertTrue(e.getMessage().contains("/slow"), e.getMessage());
                try (var resp = session.get(url("/stream-slow?delay=5"))) {
                    assertEquals(200, resp.status());
                    var e2 = assertThrows(ClientTimeoutError.class, resp::read);
                    assertEquals("sockRead", e2.limit());
                }
                assertEquals(0, session.pool().acquiredCount());
                try (var resp = session.get(url("/hello"))) {
                    assertEquals("Hello, World!", resp.text(), "the session works on");
                }
            }
            try (var session = ClientSession.builder().timeout(ClientTimeout.ofTotal(0.3)).build()) {
                double t0 = getRunningLoop().time();
                var e = assertThrows(ClientTimeoutError.class, () -> session.get(url("/slow?delay=5")));
                assertEquals("total", e.limit());
                assertInstanceOf(io.jasyncio.TimeoutError.class, e);
                try (var resp = session.get(url("/stream-slow?delay=5"))) {
                    var e2 = assertThrows(ClientTimeoutError.class, resp::read);
                    assertEquals("total", e2.limit());
                }
                assertTrue(getRunningLoop().time() - t0 < 4);
                assertEquals(0, session.pool().acquiredCount());
            }
            return null;
        });
    }

    @Test
    void theConnectLimitCoversWaitingForAPoolSlot() {
        run(() -> {
            try (var session = ClientSession.builder().limit(1).timeout(ClientTimeout.DEFAULT.withConnect(0.2)).build()) {
                try (var held = session.get(url("/stream-slow?delay=5"))) {   // holds the only slot
                    assertEquals(200, held.status());
                    var e = assertThrows(ClientTimeoutError.class, () -> session.get(url("/hello")));
                    assertEquals("connect", e.limit());
                    assertTrue(e.getMessage().contains("/hello"), e.getMessage());
                }
                try (var resp = session.get(url("/hello"))) {
                    assertEquals("Hello, World!", resp.text(), "the slot is free again once the first response closed");
                }
            }
            return null;
        });
    }

    @Test
    void cancellingMidRequestClosesOnlyThatConnection() {
        run(() -> {
            try (var session = ClientSession.create()) {
                session.get(url("/hello")).close();
                Task<Object> slow = createTask(() -> session.get(url("/slow?delay=5")));
                sleep(0.2);
                slow.cancel();
                assertThrows(CancelledError.class, slow::call);
                assertEquals(0, session.pool().acquiredCount());
                try (var resp = session.get(url("/hello"))) {
                    assertEquals("Hello, World!", resp.text());
                }
            }
            return null;
        });
    }

    @Test
    void poolLimitsAndFifoWaiters() {
        run(() -> {
            try (var session = ClientSession.builder().limit(1).build()) {
                List<Integer> order = new ArrayList<>();
                List<Task<Object>> tasks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    tasks.add(createTask(() -> {
                        try (var resp = session.get(url("/users/" + id + "?delay=0.05"))) {
                            resp.read();
                            order.add(id);
                        }
                        return null;
                    }));
                    sleep(0); // start in order
                }
                for (Task<Object> t : tasks) {
                    t.call();
                }
                assertEquals(List.of(0, 1, 2, 3, 4), order);
                assertEquals(1, session.pool().openedCount());
            }
            try (var session = ClientSession.builder().limit(10).limitPerHost(2).build()) {
                int[] max = {0};
                gather(List.of(1, 2, 3, 4, 5, 6).stream().<io.jasyncio.Coroutine<Object>>map(id -> () -> {
                    try (var resp = session.get(url("/users/" + id + "?delay=0.05"))) {
                        max[0] = Math.max(max[0], session.pool().acquiredCount());
                        return resp.read();
                    }
                }).toList());
                assertEquals(2, max[0]);
                assertEquals(2, session.pool().openedCount());
            }
            return null;
        });
    }

    @Test
    void connectionErrorsNameTheUrl() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        run(() -> {
            try (var session = ClientSession.create()) {
                String refused = "http://127.0.0.1:" + free + "/x";
                var e = assertThrows(ClientError.Connector.class, () -> session.get(refused));
                assertTrue(e.getMessage().contains(refused), e.getMessage());
                assertEquals(refused, e.url());
                var d = assertThrows(ClientError.Connector.class, () -> session.get("http://no-such-host.invalid/"));
                assertTrue(d.getMessage().contains("cannot resolve host no-such-host.invalid"), d.getMessage());
                assertThrows(ClientError.InvalidUrl.class, () -> session.get("ftp://127.0.0.1/"));
                assertThrows(ClientError.InvalidUrl.class, () -> session.get("/relative"));
                assertEquals(0, session.pool().acquiredCount());
            }
            var closed = ClientSession.create();
            closed.close();
            assertThrows(ClientError.SessionClosed.class, () -> closed.get(url("/hello")));
            return null;
        });
    }

    @Test
    void baseUrlResolvesRelativeUrls() {
        run(() -> {
            try (var session = ClientSession.builder().baseUrl(url("/")).build()) {
                try (var resp = session.get("users/9")) {
                    assertEquals(new User(9, "user9"), resp.json(User.class));
                }
                assertNull(session.cookieJar().filterCookies(url("/")).get("none"));
            }
            return null;
        });
    }
}
