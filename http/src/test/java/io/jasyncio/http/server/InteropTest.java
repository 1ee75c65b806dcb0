package io.jasyncio.http.server;

import io.jasyncio.Asyncio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server against real clients: curl, and Python's aiohttp and httpx (run as child processes, off the
 * loop). Skipped where the tool is missing (CI installs them: .ci/run).
 */
class InteropTest {

    static App app() {
        App app = ServerTest.sample();
        app.get("/stream", r -> Response.stream("text/plain", out -> {
            for (int i = 0; i < 20; i++) out.write("line " + i + "\n");
        }));
        app.get("/events", r -> Response.sse(ev -> {
            for (int i = 0; i < 3; i++) ev.send("tick", String.valueOf(i));
        }));
        return app;
    }

    record Run(int exit, String out) {
    }

    /** Runs a command off the loop; its stdout and stderr together. */
    static Run exec(List<String> cmd) {
        return Asyncio.toThread(() -> {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Run(p.exitValue(), out);
        });
    }

    static boolean has(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void curl() {
        assumeTrue(has("curl", "--version"), "curl is not installed");
        ServerTest.withServer(app(), port -> {
            String base = "http://127.0.0.1:" + port;
            // Two transfers in one curl: the second reuses the connection (keep-alive), so it makes 0 connects.
            Run r = exec(List.of("curl", "-sS", "-w", " connects=%{num_connects}\n", base + "/users/5", base + "/users/6"));
            assertEquals(0, r.exit(), r.out());
            assertEquals("{\"id\":5,\"name\":\"ada\"} connects=1\n{\"id\":6,\"name\":\"ada\"} connects=0\n", r.out());

            r = exec(List.of("curl", "-sS", "-H", "Content-Type: application/json", "-d", "{\"id\":2,\"name\":\"b\"}", base + "/users"));
            assertEquals("{\"id\":2,\"name\":\"b\"}", r.out());

            r = exec(List.of("curl", "-sS", "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                    "--data-binary", "chunked and continued", base + "/echo"));
            assertEquals("chunked and continued", r.out());

            r = exec(List.of("curl", "-sS", "-I", base + "/"));
            assertTrue(r.out().startsWith("HTTP/1.1 200 OK"), r.out());
            assertTrue(r.out().contains("Content-Length: 13"), r.out());

            r = exec(List.of("curl", "-sS", "--http1.0", "-i", base + "/"));
            assertTrue(r.out().contains("Connection: close") && r.out().endsWith("Hello, World!"), r.out());

            r = exec(List.of("curl", "-sS", "-N", base + "/events"));
            assertEquals("event: tick\ndata: 0\n\nevent: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n", r.out());

            r = exec(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "x".repeat(2_000_000 / 1000), "-H", "Content-Length: 2000000", base + "/echo"));
            assertEquals("413", r.out());
        });
    }

    @Test
    void pythonAiohttpAndHttpx() throws IOException {
        assumeTrue(has("python3", "-c", "import aiohttp, httpx"), "python3 with aiohttp and httpx is not installed");
        Path script = Files.createTempFile("python_clients", ".py");
        try (var in = InteropTest.class.getResourceAsStream("/interop/python_clients.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> lines = new ArrayList<>();
        ServerTest.withServer(app(), port -> {
            Run r = exec(List.of("python3", script.toString(), String.valueOf(port)));
            lines.addAll(r.out().lines().toList());
            assertEquals(0, r.exit(), r.out());
        });
        assertEquals("ALL OK", lines.getLast(), String.join("\n", lines));
        assertTrue(lines.size() > 15, String.join("\n", lines));
    }
}
