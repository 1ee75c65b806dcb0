package io.jasyncio.http.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) on {@code java.util.zip}: the negotiation of its parameters, and one
 * connection's compressor and decompressor.
 *
 * <p>{@code java.util.zip.Deflater} always uses a 32 KiB window (15 bits), so we never accept
 * {@code server_max_window_bits} below 15 as a server, and never offer {@code client_max_window_bits} as
 * a client (a server could then restrict our window). An {@code Inflater} decodes any window size, so
 * the peer's window may be anything.
 *
 * <p>Decompression bombs: {@link #decompress} stops as soon as the output passes the message size limit
 * (a few KiB of input can inflate to gigabytes) and fails with 1009, without holding more than the limit.
 */
public final class PerMessageDeflate {
    public static final String NAME = "permessage-deflate";
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    /**
     * The negotiated parameters.
     *
     * @param serverNoContextTakeover the server resets its compressor after each message
     * @param clientNoContextTakeover the client resets its compressor after each message
     */
    public record Params(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        /** The response header value the server sends. */
        public String header() {
            return NAME + (serverNoContextTakeover ? "; server_no_context_takeover" : "")
                    + (clientNoContextTakeover ? "; client_no_context_takeover" : "");
        }
    }

    /**
     * The server's choice: the first offer it can accept, or null (then no compression).
     *
     * @param wantServerNct the server's own wish to reset its compressor every message
     * @param wantClientNct the server asks the client to reset its compressor every message
     */
    public static Params acceptOffer(List<String> extensionHeaders, boolean wantServerNct, boolean wantClientNct) {
        for (ExtensionHeader ext : ExtensionHeader.parse(extensionHeaders)) {
            if (!ext.name().equals(NAME) || ext.duplicate()) {
                continue;
            }
            boolean ok = true, serverNct = wantServerNct, clientNct = wantClientNct;
            for (Map.Entry<String, String> p : ext.params().entrySet()) {
                String v = p.getValue();
                switch (p.getKey()) {
                    case "server_no_context_takeover" -> { ok &= v == null; serverNct = true; }
                    case "client_no_context_takeover" -> { ok &= v == null; clientNct = true; }
                    // We compress with 15 bits only: a smaller server window cannot be honoured.
                    case "server_max_window_bits" -> ok &= "15".equals(v);
                    // The client may restrict its window; we answer without it, so it uses 15 bits.
                    case "client_max_window_bits" -> ok &= v == null || windowBits(v);
                    default -> ok = false;
                }
            }
            if (ok) {
                return new Params(serverNct, clientNct);
            }
        }
        return null;
    }

    /** The client's offer. */
    public static String offer(boolean serverNct, boolean clientNct) {
        return new Params(serverNct, clientNct).header();
    }

    /**
     * Checks the server's response to our offer.
     *
     * @return the parameters, or null if the server did not accept the extension
     * @throws IllegalArgumentException (with the reason) if the response is not one we can accept
     */
    public static Params acceptResponse(List<String> extensionHeaders, boolean offeredServerNct, boolean offeredClientNct) {
        List<ExtensionHeader> exts = ExtensionHeader.parse(extensionHeaders);
        if (exts.isEmpty()) {
            return null;
        }
        if (exts.size() > 1 || !exts.get(0).name().equals(NAME) || exts.get(0).duplicate()) {
            throw new IllegalArgumentException("the server answered with extensions we did not offer: " + extensionHeaders);
        }
        boolean serverNct = false, clientNct = offeredClientNct;
        for (Map.Entry<String, String> p : exts.get(0).params().entrySet()) {
            String v = p.getValue();
            boolean ok = switch (p.getKey()) {
                case "server_no_context_takeover" -> { serverNct = true; yield v == null; }
                case "client_no_context_takeover" -> { clientNct = true; yield v == null; }
                case "server_max_window_bits" -> v != null && windowBits(v); // we inflate any window
                default -> false; // client_max_window_bits was not offered
            };
            if (!ok) {
                throw new IllegalArgumentException("unacceptable permessage-deflate parameter in " + extensionHeaders);
            }
        }
        if (offeredServerNct && !serverNct) {
            throw new IllegalArgumentException("the server did not accept server_no_context_takeover: " + extensionHeaders);
        }
        return new Params(serverNct, clientNct);
    }

    private static boolean windowBits(String v) {
        return v.matches("[89]|1[0-5]");
    }

    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    private final boolean resetCompressor;
    private final boolean resetDecompressor;
    private byte[] out = new byte[1024];

    /**
     * @param resetCompressor our side does not keep its context between messages
     * @param resetDecompressor the peer's side does not keep its context
     */
    public PerMessageDeflate(boolean resetCompressor, boolean resetDecompressor, int level) {
        this.deflater = new Deflater(level, true);
        this.resetCompressor = resetCompressor;
        this.resetDecompressor = resetDecompressor;
    }

    /** For a server: which side is which. */
    public static PerMessageDeflate forRole(Params p, boolean server, int level) {
        return server ? new PerMessageDeflate(p.serverNoContextTakeover(), p.clientNoContextTakeover(), level)
                : new PerMessageDeflate(p.clientNoContextTakeover(), p.serverNoContextTakeover(), level);
    }

    /** Compresses one whole message; the result is the frame payload (the sync tail removed). */
    public byte[] compress(byte[] data, int off, int len) {
        deflater.setInput(data, off, len);
        int n = 0;
        while (true) {
            if (out.length - n < 64) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            int space = out.length - n;
            int k = deflater.deflate(out, n, space, Deflater.SYNC_FLUSH);
            n += k;
            if (k < space) { // the output did not fill the room given: everything is flushed
                break;
            }
        }
        if (resetCompressor) {
            deflater.reset();
        }
        // SYNC_FLUSH ends with the empty stored block 00 00 FF FF, which the receiver appends back.
        int size = n >= 4 && out[n - 4] == 0 && out[n - 3] == 0 && out[n - 2] == -1 && out[n - 1] == -1 ? n - 4 : n;
        if (size == 0) {
            // zlib emits nothing for a sync flush right after another with no input in between (an empty
            // message after an empty one): send the empty stored block's header, as RFC 7692 7.2.3.6 shows.
            return new byte[] {0};
        }
        return java.util.Arrays.copyOf(out, size);
    }

    /**
     * Decompresses one whole message.
     *
     * @param maxSize the most bytes the message may inflate to
     * @throws ProtocolError 1009 past {@code maxSize}, 1007 if the data is not valid deflate
     */
    public byte[] decompress(byte[] data, int off, int len, int maxSize) throws ProtocolError {
        inflater.setInput(data, off, len);
        ByteArrayOutputStream msg = new ByteArrayOutputStream(Math.min(maxSize, Math.max(256, len * 4)));
        byte[] chunk = new byte[Math.min(64 * 1024, Math.max(maxSize, 1) + 1)];
        try {
            boolean tail = false;
            while (true) {
                int k = inflater.inflate(chunk);
                if (k > 0) {
                    if (msg.size() + k > maxSize) {
                        throw new ProtocolError(1009, "compressed message inflates to over " + maxSize + " bytes");
                    }
                    msg.write(chunk, 0, k);
                } else if (inflater.needsInput()) {
                    if (tail) {
                        break;
                    }
                    inflater.setInput(TAIL);
                    tail = true;
                } else {
                    break; // finished, or a dictionary asked for (never in permessage-deflate)
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolError(1007, "invalid compressed data: " + e.getMessage());
        }
        if (resetDecompressor || inflater.finished()) {
            inflater.reset();
        }
        return msg.toByteArray();
    }

    /** Frees the native memory of the compressor and decompressor. */
    public void end() {
        deflater.end();
        inflater.end();
    }
}
