package io.jasyncio.http.client;

import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The snippet of docs/http-client.md, as it is there, against the project's own server (started here); and the
 * client's keep-alive with that server.
 */
class HttpClientDocTest {
    record User(int id, String name) {
    }

    private static String base;

    // --- docs/http-client.md, "A first request" (keep in step) ---
    static User fetchUser(ClientSession session, int id) throws IOException {
        try (var resp = session.get(base + "/users/" + id)) {          // async with session.get(url) as resp:
            resp.raiseForStatus();
            return resp.json(User.class);                             //     return await resp.json()
        }
    }

    static List<Object> example() throws IOException {
        List<Object> seen = new ArrayList<>();
        try (var session = ClientSession.create()) {                    // async with aiohttp.ClientSession() as session:
            List<User> users = gather(() -> fetchUser(session, 1), () -> fetchUser(session, 2));
            seen.add(users);                                            // [User[id=1, ...], User[id=2, ...]]
            try (var resp = session.post(base + "/users", RequestOptions.json(new User(3, "ada")))) {
                seen.add(resp.status());                                // 201
            }
            try (var resp = session.get(base + "/lines")) {
                for (String line : resp.lines()) {                      // async for line in resp.content:
                    seen.add(line);
                }
            }
        }
        return seen;
    }
    // --- end of the snippet ---

    static App api() {
        App app = new App();
        app.get("/users/{id}", req -> new User(req.pathParamInt("id"), "user" + req.pathParamInt("id")));
        app.post("/users", req -> Response.json(201, req.json(User.class)));
        app.get("/lines", req -> Response.stream("text/plain", out -> {
            out.write("one\n");
            out.write("two\n");
        }));
        return app;
    }

    @Test
    void theDocSnippetRunsAgainstTheProjectsServer() {
        run(() -> {
            HttpServer server = HttpServer.start(api(), "127.0.0.1", 0);
            try {
                base = "http://127.0.0.1:" + server.port();
                assertEquals(List.of(List.of(new User(1, "user1"), new User(2, "user2")), 201, "one", "two"), example());
            } finally {
                server.shutdown();
            }
            return null;
        });
    }

    @Test
    void theProjectsServerKeepsTheConnectionAlive() {
        run(() -> {
            HttpServer server = HttpServer.start(api(), "127.0.0.1", 0);
            try (var session = ClientSession.builder().timeout(ClientTimeout.ofTotal(30)).build()) {
                base = "http://127.0.0.1:" + server.port();
                for (int i = 0; i < 50; i++) {
                    assertEquals(new User(i, "user" + i), fetchUser(session, i));
                    try (var resp = session.post(base + "/users", RequestOptions.json(new User(i, "x")))) {
                        assertEquals(new User(i, "x"), resp.json(User.class));
                    }
                }
                assertEquals(1, session.pool().openedCount());
            } finally {
                server.shutdown();
            }
            return null;
        });
    }
}
