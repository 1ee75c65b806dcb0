package io.jasyncio.files;

import java.io.CharConversionException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A text file's encoding: how its lines are found in bytes, and how lines are decoded and text
 * encoded. Lines are found by the encoded newline ({@code '\n'}) in the bytes, before decoding, so that
 * {@code tell()} is an exact byte offset and a line costs no decoder state. That is exact for encodings
 * where those bytes never occur inside another character: UTF-8, single-byte charsets, and UTF-16/32
 * with an explicit byte order (searched at code-unit alignment); other encodings are refused at
 * {@code open}. One instance per open file (decoders are stateful); loop-confined.
 */
final class TextCodec {

    private static final Set<String> FIXED_WIDTH = Set.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE");

    final Charset charset;
    /** The encoded {@code '\n'}: 1, 2 or 4 bytes; lines are searched at multiples of its length. */
    final byte[] newline;
    /** Bytes 0-127 decode to the same chars: an ASCII run can be copied as Latin-1. */
    private final boolean asciiCompatible;
    private final boolean strict;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder;
    private final float maxBytesPerChar;

    private TextCodec(Charset charset, boolean strict) {
        this.charset = charset;
        this.strict = strict;
        CodingErrorAction action = strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
        this.decoder = charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
        this.encoder = charset.newEncoder().onMalformedInput(action).onUnmappableCharacter(action);
        this.maxBytesPerChar = encoder.maxBytesPerChar();
        this.newline = "\n".getBytes(charset);
        byte[] ascii = new byte[128];
        for (int i = 0; i < 128; i++) {
            ascii[i] = (byte) i;
        }
        this.asciiCompatible = newline.length == 1
                && new String(ascii, charset).equals(new String(ascii, StandardCharsets.ISO_8859_1));
    }

    /**
     * The codec for a text file.
     *
     * @throws IllegalArgumentException naming the encoding if lines cannot be found in its bytes
     */
    static TextCodec of(Charset charset, OpenOptions.Errors errors) {
        boolean fixedWidth = FIXED_WIDTH.contains(charset.name());
        boolean byteSafe = charset.equals(StandardCharsets.UTF_8)
                || (charset.canEncode() && charset.newEncoder().maxBytesPerChar() == 1);
        TextCodec c = charset.canEncode() ? new TextCodec(charset, errors == OpenOptions.Errors.STRICT) : null;
        if (c == null || !(fixedWidth || (byteSafe && c.newline.length == 1 && c.newline[0] == '\n'))) {
            throw new IllegalArgumentException("encoding " + charset.name() + " is not supported for text files"
                    + " (lines are found by their newline bytes): use UTF-8, a single-byte charset such as"
                    + " ISO-8859-1, or UTF-16LE/BE or UTF-32LE/BE; or open in binary mode and decode yourself");
        }
        return c;
    }

    /**
     * The end (exclusive, after the newline) of the first line in {@code b[from, to)}, or -1. {@code from}
     * must be at a character boundary; the search steps by the newline's length from there.
     */
    int lineEnd(byte[] b, int from, int to) {
        if (newline.length == 1) {
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    return i + 1;
                }
            }
            return -1;
        }
        int w = newline.length;
        for (int i = from; i + w <= to; i += w) {
            if (Arrays.equals(b, i, i + w, newline, 0, w)) {
                return i + w;
            }
        }
        return -1;
    }

    /** The lines of decoded {@code text}, each with its {@code '\n'} (none on a last line without one). */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        for (int from = 0; from < text.length(); ) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(from, to));
            from = to;
        }
        return lines;
    }

    /** How far from {@code from} a search has certainly covered in {@code b[from, to)}: whole code units. */
    int scanned(int from, int to) {
        return (to - from) / newline.length * newline.length;
    }

    /**
     * Decodes whole characters {@code b[off, off+len)}.
     *
     * @param filePos the file offset of {@code b[off]}, for the error message
     * @throws CharConversionException naming the path and the byte offset, in strict mode
     */
    String decode(byte[] b, int off, int len, long filePos, Path path) throws CharConversionException {
        if (asciiCompatible && isAscii(b, off, len)) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // the common case: no decoder at all
        }
        if (!strict) {
            return new String(b, off, len, charset);
        }
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(len * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw decodeError(b, in.position(), r.length(), filePos + in.position() - off, path);
        }
        return out.flip().toString();
    }

    /**
     * Decodes at most {@code max} chars from {@code in} into {@code out}, leaving an incomplete character in
     * {@code in} unless {@code endOfInput}.
     *
     * @param filePosOfInStart the file offset of {@code in}'s position when the call began
     * @throws CharConversionException in strict mode
     */
    boolean decodeSome(ByteBuffer in, CharBuffer out, boolean endOfInput, long filePosOfInStart, Path path)
            throws CharConversionException {
        int start = in.position();
        decoder.reset();
        CoderResult r = decoder.decode(in, out, endOfInput);
        if (r.isError()) {
            throw decodeError(in.array(), in.position(), r.length(), filePosOfInStart + in.position() - start, path);
        }
        return r.isOverflow();
    }

    /**
     * {@code b} decoded with this codec's error handling, on any thread (a fresh decoder): for big reads,
     * which decode on the pool thread.
     *
     * @throws CharConversionException naming the path and the byte offset, in strict mode
     */
    String decodeDetached(byte[] b, long filePos, Path path) throws CharConversionException {
        if (!strict) {
            return new String(b, charset);
        }
        return decodeAll(b, charset, path, filePos);
    }

    /**
     * {@code s} encoded with this codec's error handling (on the loop: the codec's encoder).
     *
     * @throws CharConversionException naming the character, its index and the path, in strict mode
     */
    byte[] encode(CharSequence s, Path path) throws CharConversionException {
        ByteBuffer out = ByteBuffer.allocate(maxBytes(s.length()) + 16);
        encodeInto(s, out, path);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** The most bytes {@code chars} chars can take. */
    int maxBytes(int chars) {
        return (int) Math.min(Integer.MAX_VALUE - 16, (long) Math.ceil(chars * (double) maxBytesPerChar));
    }

    /**
     * Encodes {@code s} into {@code out}, which has room for {@link #maxBytes} of it.
     *
     * @throws CharConversionException naming the character, its index and the path, in strict mode
     */
    void encodeInto(CharSequence s, ByteBuffer out, Path path) throws CharConversionException {
        if (asciiCompatible && copyAscii(s, out)) {
            return; // the common case: no encoder, no CharBuffer
        }
        encoder.reset();
        CharBuffer in = CharBuffer.wrap(s);
        CoderResult r = encoder.encode(in, out, true);
        if (!r.isError()) {
            r = encoder.flush(out);
        }
        if (r.isError()) {
            int i = in.position();
            throw new CharConversionException(path + ": cannot encode " + describe(s, i) + " at index " + i
                    + " with " + charset.name());
        }
        if (r.isOverflow()) {
            throw new IllegalStateException("encoder overflow: " + charset.name() + " exceeded maxBytesPerChar");
        }
    }

    /**
     * {@code s} encoded (strict or replacing), on any thread (a fresh encoder).
     *
     * @throws CharConversionException naming the path, in strict mode
     */
    static byte[] encode(CharSequence s, Charset charset, Path path) throws CharConversionException {
        try {
            ByteBuffer out = charset.newEncoder().encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(out.array(), out.arrayOffset() + out.position(), out.arrayOffset() + out.limit());
        } catch (CharacterCodingException e) {
            throw new CharConversionException(path + ": cannot encode the text with " + charset.name() + ": " + e);
        }
    }

    /**
     * {@code b} decoded strictly, on any thread (a fresh decoder).
     *
     * @throws CharConversionException naming the path and the byte offset
     */
    static String decodeAll(byte[] b, Charset charset, Path path, long filePos) throws CharConversionException {
        CharsetDecoder d = charset.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) Math.ceil(b.length * (double) d.maxCharsPerByte()) + 1));
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            throw decodeError(b, in.position(), r.length(), filePos + in.position(), path, charset);
        }
        return out.flip().toString();
    }

    private CharConversionException decodeError(byte[] b, int at, int len, long fileOffset, Path path) {
        return decodeError(b, at, len, fileOffset, path, charset);
    }

    private static CharConversionException decodeError(byte[] b, int at, int len, long fileOffset, Path path,
                                                       Charset charset) {
        StringBuilder bytes = new StringBuilder();
        for (int i = at; i < Math.min(b.length, at + Math.max(1, len)); i++) {
            bytes.append(bytes.isEmpty() ? "0x" : " 0x").append(String.format("%02x", b[i] & 0xff));
        }
        return new CharConversionException(path + ": cannot decode byte" + (len > 1 ? "s " : " ") + bytes
                + " at offset " + fileOffset + " with " + charset.name());
    }

    private static String describe(CharSequence s, int i) {
        if (i >= s.length()) {
            return "an incomplete surrogate pair";
        }
        int cp = Character.codePointAt(s, i);
        return "'" + new String(Character.toChars(cp)) + "' (U+" + String.format("%04X", cp) + ")";
    }

    /** Copies {@code s} into {@code out} if it is all ASCII (one pass); false, with {@code out} unmoved, if not. */
    private static boolean copyAscii(CharSequence s, ByteBuffer out) {
        byte[] b = out.array();
        int p = out.arrayOffset() + out.position();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            b[p + i] = (byte) c;
        }
        out.position(out.position() + n);
        return true;
    }

    private static boolean isAscii(byte[] b, int off, int len) {
        int or = 0;
        for (int i = off, end = off + len; i < end; i++) {
            or |= b[i];
        }
        return or >= 0;
    }
}
