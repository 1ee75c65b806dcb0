package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.ServerConfig;
import io.jasyncio.http.websocket.WebSocket;
import io.jasyncio.http.websocket.WebSockets;

import java.io.PrintStream;

/**
 * The H1/H2 server of WEB-WORKLOADS.md ("server contract"): {@code --wl http --port P [--loops N]} binds
 * 127.0.0.1:P with the project's HTTP server, prints {@code READY}, serves until SIGTERM (then shuts down
 * gracefully and exits 0).
 *
 * <ul>
 *   <li>{@code GET /}: 200 {@code text/plain}, {@code Hello, World!}</li>
 *   <li>{@code GET /json}: 200 {@code application/json}, {@code Message("Hello, World!")} serialized per
 *       request by the app's JSON codec (Jackson)</li>
 *   <li>{@code GET /ws}: a WebSocket upgrade (H4), echoing text as text and binary as binary</li>
 * </ul>
 */
final class HttpBench {

    /** The JSON body of {@code /json}. */
    record Message(String message) {
    }

    private HttpBench() {
    }

    static boolean handles(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--wl") && args[i + 1].equals("http")) return true;
        }
        for (String a : args) if (a.equals("--wl=http")) return true;
        return false;
    }

    /** The app served; other workloads' routes ({@code /ws}) are added here. */
    static App app() {
        App app = new App();
        app.get("/", req -> "Hello, World!");
        app.get("/json", req -> new Message("Hello, World!"));
        WebSockets.route(app, "/ws", HttpBench::echo); // H4: text as text, binary as binary
        return app;
    }

    /** The H4 WebSocket echo. */
    static void echo(WebSocket ws) throws java.io.IOException {
        for (io.jasyncio.http.websocket.Message m : ws) {
            switch (m) {
                case io.jasyncio.http.websocket.Message.Text t -> ws.send(t.text());
                case io.jasyncio.http.websocket.Message.Binary b -> ws.send(b.data());
            }
        }
    }

    static int serve(String[] args, PrintStream stdout) {
        int port = 0, loops = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
            String k = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            switch (k) {
                case "--wl" -> { }
                case "--port" -> port = Integer.parseInt(v);
                case "--loops" -> loops = Integer.parseInt(v);
                default -> {
                    System.err.println("bench: unknown option " + k + " for --wl http (usage: --wl http --port P [--loops N])");
                    return 2;
                }
            }
        }
        if (port < 1 || port > 65535 || loops < 1) {
            System.err.println("bench: --wl http needs --port P (1..65535) and --loops N >= 1");
            return 2;
        }
        int p = port, n = loops;
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                Future<Void> terminated = loop.createFuture();
                HttpServer server = HttpServer.start(app(), "127.0.0.1", p,
                        ServerConfig.defaults().withLoops(n).withGracePeriod(java.time.Duration.ofSeconds(2)));
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> loop.callSoonThreadsafe(() -> {
                    if (!terminated.done()) terminated.setResult(null);
                }));
                stdout.println("READY");
                stdout.flush();
                try {
                    terminated.call();
                } finally {
                    server.shutdown();
                }
                return null;
            });
            return 0;
        } catch (Throwable e) {
            System.err.println("bench: http server FAILED:");
            e.printStackTrace();
            return 1;
        }
    }
}
