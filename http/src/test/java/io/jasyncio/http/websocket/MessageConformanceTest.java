package io.jasyncio.http.websocket;

import io.jasyncio.net.Server;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.zip.Deflater;

import static io.jasyncio.http.websocket.Raw.FIN;
import static io.jasyncio.http.websocket.Raw.RSV1;
import static io.jasyncio.http.websocket.internal.Frames.BINARY;
import static io.jasyncio.http.websocket.internal.Frames.CLOSE;
import static io.jasyncio.http.websocket.internal.Frames.CONTINUATION;
import static io.jasyncio.http.websocket.internal.Frames.TEXT;
import static io.jasyncio.testing.TestLoop.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The server's conformance battery, part 2, by Autobahn TestSuite category: 6 UTF-8, 7 close handling,
 * 9 limits, 12/13 permessage-deflate (with the decompression-bomb guard).
 */
class MessageConformanceTest {

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Nested
    class Utf8 { // Autobahn 6.*
        @Test
        void validMultiByteTextEchoes() {
            run(() -> Battery.withEcho(raw -> {
                String s = "κόσμε €𝄞 日本語";
                raw.sendText(s);
                assertEquals(s, raw.read().text());
            }));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ff", "c0 80", "e0 80 af", "ed a0 80", "f4 90 80 80", "f8 88 80 80 80", "80", "ce ba e1 bd b9 cf",
                "ed bf bf", "fe"})
        void invalidTextFailsWith1007(String bad) {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | TEXT, hex(bad));
                raw.expectClose(1007);
                raw.expectEof();
            }));
        }

        @Test
        void aCharacterSplitAcrossFragmentsIsFine() {
            run(() -> Battery.withEcho(raw -> {
                byte[] euro = "€".getBytes(java.nio.charset.StandardCharsets.UTF_8); // e2 82 ac
                raw.send(TEXT, new byte[] {euro[0]});
                raw.send(CONTINUATION, new byte[] {euro[1]});
                raw.send(FIN | CONTINUATION, new byte[] {euro[2]});
                assertEquals("€", raw.read().text());
            }));
        }

        @Test
        void invalidBytesInAFirstFragmentFailFastBeforeTheMessageEnds() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(TEXT, hex("ce ba ed a0 80")); // a surrogate, in a fragment that is not the last
                raw.expectClose(1007); // no further fragment was sent
            }));
        }

        @Test
        void aMessageEndingInsideACharacterFailsWith1007() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(TEXT, hex("ce ba"));
                raw.send(FIN | CONTINUATION, hex("e2 82"));
                raw.expectClose(1007);
            }));
        }

        @Test
        void binaryIsNeverChecked() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | BINARY, hex("ff fe ed a0 80"));
                assertArrayEquals(hex("ff fe ed a0 80"), raw.read().payload());
            }));
        }
    }

    @Nested
    class Close { // Autobahn 7.*
        @Test
        void closeIsEchoedAndTheServerClosesTcp() {
            run(() -> Battery.withEcho(raw -> {
                raw.sendClose(1000, "bye");
                raw.expectClose(1000);
                raw.expectEof();
            }));
        }

        @Test
        void emptyCloseGetsAnEmptyClose() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | CLOSE, new byte[0]);
                Raw.Frame f = raw.read();
                assertEquals(CLOSE, f.opcode());
                assertEquals(0, f.payload().length);
                raw.expectEof();
            }));
        }

        @Test
        void oneByteClosePayloadFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | CLOSE, new byte[] {3});
                raw.expectClose(1002);
            }));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        void invalidCodesFailWith1002(int code) {
            run(() -> Battery.withEcho(raw -> {
                raw.sendClose(code, "");
                raw.expectClose(1002);
            }));
        }

        @ParameterizedTest
        @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 3000, 3999, 4000, 4999})
        void validCodesAreEchoed(int code) {
            run(() -> Battery.withEcho(raw -> {
                raw.sendClose(code, "why");
                raw.expectClose(code);
                raw.expectEof();
            }));
        }

        @Test
        void invalidUtf8ReasonFailsWith1007() {
            run(() -> Battery.withEcho(raw -> {
                byte[] p = hex("03 e8 ce ba ed a0 80");
                raw.send(FIN | CLOSE, p);
                raw.expectClose(1007);
            }));
        }

        @Test
        void dataAfterCloseIsNotAnswered() {
            run(() -> Battery.withEcho(raw -> {
                raw.sendClose(1000, "");
                raw.sendText("too late");
                raw.expectClose(1000);
                raw.expectEof(); // no echo of "too late"
            }));
        }
    }

    @Nested
    class Limits { // Autobahn 9.* (performance) as limits
        @Test
        void aMessageOfExactlyTheLimitEchoes() {
            run(() -> Battery.withEcho(raw -> {
                byte[] big = FramingConformanceTest.bytes(1 << 20);
                raw.send(FIN | BINARY, big);
                assertArrayEquals(big, raw.read().payload());
            }));
        }

        @Test
        void oneByteOverTheLimitFailsWith1009() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | BINARY, new byte[(1 << 20) + 1]);
                raw.expectClose(1009);
            }));
        }

        @Test
        void fragmentsAddingUpOverTheLimitFailWith1009() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults().withCompression(false).withMaxMessageSize(1000), raw -> {
                raw.send(TEXT, new byte[600]);
                raw.send(FIN | CONTINUATION, new byte[600]);
                raw.expectClose(1009);
            }));
        }
    }

    @Nested
    class Compression { // Autobahn 12.*, 13.*
        static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";

        static byte[] deflate(byte[] data) {
            Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            d.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buf, 0, n);
                if (n < buf.length) {
                    break;
                }
            }
            d.end();
            byte[] z = out.toByteArray();
            return java.util.Arrays.copyOf(z, z.length - 4); // without 00 00 ff ff
        }

        static byte[] inflate(byte[] z) throws Exception {
            java.util.zip.Inflater i = new java.util.zip.Inflater(true);
            byte[] withTail = java.util.Arrays.copyOf(z, z.length + 4);
            withTail[z.length + 2] = (byte) 0xFF;
            withTail[z.length + 3] = (byte) 0xFF;
            i.setInput(withTail);
            byte[] out = new byte[1 << 21];
            int n = i.inflate(out);
            i.end();
            return java.util.Arrays.copyOf(out, n);
        }

        @Test
        void theOfferIsAcceptedAndCompressedMessagesEchoCompressed() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                assertTrue(raw.head.contains("Sec-WebSocket-Extensions: permessage-deflate\r\n"), raw.head);
                String text = "hello hello hello hello hello ".repeat(50);
                raw.send(FIN | RSV1 | TEXT, deflate(text.getBytes()));
                Raw.Frame f = raw.read();
                assertEquals(FIN | RSV1 | TEXT, f.b0());
                assertTrue(f.payload().length < text.length() / 5, "compressed: " + f.payload().length);
                assertEquals(text, new String(inflate(f.payload())));
                raw.send(FIN | TEXT, "plain".getBytes()); // uncompressed messages stay allowed
                assertEquals("plain", new String(inflate(raw.read().payload())));
            }, OFFER));
        }

        @Test
        void emptyMessagesKeepTheSharedWindowValid() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                java.util.zip.Inflater shared = new java.util.zip.Inflater(true); // context takeover: one stream
                byte[] out = new byte[100];
                for (String s : new String[] {"", "", "", "x", "", "xx"}) {
                    raw.send(FIN | TEXT, s.getBytes()); // uncompressed in; the echo comes compressed
                    Raw.Frame f = raw.read();
                    assertEquals(FIN | RSV1 | TEXT, f.b0());
                    assertTrue(f.payload().length > 0, "an empty compressed payload is not a deflate block");
                    byte[] in = java.util.Arrays.copyOf(f.payload(), f.payload().length + 4);
                    in[in.length - 2] = (byte) 0xFF;
                    in[in.length - 1] = (byte) 0xFF;
                    shared.setInput(in);
                    assertEquals(s, new String(out, 0, shared.inflate(out)));
                }
                shared.end();
            }, OFFER));
        }

        @Test
        void noContextTakeoverIsHonouredAndAnswered() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                assertTrue(raw.head.contains("permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                        raw.head);
                for (int i = 0; i < 3; i++) { // each message inflates on its own: no shared window
                    raw.send(FIN | RSV1 | BINARY, deflate(new byte[1000]));
                    assertArrayEquals(new byte[1000], inflate(raw.read().payload()));
                }
            }, "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover"));
        }

        @Test
        void aSmallServerWindowIsDeclinedSoNoCompression() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                assertFalse(raw.head.contains("Sec-WebSocket-Extensions"), raw.head);
                raw.send(FIN | RSV1 | TEXT, deflate("x".getBytes()));
                raw.expectClose(1002); // RSV1 without the extension
            }, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10"));
        }

        @Test
        void aDecompressionBombStopsAtTheLimitWith1009() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                byte[] bomb = deflate(new byte[64 << 20]); // 64 MiB of zeros in about 64 KiB
                assertTrue(bomb.length < 128 * 1024, "bomb size " + bomb.length);
                raw.send(FIN | RSV1 | BINARY, bomb);
                raw.expectClose(1009);
            }, OFFER));
        }

        @Test
        void rsv1OnAContinuationFailsWith1002() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                byte[] z = deflate("abcdef".getBytes());
                raw.send(RSV1 | TEXT, java.util.Arrays.copyOf(z, 2));
                raw.send(FIN | RSV1 | CONTINUATION, java.util.Arrays.copyOfRange(z, 2, z.length));
                raw.expectClose(1002);
            }, OFFER));
        }

        @Test
        void fragmentedCompressedMessageIsReassembledThenInflated() {
            run(() -> Battery.withEcho(WebSocketOptions.defaults(), raw -> {
                String text = "fragmented and compressed ".repeat(20);
                byte[] z = deflate(text.getBytes());
                raw.send(RSV1 | TEXT, java.util.Arrays.copyOf(z, 5));
                raw.send(FIN | CONTINUATION, java.util.Arrays.copyOfRange(z, 5, z.length));
                assertEquals(text, new String(inflate(raw.read().payload())));
            }, OFFER));
        }

        @Test
        void ourClientAndServerCompressBothWaysWithAndWithoutContextTakeover() {
            run(() -> {
                for (WebSocketOptions o : new WebSocketOptions[] {WebSocketOptions.defaults(),
                        WebSocketOptions.defaults().withNoContextTakeover(true, true)}) {
                    Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0);
                    try (WebSocket ws = WebSocketClient.connect("ws://127.0.0.1:" + Raw.port(server) + "/", o)) {
                        assertTrue(ws.compressed());
                        for (int i = 0; i < 20; i++) {
                            String s = "message " + i + " ".repeat(i * 100);
                            ws.send(s);
                            assertEquals(new Message.Text(s), ws.receive());
                            ws.send(s.getBytes());
                            assertArrayEquals(s.getBytes(), ((Message.Binary) ws.receive()).data());
                        }
                    }
                    server.close();
                    server.waitClosed();
                }
                return null;
            });
        }
    }
}
