package io.jasyncio.http.websocket.internal;

import io.jasyncio.http.websocket.Message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns data frames into messages (RFC 6455 section 5.4, RFC 7692 section 6): reassembles fragments,
 * decompresses permessage-deflate messages, checks text as UTF-8 (fragment by fragment, so an invalid
 * sequence fails at once) and enforces the size limit after reassembly and after decompression.
 *
 * <p>States: idle (no message started) or assembling (a first fragment came without FIN; its opcode,
 * whether compressed, and the bytes so far are kept). A protocol violation raises {@link ProtocolError}
 * with the close code; the connection is then failed, so the state does not matter any more.
 */
public final class MessageAssembler {
    private static final byte[] EMPTY = new byte[0];

    private final int maxMessageSize;
    private final PerMessageDeflate deflate;
    private final Utf8Validator utf8 = new Utf8Validator();
    /** The opcode of the message being assembled, or -1 when idle. */
    private int opcode = -1;
    private boolean compressed;
    private byte[] frag = EMPTY;
    private int fragLen;

    /**
     * @param maxMessageSize the largest message, in bytes, after reassembly and decompression
     * @param deflate the connection's permessage-deflate, or null if not negotiated (RSV1 is then an error)
     */
    public MessageAssembler(int maxMessageSize, PerMessageDeflate deflate) {
        this.maxMessageSize = maxMessageSize;
        this.deflate = deflate;
    }

    /**
     * Takes one data frame (text, binary or continuation; its payload unmasked).
     *
     * @return the message once whole, else null
     * @throws ProtocolError 1002 for a frame out of place or RSV1 where it may not be, 1007 for invalid
     *     UTF-8 or deflate data, 1009 past the size limit
     */
    public Message onDataFrame(int op, boolean fin, boolean rsv1, byte[] buf, int off, int len) throws ProtocolError {
        if (op == Frames.CONTINUATION) {
            if (opcode < 0) {
                throw new ProtocolError(1002, "a continuation frame with no fragmented message to continue");
            }
            if (rsv1) {
                throw new ProtocolError(1002, "RSV1 set on a continuation frame");
            }
            append(buf, off, len);
            if (!fin) {
                return null;
            }
            int whole = opcode;
            opcode = -1;
            Message m = finish(whole, compressed, frag, 0, fragLen);
            if (frag.length > 64 * 1024) {
                frag = EMPTY; // do not keep the memory of one big message
            }
            return m;
        }
        if (opcode >= 0) {
            throw new ProtocolError(1002, "a new data frame before the fragmented message ended");
        }
        if (rsv1 && deflate == null) {
            throw new ProtocolError(1002, "RSV1 set without permessage-deflate negotiated");
        }
        if (fin) {
            if (!rsv1 && op == Frames.TEXT && !Utf8Validator.isValid(buf, off, len)) {
                throw new ProtocolError(1007, "text message is not valid UTF-8");
            }
            return finish(op, rsv1, buf, off, len);
        }
        opcode = op;
        compressed = rsv1;
        fragLen = 0;
        utf8.reset();
        append(buf, off, len);
        return null;
    }

    private void append(byte[] b, int off, int len) throws ProtocolError {
        if ((long) fragLen + len > maxMessageSize) {
            throw new ProtocolError(1009, "message over the limit of " + maxMessageSize + " bytes");
        }
        if (opcode == Frames.TEXT && !compressed && !utf8.feed(b, off, len)) {
            throw new ProtocolError(1007, "text message is not valid UTF-8");
        }
        if (frag.length - fragLen < len) {
            frag = Arrays.copyOf(frag, Math.max(fragLen + len, Math.min(maxMessageSize, Math.max(256, frag.length * 2))));
        }
        System.arraycopy(b, off, frag, fragLen, len);
        fragLen += len;
    }

    /** A whole message from its (maybe compressed) payload; fragmented text was checked as it came. */
    private Message finish(int op, boolean isCompressed, byte[] b, int off, int len) throws ProtocolError {
        if (isCompressed) {
            b = deflate.decompress(b, off, len, maxMessageSize);
            off = 0;
            len = b.length;
            if (op == Frames.TEXT && !Utf8Validator.isValid(b, 0, len)) {
                throw new ProtocolError(1007, "text message is not valid UTF-8");
            }
        } else if (op == Frames.TEXT && b == frag && !utf8.complete()) {
            throw new ProtocolError(1007, "text message ends in the middle of a UTF-8 sequence");
        }
        return op == Frames.TEXT ? new Message.Text(new String(b, off, len, StandardCharsets.UTF_8))
                : new Message.Binary(Arrays.copyOfRange(b, off, off + len));
    }
}
