package io.jasyncio.http.websocket.internal;

import io.jasyncio.streams.StreamReader;

import java.io.EOFException;
import java.io.IOException;

/**
 * Reads RFC 6455 frames from a {@link StreamReader} into a buffer of its own, one frame per
 * {@link #next()}, and checks what a single frame can break: opcodes, reserved bits 2 and 3, control
 * frame rules, the masking rule of the role, and the size limit. What depends on earlier frames
 * (fragmentation, RSV1 with permessage-deflate) is the connection's to check.
 *
 * <p>Reading takes whatever the stream has buffered in one call, so a burst of small frames costs one
 * read; the payload of the current frame is {@code buf()[payloadOffset() .. + payloadLength()]}, already
 * unmasked, valid until the next call.
 *
 * <p>Cancel safety: {@link #next()} keeps partial frames in its buffer; a cancelled call loses nothing
 * and the next call resumes.
 */
public final class FrameDecoder {
    private static final int READ_SIZE = 64 * 1024;

    private final StreamReader reader;
    private final boolean expectMasked;
    private final long maxPayload;
    private byte[] buf = new byte[8 * 1024];
    private int start;
    private int end;

    private boolean fin;
    private boolean rsv1;
    private int opcode;
    private int payloadOffset;
    private int payloadLength;

    /**
     * @param expectMasked true on a server (clients must mask), false on a client (servers must not)
     * @param maxPayload the largest payload accepted in one frame; more fails with 1009
     */
    public FrameDecoder(StreamReader reader, boolean expectMasked, long maxPayload) {
        this.reader = reader;
        this.expectMasked = expectMasked;
        this.maxPayload = maxPayload;
    }

    /**
     * Reads the next frame.
     *
     * @return false at a clean end of stream (EOF between frames)
     * @throws ProtocolError if the frame breaks the protocol (the code to close with is in it)
     * @throws EOFException if the stream ends in the middle of a frame
     * @throws IOException the connection's error
     */
    public boolean next() throws IOException {
        while (true) {
            int avail = end - start;
            if (avail >= 2) {
                int b0 = buf[start] & 0xFF, b1 = buf[start + 1] & 0xFF;
                int len7 = b1 & 0x7F;
                boolean masked = (b1 & 0x80) != 0;
                int header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
                if (avail >= header) {
                    long len = checkHeader(b0, masked, len7);
                    if (avail >= header + len) {
                        fin = (b0 & 0x80) != 0;
                        rsv1 = (b0 & 0x40) != 0;
                        opcode = b0 & 0x0F;
                        payloadOffset = start + header;
                        payloadLength = (int) len;
                        if (masked) {
                            Frames.unmask(buf, payloadOffset, payloadLength, buf, payloadOffset - 4);
                        }
                        start += header + payloadLength;
                        return true;
                    }
                    fill(header + (int) len);
                    continue;
                }
                fill(header);
                continue;
            }
            if (!fill(2)) {
                return false;
            }
        }
    }

    /** Checks the first header bytes; returns the payload length (its extended bytes are buffered). */
    private long checkHeader(int b0, boolean masked, int len7) throws ProtocolError {
        int op = b0 & 0x0F;
        if ((b0 & 0x30) != 0) {
            throw new ProtocolError(1002, "reserved bits RSV2/RSV3 set without a negotiated extension");
        }
        if (op > Frames.BINARY && op < Frames.CLOSE || op > Frames.PONG) {
            throw new ProtocolError(1002, "reserved opcode 0x" + Integer.toHexString(op));
        }
        if (Frames.isControl(op)) {
            if ((b0 & 0x80) == 0) {
                throw new ProtocolError(1002, "fragmented control frame");
            }
            if (len7 > Frames.MAX_CONTROL_PAYLOAD) {
                throw new ProtocolError(1002, "control frame payload over 125 bytes");
            }
            if ((b0 & 0x40) != 0) {
                throw new ProtocolError(1002, "RSV1 set on a control frame");
            }
        }
        if (masked != expectMasked) {
            throw new ProtocolError(1002, expectMasked ? "unmasked frame from a client" : "masked frame from a server");
        }
        long len;
        if (len7 == 126) {
            len = ((buf[start + 2] & 0xFF) << 8) | (buf[start + 3] & 0xFF);
        } else if (len7 == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | (buf[start + 2 + i] & 0xFF);
            }
            if (len < 0) {
                throw new ProtocolError(1002, "frame length with its most significant bit set");
            }
        } else {
            len = len7;
        }
        if (len > maxPayload) {
            throw new ProtocolError(1009, "frame of " + len + " bytes is over the limit of " + maxPayload);
        }
        return len;
    }

    /**
     * Reads until {@code need} bytes from {@code start} are buffered (at least one read).
     *
     * @return false at EOF with nothing of a frame buffered
     */
    private boolean fill(int need) throws IOException {
        if (buf.length - start < need) {
            if (buf.length < need) {
                byte[] bigger = new byte[Math.max(need, buf.length * 2)];
                System.arraycopy(buf, start, bigger, 0, end - start);
                buf = bigger;
            } else {
                System.arraycopy(buf, start, buf, 0, end - start);
            }
            end -= start;
            start = 0;
        } else if (start == end) {
            start = end = 0;
        }
        while (end - start < need) {
            byte[] chunk = reader.read(Math.min(READ_SIZE, Math.max(buf.length - end, need - (end - start))));
            if (chunk.length == 0) {
                if (end == start) {
                    return false;
                }
                throw new EOFException("the connection closed in the middle of a frame");
            }
            if (buf.length - end < chunk.length) { // read() may return up to what we asked for, this fits
                byte[] bigger = new byte[Math.max(end + chunk.length, buf.length * 2)];
                System.arraycopy(buf, 0, bigger, 0, end);
                buf = bigger;
            }
            System.arraycopy(chunk, 0, buf, end, chunk.length);
            end += chunk.length;
        }
        return true;
    }

    public boolean fin() {
        return fin;
    }

    public boolean rsv1() {
        return rsv1;
    }

    public int opcode() {
        return opcode;
    }

    public byte[] buf() {
        return buf;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** A copy of the current payload. */
    public byte[] payload() {
        return java.util.Arrays.copyOfRange(buf, payloadOffset, payloadOffset + payloadLength);
    }
}
