package io.jasyncio.examples.db;

import io.jasyncio.Asyncio;
import io.jasyncio.db.Database;
import io.jasyncio.db.DatabaseError;
import io.jasyncio.db.Pool;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpException;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;
import io.jasyncio.streams.Streams;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JSON REST API over a database with a pool: CRUD on one table, a transfer in a transaction, and a
 * streaming CSV export from a cursor. SQLite by default (no server needed), PostgreSQL when a DSN is
 * given:
 *
 * <pre>
 * ./jasyncio example db.ItemsApi server [port] [dsn]     serve on 127.0.0.1 (port 8080, sqlite:items.db)
 * ./jasyncio demo --only db-rest                         the tour's section: a client run against it
 *
 * POST   /items              {"name": "apple", "quantity": 10}   201 and the item; 409 if the name is taken
 * GET    /items              every item
 * GET    /items/{id}         one item, or 404
 * PUT    /items/{id}         {"name": ..., "quantity": ...}
 * DELETE /items/{id}         204, or 404
 * POST   /transfers          {"from": 1, "to": 2, "quantity": 3}  both items after the move; 409 if refused
 * GET    /export.csv         every item as CSV, streamed chunk by chunk
 * </pre>
 */
public final class ItemsApi {

    private ItemsApi() {
    }

    /** An item as a client sends it. */
    record NewItem(String name, int quantity) {
    }

    /** An error body. */
    record Problem(String error) {
    }

    /**
     * The application: routes over a store.
     *
     * @param store the data layer
     * @return the app
     */
    public static App app(ItemStore store) {
        App app = new App();
        app.post("/items", req -> {
            NewItem in = req.json(NewItem.class);
            return Response.json(201, store.create(in.name(), in.quantity()));
        });
        app.get("/items", req -> store.list());
        app.get("/items/{id}", req -> found(store.get(req.pathParamInt("id")), req.pathParam("id")));
        app.put("/items/{id}", req -> {
            NewItem in = req.json(NewItem.class);
            return found(store.update(req.pathParamInt("id"), in.name(), in.quantity()), req.pathParam("id"));
        });
        app.delete("/items/{id}", req -> {
            if (!store.delete(req.pathParamInt("id"))) {
                throw new HttpException(404, "no item " + req.pathParam("id"));
            }
            return null;
        });
        app.post("/transfers", req -> store.transfer(req.json(ItemStore.Transfer.class)));
        app.get("/export.csv", req -> Response.stream("text/csv; charset=utf-8", out -> store.export(100, out::write)));
        app.exceptionHandler(DatabaseError.UniqueViolationError.class,
                (req, e) -> Response.json(409, new Problem("an item with that name exists")));
        app.exceptionHandler(DatabaseError.CheckViolationError.class,
                (req, e) -> Response.json(422, new Problem("quantity must not be negative")));
        app.exceptionHandler(ItemStore.TransferRefused.class, (req, e) -> Response.json(409, new Problem(e.getMessage())));
        return app;
    }

    private static Object found(ItemStore.Item item, String id) {
        if (item == null) {
            throw new HttpException(404, "no item " + id);
        }
        return item;
    }

    /**
     * {@code server [port] [dsn]} serves until Ctrl+C; anything else runs the tour's section.
     *
     * @param args the mode, then the port and the DSN
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
            String dsn = args.length > 2 ? args[2] : "sqlite:items.db";
            Asyncio.run(() -> {
                Pool pool = Database.createPool(dsn, 1, 10);
                try {
                    ItemStore store = new ItemStore(pool);
                    store.createSchema();
                    HttpServer server = HttpServer.start(app(store), "127.0.0.1", port);
                    System.out.println("serving items on http://127.0.0.1:" + server.port() + "/items over " + dsn
                            + " (Ctrl+C to stop)");
                    server.serveForever();
                } finally {
                    pool.close();
                }
                return null;
            });
            return;
        }
        Demo.launch("ItemsApi", sections(), args);
    }

    /**
     * The tour's sections.
     *
     * @return the REST API section
     */
    public static List<Section> sections() {
        return List.of(Section.of("db-rest",
                "databases: a JSON REST API over SQLite with a pool (CRUD, a transaction, a streamed export)",
                ItemsApi::demo));
    }

    /**
     * Starts the API on a port of its own over a fresh SQLite database (or {@code JASYNCIO_DEMO_DSN}),
     * and plays a client against it.
     *
     * @param out where the exchange is printed
     * @throws Exception if the example fails
     */
    static void demo(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-items");
        String dsn = "sqlite:" + dir.resolve("items.db");
        Pool pool = Database.createPool(dsn, 1, 4);
        try {
            ItemStore store = new ItemStore(pool);
            store.createSchema();
            HttpServer server = HttpServer.start(app(store), "127.0.0.1", 0);
            try {
                int port = server.port();
                show(out, port, "POST", "/items", "{\"name\": \"apple\", \"quantity\": 10}");
                show(out, port, "POST", "/items", "{\"name\": \"pear\", \"quantity\": 2}");
                show(out, port, "POST", "/items", "{\"name\": \"apple\", \"quantity\": 1}");
                show(out, port, "POST", "/transfers", "{\"from\": 1, \"to\": 2, \"quantity\": 3}");
                show(out, port, "POST", "/transfers", "{\"from\": 2, \"to\": 1, \"quantity\": 50}");
                show(out, port, "PUT", "/items/2", "{\"name\": \"pear\", \"quantity\": 4}");
                show(out, port, "GET", "/items", null);
                show(out, port, "GET", "/export.csv", null);
                show(out, port, "DELETE", "/items/1", null);
                show(out, port, "GET", "/items/1", null);
            } finally {
                server.shutdown();
            }
        } finally {
            pool.close();
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** One request with {@code Connection: close}, printed with the status line and body of its answer. */
    private static void show(PrintStream out, int port, String method, String path, String json) throws Exception {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        Streams.StreamPair c = Streams.openConnection("127.0.0.1", port);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        c.writer().write(head.getBytes(StandardCharsets.US_ASCII));
        c.writer().write(body);
        c.writer().drain();
        String response = new String(c.reader().read(-1), StandardCharsets.UTF_8);
        c.writer().close();
        int split = response.indexOf("\r\n\r\n");
        String status = response.substring(0, response.indexOf("\r\n"));
        String payload = split < 0 ? "" : response.substring(split + 4);
        if (response.contains("Transfer-Encoding: chunked") || response.contains("transfer-encoding: chunked")) {
            payload = unchunk(payload);
        }
        out.println(method + " " + path + (json == null ? "" : " " + json) + "\n  -> " + status.substring(9)
                + (payload.isEmpty() ? "" : "\n  " + payload.strip().replace("\n", "\n  ")));
    }

    private static String unchunk(String chunked) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            b.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return b.toString();
    }
}
