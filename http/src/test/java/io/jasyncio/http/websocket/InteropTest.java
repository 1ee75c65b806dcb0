package io.jasyncio.http.websocket;

import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.net.Server;
import io.jasyncio.subprocess.Subprocess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interop both ways with real implementations: Python's {@code websockets} (17) and Node's {@code ws}
 * package, each as a client of our server and as a server for our client, with permessage-deflate on and
 * off. Real sockets and processes on a real-clock loop. The peers are installed by the CI script (pip from
 * the offline mirror, {@code npm ci} in {@code src/test/node}); locally a missing one skips its tests.
 */
@Tag("interop")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InteropTest {
    static final Path PY = Path.of("src/test/python/ws_peer.py");
    static final Path NODE_DIR = Path.of("src/test/node");

    static boolean pythonWebsockets() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import websockets.asyncio.server").start();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static boolean nodeWs() {
        return Files.isDirectory(NODE_DIR.resolve("node_modules/ws"));
    }

    /** Checks against any echo server with our client: sizes, both kinds, fragments, ping, close. */
    static void clientChecks(String url, WebSocketOptions options) throws IOException {
        try (WebSocket ws = WebSocketClient.connect(url, options)) {
            assertEquals(options.compression(), ws.compressed());
            for (int n : new int[] {0, 1, 125, 126, 65535, 65536, 700_000}) {
                String text = "é".repeat(n / 2) + "x".repeat(n % 2);
                ws.send(text);
                assertEquals(text, ((Message.Text) ws.receive()).text(), "text of " + n);
                byte[] data = new byte[n];
                ThreadLocalRandom.current().nextBytes(data);
                ws.send(data);
                assertArrayEquals(data, ((Message.Binary) ws.receive()).data(), "binary of " + n);
            }
            ws.sendTextFragments(List.of("frag", "ment", "ed ✓"));
            assertEquals("fragmented ✓", ws.receive().asText());
            io.jasyncio.Future<Double> pong = ws.ping();
            ws.send("after the ping");            // the pong comes first, read by this receive
            assertEquals("after the ping", ws.receive().asText());
            assertTrue(pong.done() && pong.result() >= 0, "the pong was read: " + pong);
            ws.close(1000, "bye");
            assertEquals(1000, ws.closeCode());
        }
    }

    @Test
    void pythonClientAgainstOurServer() {
        assumeTrue(pythonWebsockets(), "python3 with websockets is not installed here (CI installs it)");
        String out = run(() -> {
            Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0);
            AsyncProcess p = Subprocess.exec(List.of("python3", PY.toString(), "client",
                    "ws://127.0.0.1:" + Raw.port(server) + "/"), Subprocess.Options.pipes());
            AsyncProcess.Output o = p.communicate(null);
            server.close();
            server.waitClosed();
            assertEquals(0, p.returncode(), o.stderrText());
            return o.stdoutText();
        });
        assertEquals("OK 33", out.strip());
    }

    @Test
    void ourClientAgainstPythonServer() {
        assumeTrue(pythonWebsockets(), "python3 with websockets is not installed here (CI installs it)");
        againstServer(List.of("python3", PY.toString(), "server"));
    }

    @Test
    void nodeClientAgainstOurServer() {
        assumeTrue(nodeWs(), "node_modules/ws is missing in src/test/node (CI runs npm ci there)");
        String out = run(() -> {
            Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0);
            AsyncProcess p = Subprocess.exec(List.of("node", NODE_DIR.resolve("ws_peer.js").toString(), "client",
                    "ws://127.0.0.1:" + Raw.port(server) + "/"), Subprocess.Options.pipes());
            AsyncProcess.Output o = p.communicate(null);
            server.close();
            server.waitClosed();
            assertEquals(0, p.returncode(), o.stderrText());
            return o.stdoutText();
        });
        assertEquals("OK 33", out.strip());
    }

    @Test
    void ourClientAgainstNodeServer() {
        assumeTrue(nodeWs(), "node_modules/ws is missing in src/test/node (CI runs npm ci there)");
        againstServer(List.of("node", NODE_DIR.resolve("ws_peer.js").toString(), "server"));
    }

    private static void againstServer(List<String> command) {
        run(() -> {
            AsyncProcess p = Subprocess.exec(command, Subprocess.Options.pipes());
            try {
                String line = new String(p.stdout().readline(), StandardCharsets.UTF_8).strip();
                if (!line.startsWith("PORT ")) {
                    p.stdin().close();
                    fail("the peer printed " + line + "; stderr: " + new String(p.stderr().read(-1), StandardCharsets.UTF_8));
                }
                String url = "ws://127.0.0.1:" + line.substring(5) + "/";
                List<WebSocketOptions> variants = new ArrayList<>(List.of(WebSocketOptions.defaults(),
                        WebSocketOptions.defaults().withCompression(false),
                        WebSocketOptions.defaults().withNoContextTakeover(true, true)));
                for (WebSocketOptions o : variants) {
                    clientChecks(url, o);
                }
            } finally {
                p.stdin().close();
                assertEquals(0, p.await());
            }
            return null;
        });
    }
}
