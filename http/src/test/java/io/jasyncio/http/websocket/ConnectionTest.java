package io.jasyncio.http.websocket;

import io.jasyncio.EventLoop;
import io.jasyncio.net.Server;
import io.jasyncio.Task;
import io.jasyncio.http.Headers;
import io.jasyncio.testing.AsyncioTest;

import java.io.IOException;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.http.websocket.Raw.FIN;
import static io.jasyncio.http.websocket.internal.Frames.PING;
import static io.jasyncio.http.websocket.internal.Frames.TEXT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The connection's behaviour beyond single frames, on virtual time: the client's handshake checks,
 * subprotocols and origins, the heartbeat, the close timeout, flow control, and concurrent senders.
 */
class ConnectionTest {

    static String url(Server s) {
        return "ws://127.0.0.1:" + Raw.port(s) + "/path?q=1";
    }

    static Void stop(Server s) throws IOException {
        s.close();
        s.waitClosed();
        return null;
    }

    @AsyncioTest
    void clientAndServerEchoAndCloseCleanly() throws Exception {
        Server server = WebSockets.serve(ws -> {
            assertEquals("/path?q=1", ws.path());
            Battery.echo(ws);
        }, "127.0.0.1", 0);
        WebSocket ws = WebSocketClient.connect(url(server));
        ws.send("hi");
        assertEquals(new Message.Text("hi"), ws.receive());
        ws.close(1000, "done");
        assertEquals(WebSocket.State.CLOSED, ws.state());
        assertEquals(1000, ws.closeCode());
        ConnectionClosed e = assertThrows(ConnectionClosedOK.class, () -> ws.send("late"));
        assertEquals("done", e.reason());
        stop(server);
    }

    @AsyncioTest
    void aClientSessionOpensWebSocketsAsAiohttpsWsConnect() throws Exception {
        Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0);
        try (io.jasyncio.http.client.ClientSession session = io.jasyncio.http.client.ClientSession.create();
             WebSocket ws = session.wsConnect(url(server))) {
            ws.send("via the session");
            assertEquals(new Message.Text("via the session"), ws.receive());
        }
        stop(server);
    }

    @AsyncioTest
    void iterationEndsWhenTheServerClosesNormally() throws Exception {
        Server server = WebSockets.serve(ws -> {
            ws.send("a");
            ws.send("b".getBytes());
        }, "127.0.0.1", 0); // the handler returns: the server closes with 1000
        WebSocket ws = WebSocketClient.connect(url(server));
        List<Message> got = new java.util.ArrayList<>();
        for (Message m : ws) {
            got.add(m);
        }
        assertEquals(2, got.size());
        assertEquals("a", got.get(0).asText());
        assertEquals("b", got.get(1).asText());
        assertEquals(1000, ws.closeCode());
        stop(server);
    }

    @AsyncioTest
    void aHandlerThatThrowsClosesWith1011AndIsReported(EventLoop loop) throws Exception {
        List<Object> reported = new java.util.ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx.exception()));
        Server server = WebSockets.serve(ws -> {
            throw new IllegalStateException("boom");
        }, "127.0.0.1", 0);
        WebSocket ws = WebSocketClient.connect(url(server));
        ConnectionClosedError e = assertThrows(ConnectionClosedError.class, ws::receive);
        assertEquals(1011, e.code());
        stop(server);
        assertEquals(1, reported.size());
        assertEquals("boom", ((Throwable) reported.get(0)).getMessage());
    }

    @AsyncioTest
    void subprotocolIsNegotiatedAndOriginChecked() throws Exception {
        WebSocketOptions serverOptions = WebSocketOptions.defaults().withSubprotocols("chat.v2", "chat.v1")
                .withOriginCheck(origin -> "http://good.example".equals(origin));
        Server server = WebSockets.serve(ws -> ws.send(ws.subprotocol()), "127.0.0.1", 0, serverOptions);
        WebSocketOptions client = WebSocketOptions.defaults().withSubprotocols("chat.v1", "chat.v2")
                .withHeaders(Headers.of("Origin", "http://good.example"));
        try (WebSocket ws = WebSocketClient.connect(url(server), client)) {
            assertEquals("chat.v2", ws.subprotocol()); // the server's preference wins
            assertEquals("chat.v2", ws.receive().asText());
        }
        InvalidHandshake refused = assertThrows(InvalidHandshake.class, () -> WebSocketClient.connect(url(server),
                client.withHeaders(Headers.of("Origin", "http://evil.example"))));
        assertEquals(403, refused.status());
        stop(server);
    }

    @AsyncioTest
    void notAnUpgradeGets400AndAnOldVersion426() throws Exception {
        Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0);
        for (String[] c : new String[][] {{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 "},
                {"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                        + "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "HTTP/1.1 426 "}}) {
            var conn = io.jasyncio.streams.Streams.openConnection("127.0.0.1", Raw.port(server));
            conn.writer().write(c[0].getBytes());
            String resp = new String(conn.reader().read(-1));
            assertTrue(resp.startsWith(c[1]), resp);
            conn.writer().close();
        }
        stop(server);
    }

    @AsyncioTest
    void theClientRejectsAWrongAcceptKeyAndAMaskedServerFrame() throws Exception {
        Server bad = Raw.server(raw -> { }, accept -> Raw.ok101("AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        InvalidHandshake e = assertThrows(InvalidHandshake.class, () -> WebSocketClient.connect(url(bad)));
        assertTrue(e.getMessage().contains("Sec-WebSocket-Accept"), e.getMessage());
        stop(bad);
        Server masked = Raw.server(raw -> {
            raw.send(FIN | TEXT, "masked".getBytes(), true);
            raw.expectClose(1002);
        }, Raw::ok101);
        WebSocket ws = WebSocketClient.connect(url(masked));
        assertEquals(1002, assertThrows(ConnectionClosedError.class, ws::receive).code());
        stop(masked);
    }

    @AsyncioTest
    void heartbeatFailsAPeerThatStopsAnsweringWith1011(EventLoop loop) throws Exception {
        WebSocketOptions hb = WebSocketOptions.defaults().withHeartbeat(5.0, 3);
        Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0, hb);
        Raw raw = Raw.client(Raw.port(server));
        double start = loop.time();
        Raw.Frame ping = raw.read();
        assertEquals(PING, ping.opcode());
        assertEquals(5.0, loop.time() - start, 0.5);
        raw.send(FIN | 0xA, ping.payload()); // the first is answered
        assertEquals(PING, raw.read().opcode()); // the second is not
        raw.expectClose(1011);
        assertEquals(13.0, loop.time() - start, 0.5); // 5 + 5 + 3
        raw.close();
        stop(server);
    }

    @AsyncioTest
    void closeGivesUpAfterTheCloseTimeout(EventLoop loop) throws Exception {
        Server silent = Raw.server(raw -> {
            assertEquals(0x8, raw.read().opcode());
            raw.reader.read(-1); // never answers the close: waits for the client to give up and drop TCP
        }, Raw::ok101);
        WebSocket ws = WebSocketClient.connect(url(silent), WebSocketOptions.defaults().withCloseTimeout(2));
        double start = loop.time();
        ws.close();
        assertEquals(2.0, loop.time() - start, 0.5);
        assertEquals(WebSocket.State.CLOSED, ws.state());
        stop(silent);
    }

    @AsyncioTest
    void aSlowReaderPausesTheSenderInsteadOfGrowingABuffer() throws Exception {
        int[] sent = {0};
        Server server = WebSockets.serve(ws -> {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 200; i++) {
                ws.send(chunk);
                sent[0]++;
            }
        }, "127.0.0.1", 0, WebSocketOptions.defaults().withCompression(false));
        Raw raw = Raw.client(Raw.port(server));
        sleep(1); // the client reads nothing meanwhile
        assertTrue(sent[0] < 100, "the sender went on: " + sent[0] + " x 64 KiB sent to a client that reads nothing");
        int read = 0;
        while (read < 200) {
            Raw.Frame f = raw.read();
            assertEquals(64 * 1024, f.payload().length);
            read++;
        }
        assertEquals(200, sent[0]);
        raw.expectClose(1000);
        raw.close();
        stop(server);
    }

    @AsyncioTest
    void concurrentSendersNeverInterleaveFramesAndFragmentsKeepTogether() throws Exception {
        Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0);
        WebSocket ws = WebSocketClient.connect(url(server));
        Task<Void> fragments = createTask(() -> {
            ws.sendTextFragments(asyncGenerator(out -> {
                for (int i = 0; i < 5; i++) {
                    out.yield("f" + i);
                    sleep(0.1); // the other sender runs meanwhile, and must wait
                }
            }));
            return null;
        });
        sleep(0.05);
        ws.send("whole");
        await(fragments);
        assertEquals("f0f1f2f3f4", ws.receive().asText());
        assertEquals("whole", ws.receive().asText());
        ws.close();
        stop(server);
    }

    @AsyncioTest
    void receiveIsCancelSafe() throws Exception {
        Server server = WebSockets.serve(ws -> {
            sleep(1);
            ws.send("late");
            Battery.echo(ws);
        }, "127.0.0.1", 0);
        WebSocket ws = WebSocketClient.connect(url(server));
        assertThrows(io.jasyncio.TimeoutError.class, () -> waitFor(ws::receive, 0.5));
        assertEquals("late", ws.receive().asText());
        assertThrows(IllegalStateException.class, () -> {
            Task<Message> t = createTask(ws::receive);
            sleep(0.01);
            try {
                ws.receive();
            } finally {
                t.cancel();
            }
        });
        ws.close();
        stop(server);
    }
}
