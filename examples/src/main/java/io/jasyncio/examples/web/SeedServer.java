package io.jasyncio.examples.web;

import io.jasyncio.Asyncio;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The local server that the HTTP client's seed examples talk to (seed 003's {@code fetch_all_users} and
 * {@code stream_lines}, and a scraper): every route suspends its handler as a slow remote API would,
 * so concurrent requests overlap.
 *
 * <ul>
 *   <li>{@code GET /users/{user_id}}: after {@code delay} seconds, {@code {"id": N, "name": "user N"}}</li>
 *   <li>{@code GET /lines?n=N}: N lines ({@code line 1} ...), streamed one by one, chunked</li>
 *   <li>{@code GET /pages/{n}}: after {@code delay} seconds, a small HTML page</li>
 * </ul>
 *
 * <pre>
 * ./jasyncio example web.SeedServer [port] [delay]   serve on 127.0.0.1:port (8001), delay 1.0 s
 * </pre>
 */
public final class SeedServer {

    private SeedServer() {
    }

    /**
     * The app.
     *
     * @param delay seconds each user or page takes to answer
     * @return the app
     */
    public static App app(double delay) {
        App app = new App();
        app.get("/users/{user_id}", req -> {
            int id = req.pathParamInt("user_id");
            Asyncio.sleep(delay);
            return Map.of("id", id, "name", "user " + id);
        });
        app.get("/lines", req -> {
            int n = Integer.parseInt(req.queryParam("n", "5"));
            return Response.stream("text/plain; charset=utf-8", out -> {
                for (int i = 1; i <= n; i++) out.write("line " + i + "\n");
            });
        });
        app.get("/pages/{n}", req -> {
            Asyncio.sleep(delay);
            return Response.html("<html><title>page " + req.pathParam("n") + "</title><body>page " + req.pathParam("n") + "</body></html>");
        });
        return app;
    }

    /**
     * Starts the server on 127.0.0.1 (call it from a task).
     *
     * @param port the port, 0 for any free one ({@link HttpServer#port()})
     * @param delay seconds each user or page takes
     * @return the running server
     * @throws java.io.IOException if it cannot listen (the port is taken)
     */
    public static HttpServer start(int port, double delay) throws java.io.IOException {
        return HttpServer.start(app(delay), "127.0.0.1", port);
    }

    /**
     * Serves until Ctrl+C.
     *
     * @param args {@code [port] [delay]}
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8001;
        double delay = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Asyncio.run(() -> {
            HttpServer s = start(port, delay);
            out.println("seed server on http://127.0.0.1:" + s.port() + " (Ctrl+C to stop)");
            s.serveForever();
            return null;
        });
    }
}
