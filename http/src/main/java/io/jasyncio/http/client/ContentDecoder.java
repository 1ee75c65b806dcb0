package io.jasyncio.http.client;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a {@code Content-Encoding: gzip} or {@code deflate} body as it arrives, chunk by chunk, with the
 * JDK's {@link Inflater} (the JDK's {@code GZIPInputStream} pulls from a blocking stream; the connection
 * pushes). gzip (RFC 1952): the header is parsed here, the deflate data inflated raw, the CRC-32 and length
 * of the trailer checked. {@code deflate} is the zlib format (RFC 1950), or raw deflate as some servers send
 * it (aiohttp accepts both; so do browsers).
 *
 * <p>States: header (gzip only) &rarr; inflating &rarr; trailer (gzip only) &rarr; done. Bytes after the end
 * are an error, as is an end that never comes ({@link #finish()}).
 */
final class ContentDecoder {
    private static final int OUT = 16 * 1024;

    private final boolean gzip;
    private final Consumer<byte[]> sink;
    private Inflater inflater;
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[OUT];
    /** Header or trailer bytes gathered so far (both are short). */
    private byte[] pending = new byte[0];
    private boolean inHeader;
    private boolean inTrailer;
    private boolean done;
    private boolean sawZlibTry;

    private ContentDecoder(boolean gzip, Consumer<byte[]> sink) {
        this.gzip = gzip;
        this.sink = sink;
        this.inHeader = gzip;
        this.inflater = new Inflater(gzip);
    }

    /**
     * A decoder for this {@code Content-Encoding}, or null when none is needed or the coding is unknown
     * (the body is then passed on as it is, as aiohttp does).
     */
    static ContentDecoder forEncoding(String encoding, Consumer<byte[]> sink) {
        if (encoding == null) {
            return null;
        }
        return switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new ContentDecoder(true, sink);
            case "deflate" -> new ContentDecoder(false, sink);
            default -> null;
        };
    }

    /** Decodes the bytes from position to limit, handing each decoded piece to the sink. */
    void decode(ByteBuffer in) throws DataFormatException {
        while (in.hasRemaining()) {
            if (done) {
                throw new DataFormatException("bytes after the end of the compressed data");
            }
            if (inHeader) {
                if (!gatherHeader(in)) {
                    return;
                }
            } else if (inTrailer) {
                gatherTrailer(in);
            } else {
                inflate(in);
            }
        }
    }

    /** The body ended: checks that the compressed data ended too. */
    void finish() throws DataFormatException {
        inflater.end();
        if (!done) {
            throw new DataFormatException("the compressed body ended early");
        }
    }

    /** Releases the inflater's native memory (on a failed or abandoned body). */
    void close() {
        inflater.end();
    }

    private void inflate(ByteBuffer in) throws DataFormatException {
        int start = in.position();
        inflater.setInput(in);
        while (true) {
            int n;
            try {
                n = inflater.inflate(out);
            } catch (DataFormatException e) {
                if (!gzip && !sawZlibTry && inflater.getTotalOut() == 0) {
                    // "deflate" without the zlib wrapper: start again in raw mode on the same bytes.
                    sawZlibTry = true;
                    inflater.end();
                    inflater = new Inflater(true);
                    in.position(start);
                    inflater.setInput(in);
                    continue;
                }
                throw e;
            }
            sawZlibTry = true;
            if (n > 0) {
                if (gzip) {
                    crc.update(out, 0, n);
                }
                byte[] piece = new byte[n];
                System.arraycopy(out, 0, piece, 0, n);
                sink.accept(piece);
            }
            if (inflater.finished()) {
                if (gzip) {
                    inTrailer = true;
                } else {
                    done = true;
                }
                return; // the inflater advanced the buffer past what it used
            }
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("deflate data needs a preset dictionary");
                }
                return;
            }
        }
    }

    private boolean gatherHeader(ByteBuffer in) throws DataFormatException {
        // Gather bytes until the whole header (of variable length) is there, then drop it.
        while (in.hasRemaining()) {
            pending = append(pending, in.get());
            int len = headerLength(pending);
            if (len > 0) {
                inHeader = false;
                pending = new byte[0];
                return true;
            }
        }
        return false;
    }

    /** The gzip header's length if {@code h} holds all of it, else 0. */
    private static int headerLength(byte[] h) throws DataFormatException {
        if (h.length < 10) {
            return 0;
        }
        if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
            throw new DataFormatException("not gzip data (bad magic number or method)");
        }
        int flags = h[3] & 0xff;
        int pos = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (h.length < pos + 2) {
                return 0;
            }
            pos += 2 + ((h[pos] & 0xff) | (h[pos + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) != 0) {
                while (true) {
                    if (pos >= h.length) {
                        return 0;
                    }
                    if (h[pos++] == 0) {
                        break;
                    }
                }
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            pos += 2;
        }
        return h.length >= pos ? pos : 0;
    }

    private void gatherTrailer(ByteBuffer in) throws DataFormatException {
        while (in.hasRemaining() && pending.length < 8) {
            pending = append(pending, in.get());
        }
        if (pending.length == 8) {
            long crcSent = le32(pending, 0);
            long size = le32(pending, 4);
            if (crcSent != crc.getValue()) {
                throw new DataFormatException("gzip CRC-32 mismatch");
            }
            if (size != (inflater.getBytesWritten() & 0xffffffffL)) {
                throw new DataFormatException("gzip length mismatch");
            }
            inTrailer = false;
            done = true;
        }
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static byte[] append(byte[] a, byte b) {
        byte[] r = new byte[a.length + 1];
        System.arraycopy(a, 0, r, 0, a.length);
        r[a.length] = b;
        return r;
    }
}
