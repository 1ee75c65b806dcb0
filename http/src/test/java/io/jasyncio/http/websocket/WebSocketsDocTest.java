package io.jasyncio.http.websocket;

import io.jasyncio.Asyncio;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The snippet of docs/websockets.md, compiled and run; its lines must be the ones in the doc. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebSocketsDocTest {

    @Test
    void theDocSnippetRuns() {
        Message got = Asyncio.run(() -> {
            // snippet start
            App app = new App();
            WebSockets.route(app, "/echo", ws -> {                       // async def echo(ws):
                for (Message msg : ws) {                                 //     async for msg in ws:
                    switch (msg) {
                        case Message.Text t -> ws.send(t.text());        //         await ws.send(msg)
                        case Message.Binary b -> ws.send(b.data());
                    }
                }
            });
            HttpServer server = HttpServer.start(app, "127.0.0.1", 0);   // 0: any free port

            String url = "ws://127.0.0.1:" + server.port() + "/echo";
            try (WebSocket ws = WebSocketClient.connect(url)) {          // async with connect(url) as ws:
                ws.send("hello");                                        //     await ws.send("hello")
                Message reply = ws.receive();                            //     reply = await ws.recv()
            // snippet end
                assertEquals(WebSocket.State.OPEN, ws.state());
                ws.close();                                              // what the try does, before the shutdown
                assertEquals(1000, ws.closeCode());
                server.shutdown();
                return reply;
            }
        });
        assertEquals(new Message.Text("hello"), got);
    }

    @Test
    void theDocShowsTheseLines() throws Exception {
        Path self = Path.of("src/test/java/io/jasyncio/http/websocket/WebSocketsDocTest.java");
        List<String> src = Files.readAllLines(self);
        List<String> snippet = src.subList(src.indexOf("            // snippet start") + 1,
                src.indexOf("            // snippet end"));
        String doc = Files.readString(Path.of("../docs/websockets.md"));
        for (String line : snippet) {
            String l = line.length() >= 12 ? line.substring(12) : line.strip();
            assertTrue(doc.contains(l + "\n"), "docs/websockets.md lacks the snippet line: " + l);
        }
    }
}
