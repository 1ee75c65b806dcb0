package io.jasyncio.http.websocket;

import io.jasyncio.streams.Streams;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.testing.AsyncioTest;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** WebSocket routes on the HTTP server: the upgrade through {@code Request.upgrade}, next to plain routes. */
class RouteTest {

    @AsyncioTest
    void aRouteUpgradesAndPlainRoutesStillServe() throws Exception {
        App app = new App();
        app.get("/", req -> "plain");
        WebSockets.route(app, "/ws/{room}", ws -> {
            ws.send("room " + ws.path());
            Battery.echo(ws);
        });
        HttpServer server = HttpServer.start(app, "127.0.0.1", 0);
        try {
            try (WebSocket ws = WebSocketClient.connect("ws://127.0.0.1:" + server.port() + "/ws/lobby")) {
                assertTrue(ws.compressed());
                assertEquals("room /ws/lobby", ws.receive().asText());
                for (int i = 0; i < 10; i++) {
                    ws.send("m" + i);
                    assertEquals("m" + i, ws.receive().asText());
                    ws.send(new byte[] {(byte) i});
                    assertArrayEquals(new byte[] {(byte) i}, ((Message.Binary) ws.receive()).data());
                }
            }
            var c = Streams.openConnection("127.0.0.1", server.port());
            c.writer().write("GET /ws/lobby HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String resp = new String(c.reader().read(-1), StandardCharsets.ISO_8859_1);
            assertTrue(resp.startsWith("HTTP/1.1 400 "), resp);
            c.writer().close();
        } finally {
            server.shutdown();
        }
    }
}
