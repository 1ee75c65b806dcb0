package io.jasyncio.examples.web;

import io.jasyncio.Asyncio;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.http.HttpStatus;
import io.jasyncio.http.client.ClientResponse;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.RequestOptions;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpException;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Request;
import io.jasyncio.http.server.Response;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A FastAPI-style JSON API: records in and out, path and query parameters, a "database" call that
 * suspends the handler (not the server), middleware, an exception handler and lifespan hooks. The Python
 * it mirrors:
 *
 * <pre>{@code
 * app = FastAPI()
 *
 * class User(BaseModel):
 *     id: int
 *     name: str
 *
 * @app.get("/users/{user_id}")
 * async def get_user(user_id: int) -> User:
 *     user = await db.fetch_user(user_id)
 *     if user is None:
 *         raise HTTPException(404, f"no user {user_id}")
 *     return user
 *
 * @app.post("/users", status_code=201)
 * async def create_user(user: User) -> User: ...
 * }</pre>
 *
 * <pre>
 * ./jasyncio example web.UsersApi server [port]   serve on 127.0.0.1:port (8000) until Ctrl+C; try
 *                                                 curl 127.0.0.1:8000/users/1
 * ./jasyncio example web.UsersApi                 the demo: a server on a free port, a few requests, a shutdown
 * </pre>
 */
public final class UsersApi {

    /** The resource: a record is the request and response model (pydantic's {@code BaseModel}). */
    public record User(int id, String name) {
    }

    /** The body of {@code POST /users}: no id yet. */
    public record NewUser(String name) {
    }

    private UsersApi() {
    }

    /** A stand-in database whose calls take a few milliseconds, as a real one's would (they suspend). */
    static final class Db {
        private final Map<Integer, User> users = new TreeMap<>();

        User fetch(int id) {
            Asyncio.sleep(0.005); // await db.fetch_user(id): only this request waits
            return users.get(id);
        }

        User insert(String name) {
            Asyncio.sleep(0.005);
            User u = new User(users.size() + 1, name);
            users.put(u.id(), u);
            return u;
        }

        List<User> all(int limit) {
            Asyncio.sleep(0.005);
            return users.values().stream().limit(limit).toList();
        }
    }

    /**
     * The app. {@code log} gets the lifespan and middleware lines.
     *
     * @param log where the app reports
     * @return the app, ready to serve
     */
    public static App app(PrintStream log) {
        Db db = new Db();
        App app = new App();
        app.onStartup(() -> {                                   // @app.on_event("startup") / lifespan
            db.insert("ada");
            db.insert("grace");
            log.println("startup: 2 users loaded");
            return null;
        });
        app.onShutdown(() -> {
            log.println("shutdown: bye");
            return null;
        });
        app.use((req, next) -> {                                // @app.middleware("http")
            Response r = Response.of(next.handle(req));
            log.println("middleware: " + req.method() + " " + req.target() + " -> " + r.status());
            return r.header("X-Api", "users");
        });
        app.exceptionHandler(NumberFormatException.class,       // @app.exception_handler(ValueError)
                (req, e) -> Response.json(HttpStatus.UNPROCESSABLE_CONTENT, Map.of("detail", "not a number: " + e.getMessage())));

        app.get("/users", req -> db.all(Integer.parseInt(req.queryParam("limit", "10"))));
        app.get("/users/{user_id}", req -> {
            int id = req.pathParamInt("user_id");
            User u = db.fetch(id);
            if (u == null) throw new HttpException(HttpStatus.NOT_FOUND, "no user " + id);
            return u;                                            // a record: sent as JSON
        });
        app.post("/users", req -> {
            NewUser body = req.json(NewUser.class);              // a typed body; bad JSON is a 422
            return Response.json(HttpStatus.CREATED, db.insert(body.name()));
        });
        return app;
    }

    /**
     * The tour's stop.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("web-api", "http: a FastAPI-style JSON API (routes, records, middleware, errors)",
                UsersApi::demo));
    }

    /**
     * {@code server [port]}, or the demo with the tour's options.
     *
     * @param args the mode and port, or the tour's options
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            int port = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            Asyncio.run(() -> {
                HttpServer server = HttpServer.start(app(out), "127.0.0.1", port);
                out.println("serving on http://127.0.0.1:" + server.port() + " (Ctrl+C to stop)");
                server.serveForever();
                return null;
            });
            return;
        }
        Demo.launch("UsersApi", sections(), args);
    }

    /**
     * The demo: a server on a free port, a few requests over one keep-alive connection, a shutdown.
     *
     * @param out where to print
     * @throws IOException if a connection breaks
     */
    public static void demo(PrintStream out) throws IOException {
        HttpServer server = HttpServer.start(app(out), "127.0.0.1", 0);
        String base = "http://127.0.0.1:" + server.port();
        try (ClientSession c = ClientSession.create()) { // one keep-alive connection: the requests go one by one
            out.println(request(c, base, "GET", "/users/1", null));
            out.println(request(c, base, "POST", "/users", "{\"name\":\"linus\"}"));
            out.println(request(c, base, "GET", "/users?limit=5", null));
            out.println(request(c, base, "GET", "/users/42", null));
            out.println(request(c, base, "GET", "/users/abc", null));
            String bad = request(c, base, "POST", "/users", "{\"name\": }");
            out.println(bad.substring(0, bad.indexOf("JSON") + 4) + " ...\"} (and where the parser stopped)");
        }
        server.shutdown();
    }

    /** One request with the HTTP client; returns "METHOD target -> status body". */
    private static String request(ClientSession c, String base, String method, String target, String json) throws IOException {
        RequestOptions body = json == null ? RequestOptions.NONE
                : RequestOptions.data(json.getBytes(StandardCharsets.UTF_8), "application/json");
        try (ClientResponse resp = c.request(method, base + target, body)) {
            return method + " " + target + " -> " + resp.status() + " " + resp.text();
        }
    }

    /** Unused, for the class comment: the request of the running handler, as a context variable. */
    static Request current() {
        return Request.current();
    }
}
