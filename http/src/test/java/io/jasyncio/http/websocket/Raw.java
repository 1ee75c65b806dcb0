package io.jasyncio.http.websocket;

import io.jasyncio.streams.Streams;
import io.jasyncio.net.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.http.websocket.internal.Frames;
import io.jasyncio.http.websocket.internal.Handshakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-driven WebSocket peer for the conformance battery: writes any frame, legal or not, and reads
 * frames exactly as they come, so each test states the bytes on the wire.
 */
final class Raw {
    static final int FIN = 0x80, RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10;

    /** A frame as read: the first byte (FIN, RSV, opcode), whether masked, and the unmasked payload. */
    record Frame(int b0, boolean masked, byte[] payload) {
        int opcode() {
            return b0 & 0x0F;
        }

        boolean fin() {
            return (b0 & 0x80) != 0;
        }

        int closeCode() {
            assertEquals(Frames.CLOSE, opcode(), "expected a close frame");
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final StreamReader reader;
    final StreamWriter writer;
    final boolean mask;

    Raw(StreamReader reader, StreamWriter writer, boolean mask) {
        this.reader = reader;
        this.writer = writer;
        this.mask = mask;
    }

    static int port(Server s) {
        return ((InetSocketAddress) s.addresses().get(0)).getPort();
    }

    /** Connects as a client and completes a handshake with the given extra request lines. */
    static Raw client(int port, String... extraHeaderLines) throws IOException {
        Streams.StreamPair c = Streams.openConnection("127.0.0.1", port);
        StringBuilder req = new StringBuilder("GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaderLines) {
            req.append(h).append("\r\n");
        }
        c.writer().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        String head = new String(c.reader().readuntil("\r\n\r\n".getBytes()), StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head); // RFC 6455's example
        Raw raw = new Raw(c.reader(), c.writer(), true);
        raw.head = head;
        return raw;
    }

    String head;

    /** What a raw server does with its connection after the handshake response. */
    interface RawHandler {
        void handle(Raw raw) throws Exception;
    }

    /** Sends a frame: {@code b0} is FIN | RSV | opcode; masked as a client's, unless this is a server. */
    void send(int b0, byte[] payload) {
        send(b0, payload, mask);
    }

    void send(int b0, byte[] payload, boolean masked) {
        int key = ThreadLocalRandom.current().nextInt();
        byte[] f = Frames.encode(b0 & 0x0F, (b0 & FIN) != 0, false, payload, 0, payload.length, masked, key);
        f[0] = (byte) b0; // any RSV bits, as given
        writer.write(f);
    }

    void sendText(String s) {
        send(FIN | Frames.TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r);
        send(FIN | Frames.CLOSE, b.array());
    }

    /** Reads one frame. */
    Frame read() throws IOException {
        byte[] h = reader.readexactly(2);
        int len = h[1] & 0x7F;
        boolean masked = (h[1] & 0x80) != 0;
        long n = len == 126 ? ByteBuffer.wrap(reader.readexactly(2)).getShort() & 0xFFFF
                : len == 127 ? ByteBuffer.wrap(reader.readexactly(8)).getLong() : len;
        byte[] key = masked ? reader.readexactly(4) : null;
        byte[] payload = reader.readexactly((int) n);
        if (masked) {
            Frames.unmask(payload, 0, payload.length, key, 0);
        }
        return new Frame(h[0] & 0xFF, masked, payload);
    }

    /** Reads frames up to a close frame, skipping none: the next frame must be the close, with this code. */
    void expectClose(int code) throws IOException {
        Frame f = read();
        assertEquals(Frames.CLOSE, f.opcode(), "expected a close frame, got opcode " + f.opcode());
        assertEquals(code, f.closeCode(), "close code");
    }

    /** Expects the server to close the TCP connection now. */
    void expectEof() throws IOException {
        assertEquals(0, reader.read(1).length, "expected the end of the connection");
    }

    void close() throws IOException {
        writer.close();
        try {
            writer.waitClosed();
        } catch (IOException e) {
            // a reset after the peer closed: fine here
        }
    }

    /** A server that accepts one raw connection with the given handshake response lines (for client tests). */
    static Server server(RawHandler onConnect, java.util.function.Function<String, String> response) throws IOException {
        return Streams.startServer((r, w) -> {
            String req = new String(r.readuntil("\r\n\r\n".getBytes()), StandardCharsets.ISO_8859_1);
            String key = req.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
            w.write(response.apply(Handshakes.acceptKey(key)).getBytes(StandardCharsets.ISO_8859_1));
            Raw raw = new Raw(r, w, false);
            raw.head = req;
            onConnect.handle(raw);
        }, "127.0.0.1", 0);
    }

    static String ok101(String accept, String... extra) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept + "\r\n" + String.join("", java.util.Arrays.stream(extra).map(s -> s + "\r\n").toList()) + "\r\n";
    }
}
