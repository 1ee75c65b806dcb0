package io.jasyncio.http.client;

import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against uvicorn (h11 or httptools under a plain ASGI app), on a real-clock loop over 127.0.0.1. */
class UvicornPeerTest {
    record User(int id, String name) {
    }

    private static PythonPeer peer;

    @BeforeAll
    static void startPeer() throws Exception {
        peer = PythonPeer.start("uvicorn_server.py", "uvicorn");
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void textJsonChunkedAndEchoOverOneConnection() {
        run(() -> {
            try (var session = ClientSession.builder().timeout(ClientTimeout.ofTotal(30)).build()) {
                for (int round = 0; round < 3; round++) {
                    try (var resp = session.get(peer.url("/hello"))) {
                        assertEquals("Hello, World!", resp.text());
                    }
                    try (var resp = session.get(peer.url("/users/" + round))) {
                        assertEquals(new User(round, "user" + round), resp.json(User.class));
                    }
                    List<String> lines = new ArrayList<>();
                    try (var resp = session.get(peer.url("/chunked"))) {
                        resp.lines().forEach(lines::add);
                    }
                    assertEquals(List.of("chunk 0", "chunk 1", "chunk 2", "chunk 3", "chunk 4"), lines);
                    byte[] body = new byte[100_000];
                    for (int i = 0; i < body.length; i++) {
                        body[i] = (byte) i;
                    }
                    try (var resp = session.post(peer.url("/echo"), RequestOptions.data(body, "application/octet-stream"))) {
                        assertArrayEquals(body, resp.read());
                    }
                    try (var resp = session.get(peer.url("/nowhere"))) {
                        assertEquals(404, resp.status());
                        assertEquals("not found", resp.text()); // read to the end: the connection goes back
                    }
                }
                assertEquals(1, session.pool().openedCount(), "uvicorn kept the connection alive throughout");
            }
            return null;
        });
    }
}
