package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.examples.web.WebChat;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.websocket.WebSocket;
import io.jasyncio.http.websocket.WebSocketClient;
import io.jasyncio.streams.Streams;
import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.subprocess.Subprocess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link WebChat}: the tour's transcript, a slow member dropped, and two pages in a real headless Chromium
 * (driven by playwright-core from npm, with the system's browser: never a downloaded one).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebChatTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path NODE_DIR = Path.of("../http/src/test/node");

    @Test
    void theDemoPrintsTheSameTranscriptEveryTime() {
        List<String> lines = new ArrayList<>(Capture.realTime(WebChat::demo).lines());
        assertTrue(lines.remove(0).startsWith("chat on http://127.0.0.1:"));
        assertEquals(List.of("alice > alice", "alice < Welcome, alice! Nobody else is here yet.",
                "bob > bob", "bob < Welcome, bob! Here already: alice.", "alice < * bob joined",
                "alice > hi bob!", "alice < alice: hi bob!", "bob < alice: hi bob!",
                "bob > hello alice, bye!", "alice < bob: hello alice, bye!", "bob < bob: hello alice, bye!",
                "bob closes (1000)", "alice < * bob left"), lines);
    }

    @Test
    void aMemberThatNeverReadsIsDroppedWithoutStallingTheOthers() {
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        String big = "x".repeat(32 * 1024);
        Asyncio.run(() -> {
            HttpServer server = HttpServer.start(new WebChat(4, log).app(), "127.0.0.1", 0);
            String url = "ws://127.0.0.1:" + server.port() + "/chat";
            WebSocket ann = WebSocketClient.connect(url);
            ann.send("ann");
            assertTrue(ann.receive().asText().startsWith("Welcome, ann!"));
            // sloth upgrades by hand, gives its name in one masked frame (key 0), then never reads: its
            // reader stops at 2 KiB, the kernel's buffers fill, its sender waits in drain, its queue fills.
            Streams.StreamPair sloth = Streams.openConnection("127.0.0.1", server.port(), 1024);
            sloth.writer().write(("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            sloth.writer().write(new byte[] {(byte) 0x81, (byte) 0x85, 0, 0, 0, 0, 's', 'l', 'o', 't', 'h'});
            assertEquals("* sloth joined", ann.receive().asText());
            String reply;
            int sent = 0;
            do {
                assertTrue(++sent < 2000, "sloth was never dropped");
                ann.send(sent + " " + big);
                reply = ann.receive().asText(); // ann keeps up all along: its own message, or the drop
            } while (reply.equals("ann: " + sent + " " + big));
            assertEquals("* sloth was dropped (too slow)", reply);
            assertEquals("ann: " + sent + " " + big, ann.receive().asText());
            ann.send("still here?");
            assertEquals("ann: still here?", ann.receive().asText());
            ann.close();
            sloth.writer().transport().abort();
            server.shutdown();
            return null;
        });
        String out = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("sloth dropped: 4 messages waiting"), out);
        assertTrue(out.contains("ann left"), out);
    }

    /**
     * Two pages in headless Chromium: each joins under a name, one types a message, the other page shows it
     * (and the joins). Skipped only if there is no Chromium here (the CI script installs Debian's); a missing
     * playwright-core fails it (run {@code npm ci} in {@code http/src/test/node}, as the CI script does).
     */
    @Test
    @Tag("browser")
    void twoBrowserPagesChatThroughTheServer() {
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " here (the CI script installs Debian's chromium)");
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/playwright-core")),
                "no playwright-core in " + NODE_DIR + ": run npm ci there (the CI script does)");
        String out = Asyncio.run(() -> {
            HttpServer server = HttpServer.start(new WebChat(100, new PrintStream(PrintStream.nullOutputStream())).app(),
                    "127.0.0.1", 0);
            try {
                AsyncProcess p = Subprocess.exec(List.of("node", NODE_DIR.resolve("chat_e2e.js").toString(),
                        "http://127.0.0.1:" + server.port() + "/", CHROMIUM.toString()), Subprocess.Options.pipes());
                AsyncProcess.Output o = p.communicate(null);
                assertEquals(0, p.returncode(), "the browser test failed:\n" + o.stdoutText() + o.stderrText());
                return o.stdoutText();
            } finally {
                server.shutdown();
            }
        });
        assertTrue(out.contains("bob's page shows: alice: hello from the first page"), out);
        assertTrue(out.contains("alice's page shows: bob: hi, alice"), out);
    }
}
