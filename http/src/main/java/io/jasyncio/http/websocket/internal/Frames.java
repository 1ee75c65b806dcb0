package io.jasyncio.http.websocket.internal;

/**
 * RFC 6455 frame layout (section 5.2): opcodes, and encoding one frame into a single array so that a
 * frame always goes to the socket in one write (frames of concurrent senders never interleave).
 */
public final class Frames {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** The largest payload of a control frame (section 5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private Frames() {
    }

    /** Whether {@code opcode} is a control frame's (close, ping, pong, or a reserved 0xB-0xF). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /**
     * One frame: header, then the payload, masked with {@code maskKey} when {@code masked} (a client's
     * frames) and copied as is otherwise.
     *
     * @param maskKey the 4-byte masking key as a big-endian int (ignored unless masked)
     */
    public static byte[] encode(int opcode, boolean fin, boolean rsv1, byte[] payload, int off, int len,
                                boolean masked, int maskKey) {
        int lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
        int header = 2 + lenBytes + (masked ? 4 : 0);
        byte[] frame = new byte[header + len];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        int p = 2;
        if (lenBytes == 0) {
            frame[1] = (byte) (maskBit | len);
        } else if (lenBytes == 2) {
            frame[1] = (byte) (maskBit | 126);
            frame[2] = (byte) (len >>> 8);
            frame[3] = (byte) len;
            p = 4;
        } else {
            frame[1] = (byte) (maskBit | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
            p = 10;
        }
        if (masked) {
            frame[p] = (byte) (maskKey >>> 24);
            frame[p + 1] = (byte) (maskKey >>> 16);
            frame[p + 2] = (byte) (maskKey >>> 8);
            frame[p + 3] = (byte) maskKey;
            p += 4;
            for (int i = 0; i < len; i++) {
                frame[p + i] = (byte) (payload[off + i] ^ frame[p - 4 + (i & 3)]);
            }
        } else {
            System.arraycopy(payload, off, frame, p, len);
        }
        return frame;
    }

    /** Unmasks (or masks: the same XOR) {@code len} bytes in place with the key at {@code key[keyOff..+4]}. */
    public static void unmask(byte[] buf, int off, int len, byte[] key, int keyOff) {
        byte k0 = key[keyOff], k1 = key[keyOff + 1], k2 = key[keyOff + 2], k3 = key[keyOff + 3];
        int i = 0;
        for (; i + 3 < len; i += 4) {
            buf[off + i] ^= k0;
            buf[off + i + 1] ^= k1;
            buf[off + i + 2] ^= k2;
            buf[off + i + 3] ^= k3;
        }
        for (; i < len; i++) {
            buf[off + i] ^= key[keyOff + (i & 3)];
        }
    }
}
