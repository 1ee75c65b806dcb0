package io.jasyncio.http.websocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.jasyncio.http.websocket.Raw.FIN;
import static io.jasyncio.http.websocket.Raw.RSV1;
import static io.jasyncio.http.websocket.Raw.RSV2;
import static io.jasyncio.http.websocket.Raw.RSV3;
import static io.jasyncio.http.websocket.internal.Frames.BINARY;
import static io.jasyncio.http.websocket.internal.Frames.CLOSE;
import static io.jasyncio.http.websocket.internal.Frames.CONTINUATION;
import static io.jasyncio.http.websocket.internal.Frames.PING;
import static io.jasyncio.http.websocket.internal.Frames.PONG;
import static io.jasyncio.http.websocket.internal.Frames.TEXT;
import static io.jasyncio.testing.TestLoop.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The server's conformance battery, part 1, by Autobahn TestSuite category: 1 framing, 2 pings and pongs,
 * 3 reserved bits, 4 opcodes, 5 fragmentation. Each test writes frames by hand (see {@link Raw}) to our
 * echo server and checks the bytes that come back: the echo, or the close frame with the code the RFC
 * requires followed by the end of the TCP connection.
 */
class FramingConformanceTest {

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Nested
    class Framing { // Autobahn 1.*
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536, 300_000})
        void textAndBinaryOfEveryLengthEncodingEchoUnmasked(int n) {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | TEXT, bytes(n));
                Raw.Frame t = raw.read();
                assertEquals(FIN | TEXT, t.b0());
                assertFalse(t.masked(), "a server never masks");
                assertArrayEquals(bytes(n), t.payload());
                raw.send(FIN | BINARY, bytes(n));
                Raw.Frame b = raw.read();
                assertEquals(FIN | BINARY, b.b0());
                assertArrayEquals(bytes(n), b.payload());
            }));
        }

        @Test
        void unmaskedClientFrameFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | TEXT, bytes(5), false);
                raw.expectClose(1002);
                raw.expectEof();
            }));
        }

        @Test
        void manyFramesInOneWriteAllEchoInOrder() {
            run(() -> Battery.withEcho(raw -> {
                for (int i = 0; i < 100; i++) {
                    raw.sendText("m" + i);
                }
                for (int i = 0; i < 100; i++) {
                    assertEquals("m" + i, raw.read().text());
                }
            }));
        }
    }

    @Nested
    class Pings { // Autobahn 2.*
        @Test
        void pingIsAnsweredWithAPongOfTheSamePayload() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | PING, new byte[0]);
                Raw.Frame p = raw.read();
                assertEquals(FIN | PONG, p.b0());
                assertEquals(0, p.payload().length);
                raw.send(FIN | PING, bytes(125));
                assertArrayEquals(bytes(125), raw.read().payload());
            }));
        }

        @Test
        void pingOver125BytesFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | PING, bytes(126));
                raw.expectClose(1002);
                raw.expectEof();
            }));
        }

        @Test
        void unsolicitedPongIsIgnored() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | PONG, bytes(10));
                raw.sendText("after");
                assertEquals("after", raw.read().text());
            }));
        }

        @Test
        void tenPingsGetTenPongsInOrder() {
            run(() -> Battery.withEcho(raw -> {
                for (int i = 0; i < 10; i++) {
                    raw.send(FIN | PING, ("p" + i).getBytes());
                }
                for (int i = 0; i < 10; i++) {
                    Raw.Frame f = raw.read();
                    assertEquals(PONG, f.opcode());
                    assertEquals("p" + i, f.text());
                }
            }));
        }

        @Test
        void fragmentedPingFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(PING, bytes(2)); // FIN clear
                raw.expectClose(1002);
            }));
        }

        @Test
        void ourPingCompletesWithTheLatencyWhenThePongComes() {
            run(() -> {
                io.jasyncio.net.Server server = Raw.server(raw -> {
                    Raw.Frame ping = raw.read();
                    assertEquals(PING, ping.opcode());
                    assertTrue(ping.masked(), "a client masks every frame");
                    raw.send(FIN | PONG, ping.payload());
                    raw.sendClose(1000, "");
                    raw.expectClose(1000);
                }, Raw::ok101);
                WebSocket ws = WebSocketClient.connect("ws://127.0.0.1:" + Raw.port(server) + "/",
                        WebSocketOptions.defaults().withCompression(false));
                io.jasyncio.Future<Double> pong = ws.ping();
                assertThrows(ConnectionClosedOK.class, ws::receive); // reads the pong, then the close
                assertTrue(pong.result() >= 0);
                server.close();
                server.waitClosed();
                return null;
            });
        }
    }

    @Nested
    class ReservedBits { // Autobahn 3.*
        @ParameterizedTest
        @ValueSource(ints = {RSV1, RSV2, RSV3, RSV1 | RSV2 | RSV3})
        void reservedBitsWithoutAnExtensionFailWith1002(int rsv) {
            run(() -> Battery.withEcho(raw -> {
                raw.sendText("fine");
                assertEquals("fine", raw.read().text());
                raw.send(FIN | rsv | TEXT, bytes(3));
                raw.expectClose(1002);
                raw.expectEof();
            }));
        }

        @Test
        void reservedBitOnAPingFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | RSV3 | PING, bytes(3));
                raw.expectClose(1002);
            }));
        }
    }

    @Nested
    class Opcodes { // Autobahn 4.*
        @ParameterizedTest
        @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
        void reservedOpcodesFailWith1002(int opcode) {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | opcode, bytes(4));
                raw.expectClose(1002);
                raw.expectEof();
            }));
        }
    }

    @Nested
    class Fragmentation { // Autobahn 5.*
        @Test
        void fragmentedTextIsReassembled() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(TEXT, "frag".getBytes());
                raw.send(CONTINUATION, "ment".getBytes());
                raw.send(FIN | CONTINUATION, "ed".getBytes());
                Raw.Frame f = raw.read();
                assertEquals(FIN | TEXT, f.b0());
                assertEquals("fragmented", f.text());
            }));
        }

        @Test
        void pingsBetweenFragmentsAreAnsweredAtOnce() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(BINARY, bytes(3));
                raw.send(FIN | PING, "x".getBytes());
                Raw.Frame pong = raw.read(); // before the message is complete
                assertEquals(PONG, pong.opcode());
                raw.send(CONTINUATION, bytes(2));
                raw.send(FIN | PONG, "unsolicited".getBytes());
                raw.send(FIN | CONTINUATION, bytes(1));
                byte[] want = new byte[6];
                System.arraycopy(bytes(3), 0, want, 0, 3);
                System.arraycopy(bytes(2), 0, want, 3, 2);
                System.arraycopy(bytes(1), 0, want, 5, 1);
                assertArrayEquals(want, raw.read().payload());
            }));
        }

        @Test
        void oneBytesFragmentsOfAKilobyte() {
            run(() -> Battery.withEcho(raw -> {
                byte[] all = bytes(1000);
                for (int i = 0; i < all.length; i++) {
                    raw.send((i == all.length - 1 ? FIN : 0) | (i == 0 ? TEXT : CONTINUATION), Arrays.copyOfRange(all, i, i + 1));
                }
                assertArrayEquals(all, raw.read().payload());
            }));
        }

        @Test
        void continuationWithoutAMessageFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(FIN | CONTINUATION, bytes(3));
                raw.expectClose(1002);
            }));
        }

        @Test
        void aNewMessageInsideAFragmentedOneFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(TEXT, bytes(3));
                raw.send(FIN | TEXT, bytes(3));
                raw.expectClose(1002);
            }));
        }

        @Test
        void fragmentedCloseFailsWith1002() {
            run(() -> Battery.withEcho(raw -> {
                raw.send(CLOSE, new byte[] {3, (byte) 232});
                raw.expectClose(1002);
            }));
        }

        @Test
        void ourClientSendsFragmentsThatPythonWouldReassemble() {
            run(() -> {
                io.jasyncio.net.Server server = Raw.server(raw -> {
                    Raw.Frame a = raw.read(), b = raw.read(), c = raw.read();
                    assertEquals(TEXT, a.b0());
                    assertEquals(CONTINUATION, b.b0());
                    assertEquals(FIN | CONTINUATION, c.b0());
                    assertTrue(a.masked() && b.masked() && c.masked());
                    raw.send(FIN | TEXT, (a.text() + b.text() + c.text()).getBytes());
                    raw.sendClose(1000, "");
                    raw.expectClose(1000);
                }, Raw::ok101);
                WebSocket ws = WebSocketClient.connect("ws://127.0.0.1:" + Raw.port(server) + "/",
                        WebSocketOptions.defaults().withCompression(false));
                ws.sendTextFragments(java.util.List.of("one ", "two ", "three"));
                assertEquals(new Message.Text("one two three"), ws.receive());
                assertThrows(ConnectionClosedOK.class, ws::receive);
                server.close();
                server.waitClosed();
                return null;
            });
        }
    }
}
