package io.jasyncio.http.internal;

import io.jasyncio.http.Headers;
import io.jasyncio.http.HttpStatus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Writes an HTTP/1.1 message head (and optionally a small body) into one growable byte array, ready for a
 * single transport write. The server writes status lines with it, the client request lines; both write
 * fields and framing the same way. Field names and values were checked when they entered a
 * {@link Headers} (no CR, LF or NUL): this class only encodes.
 *
 * <p>Not thread-safe; reusable: {@link #reset()} between messages. Values are encoded as UTF-8.
 */
public final class HeadWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    /** The "Date: ...\r\n" line of the current second; an immutable pair, so racing loops are harmless. */
    private record DateLine(long second, byte[] bytes) {
    }

    private static volatile DateLine date = new DateLine(-1, new byte[0]);

    private byte[] buf;
    private int len;
    private String lastType;
    private byte[] lastTypeLine;

    /** A writer with an initial capacity in bytes. */
    public HeadWriter(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    /** Empties the writer. */
    public HeadWriter reset() {
        len = 0;
        return this;
    }

    /** "HTTP/1.1 200 OK\r\n" (cached per status). */
    public HeadWriter statusLine(int status) {
        byte[] line = status >= 100 && status < 600 ? STATUS_LINES[status] : null;
        if (line == null) {
            line = ("HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            if (status >= 100 && status < 600) STATUS_LINES[status] = line;
        }
        return raw(line);
    }

    /** "GET /path HTTP/1.1\r\n" (for a client). */
    public HeadWriter requestLine(String method, String target) {
        ascii(method).raw((byte) ' ').ascii(target);
        return ascii(" HTTP/1.1").raw(CRLF);
    }

    /** "Name: value\r\n". */
    public HeadWriter header(String name, String value) {
        ascii(name).raw((byte) ':').raw((byte) ' ');
        utf8(value);
        return raw(CRLF);
    }

    /** "Content-Type: type\r\n", pre-encoded for the last few types seen. */
    public HeadWriter contentType(String type) {
        byte[] line = lastTypeLine;
        if (lastType != type) { // identity: the server's constants hit every time
            line = ("Content-Type: " + type + "\r\n").getBytes(StandardCharsets.UTF_8);
            lastType = type;
            lastTypeLine = line;
        }
        return raw(line);
    }

    /** Every field of {@code headers}, in order. */
    public HeadWriter headers(Headers headers) {
        for (int i = 0, n = headers.size(); i < n; i++) header(headers.name(i), headers.value(i));
        return this;
    }

    /** "Content-Length: n\r\n". */
    public HeadWriter contentLength(long n) {
        raw(CONTENT_LENGTH);
        if (n == 0) {
            raw((byte) '0');
        } else {
            int start = len;
            ensure(20);
            for (long v = n; v > 0; v /= 10) buf[len++] = (byte) ('0' + v % 10);
            for (int i = start, j = len - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }
        return raw(CRLF);
    }

    /** "Date: ...\r\n" for the current second, formatted at most once per second per process. */
    public HeadWriter date() {
        long now = System.currentTimeMillis() / 1000;
        DateLine d = date;
        if (d.second != now) {
            String s = "Date: " + IMF_FIXDATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(now), ZoneOffset.UTC)) + "\r\n";
            d = new DateLine(now, s.getBytes(StandardCharsets.US_ASCII));
            date = d;
        }
        return raw(d.bytes);
    }

    /** The blank line that ends the head. */
    public HeadWriter end() {
        return raw(CRLF);
    }

    /** Appends bytes (a body, or pre-encoded fields). */
    public HeadWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    /** Appends {@code b[off, off+n)}. */
    public HeadWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends a chunk of a chunked body: size line, bytes, CRLF. */
    public HeadWriter chunk(byte[] b, int off, int n) {
        ascii(Integer.toHexString(n)).raw(CRLF);
        return raw(b, off, n).raw(CRLF);
    }

    private HeadWriter raw(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    private HeadWriter ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
        return this;
    }

    private void utf8(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // rare: fall back for the rest
                raw(s.substring(i).getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[len++] = (byte) c;
        }
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    /** The bytes written so far. */
    public int length() {
        return len;
    }

    /** A view of the bytes written so far (valid until the next write or reset). */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(buf, 0, len);
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
