package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The snippet of docs/http-server.md, compiled and run: the server answers, then Ctrl+C (a cancel) stops it. */
class DocSnippetTest {

    record User(int id, String name) {}
    record NewUser(String name) {}

    @Test
    void theDocSnippetServesAndStops() {
        // docs/http-server.md, first snippet (port 0 instead of 8000; a client instead of Ctrl+C)
        App app = new App();
        app.get("/users/{id}", req -> new User(req.pathParamInt("id"), req.queryParam("name", "ada")));
        app.post("/users", req -> Response.json(201, new User(7, req.json(NewUser.class).name())));
        app.get("/slow", req -> {
            Asyncio.sleep(0.1);                    // parks this request's task only
            return "done";
        });
        app.use((req, next) -> Response.of(next.handle(req)).header("X-Served-By", "jasyncio"));

        Asyncio.run(() -> {
            HttpServer server = HttpServer.start(app, "127.0.0.1", 0);
            Task<Void> serving = Asyncio.createTask(() -> {
                server.serveForever();
                return null;
            });
            try (RawClient c = new RawClient(server.port())) {
                c.send("GET /users/3 HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Resp r = c.read();
                assertEquals("{\"id\":3,\"name\":\"ada\"}", r.body());
                assertEquals("jasyncio", r.headers().get("X-Served-By"));
                c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 14\r\n\r\n{\"name\":\"lin\"}");
                r = c.read();
                assertEquals(201, r.status());
                assertEquals("{\"id\":7,\"name\":\"lin\"}", r.body());
                c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("done", c.read().body());
            }
            serving.cancel();                      // what Ctrl+C does to the main task
            assertThrows(io.jasyncio.CancelledError.class, () -> Asyncio.await(serving));
            assertEquals(0, server.connectionCount());
            return null;
        });
    }
}
