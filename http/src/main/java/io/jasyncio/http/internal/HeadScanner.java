package io.jasyncio.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.eclipse.jetty.http.HttpHeader;

/**
 * The fast path for the common request: a whole, bodiless head in one buffer, in the plainest form of the
 * grammar. It accepts a strict subset of what Jetty's RFC 9110 parser accepts and reports it with the same
 * events, so that the bytes it takes never reach Jetty; anything else (a partial head, a body, a byte or shape
 * outside the subset, a head over {@link #MAX_FAST_HEAD} bytes) it leaves untouched for Jetty, which stays the
 * codec of record (ADR 0015, "the fast path for simple heads").
 *
 * <p>The subset: {@code token SP target SP HTTP/1.1|HTTP/1.0 CRLF}, the target visible ASCII; fields
 * {@code token ":" OWS value OWS CRLF}, the value visible ASCII, SP and HTAB; an empty line. No
 * {@code Content-Length} or {@code Transfer-Encoding} (framing is Jetty's), at most one {@code Host}, whose value
 * must be a plain {@code name[:port]} (Jetty validates it; the fast path only takes forms it knows Jetty
 * takes), required for HTTP/1.1. Field names Jetty knows are reported in their canonical case, as Jetty does.
 *
 * <p>Per loop it keeps the names, values and methods it saw lately ({@link Scratch}), so that clients repeating
 * themselves (every benchmark, most browsers) cost no allocation beyond the target string. Not thread-safe.
 */
public final class HeadScanner {
    /** Longer heads go to Jetty: the fast path never decides about limits. */
    static final int MAX_FAST_HEAD = 2048;
    private static final int MAX_FIELDS = 32;
    private static final int CACHE = 64; // slots per table, a power of two
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    private final int limit;
    private final Scratch scratch;

    /**
     * What a scan uses (the head's bytes, the fields' offsets, the strings of the names, values and methods seen
     * lately): one per loop, shared by its connections, so that a thousand connections do not each hold two
     * kilobytes, and the strings one client sends are there for the next (a {@code Host} value, a browser's
     * {@code Accept}). Use it from one thread at a time (a loop's thread and its tasks).
     */
    public static final class Scratch {
        private final Cache names = new Cache(), values = new Cache(), methods = new Cache();
        private byte[] head = new byte[512];
        private final int[] nameAt = new int[MAX_FIELDS], nameEnd = new int[MAX_FIELDS];
        private final int[] valueAt = new int[MAX_FIELDS], valueEnd = new int[MAX_FIELDS];
    }

    /**
     * @param maxHeadBytes the connection's head limit: the fast path only takes heads well inside it
     * @param scratch the loop's scratch space, or null for one of its own
     */
    HeadScanner(int maxHeadBytes, Scratch scratch) {
        this.limit = Math.min(MAX_FAST_HEAD, maxHeadBytes);
        this.scratch = scratch != null ? scratch : new Scratch();
    }

    /**
     * Takes one simple head from {@code buf} and reports it to {@code l}: request line, fields,
     * {@code headComplete}, and {@code messageComplete} unless {@code headComplete} returned true.
     *
     * @return -1 if the head is not simple or not whole (nothing was consumed or reported); else 1 if
     *         {@code headComplete} returned true, 0 if not
     */
    int scan(ByteBuffer buf, Http1Parser.Listener l) {
        int n = Math.min(buf.remaining(), limit);
        if (n < 18) return -1; // "GET / HTTP/1.1\r\n\r\n"
        Scratch sc = scratch;
        byte[] b = sc.head;
        if (b.length < n) sc.head = b = new byte[MAX_FAST_HEAD];
        int[] nameAt = sc.nameAt, nameEnd = sc.nameEnd, valueAt = sc.valueAt, valueEnd = sc.valueEnd;
        buf.get(buf.position(), b, 0, n);
        int i = 0;
        while (i < n && isTchar(b[i])) i++;
        int methodEnd = i;
        if (methodEnd == 0 || i >= n || b[i] != ' ') return -1;
        int targetAt = ++i;
        while (i < n && b[i] > 0x20 && b[i] < 0x7f) i++;
        int targetEnd = i;
        if (targetEnd == targetAt || i + 10 > n || b[i] != ' ') return -1;
        i++;
        String version = version(b, i);
        if (version == null || b[i + 8] != '\r' || b[i + 9] != '\n') return -1;
        i += 10;
        int fields = 0, host = -1;
        while (true) {
            if (i + 1 >= n) return -1;
            if (b[i] == '\r') {
                if (b[i + 1] != '\n') return -1;
                i += 2;
                break;
            }
            int at = i;
            while (i < n && isTchar(b[i])) i++;
            if (i == at || i >= n || b[i] != ':' || fields == MAX_FIELDS) return -1;
            int end = i++;
            while (i < n && (b[i] == ' ' || b[i] == '\t')) i++;
            int vAt = i, vEnd = i;
            while (i < n && ((b[i] >= 0x20 && b[i] < 0x7f) || b[i] == '\t')) {
                if (b[i] != ' ' && b[i] != '\t') vEnd = i + 1;
                i++;
            }
            if (i + 1 >= n || b[i] != '\r' || b[i + 1] != '\n') return -1;
            i += 2;
            switch (framing(b, at, end)) {
                case 1 -> { return -1; } // Content-Length or Transfer-Encoding: Jetty's
                case 2 -> {
                    if (host >= 0 || !plainHost(b, vAt, vEnd)) return -1;
                    host = fields;
                }
                default -> { }
            }
            nameAt[fields] = at;
            nameEnd[fields] = end;
            valueAt[fields] = vAt;
            valueEnd[fields++] = vEnd;
        }
        if (host < 0 && version.equals("HTTP/1.1")) return -1; // Jetty's "No Host" 400
        buf.position(buf.position() + i);
        l.requestLine(sc.methods.get(b, 0, methodEnd, false),
                new String(b, targetAt, targetEnd - targetAt, StandardCharsets.ISO_8859_1), version);
        for (int f = 0; f < fields; f++) {
            l.header(sc.names.get(b, nameAt[f], nameEnd[f], true), sc.values.get(b, valueAt[f], valueEnd[f], false));
        }
        if (l.headComplete()) return 1;
        l.messageComplete();
        return 0;
    }

    private static boolean isTchar(byte c) {
        return c >= 0 && TCHAR[c];
    }

    private static String version(byte[] b, int i) {
        if (b[i] != 'H' || b[i + 1] != 'T' || b[i + 2] != 'T' || b[i + 3] != 'P' || b[i + 4] != '/'
                || b[i + 5] != '1' || b[i + 6] != '.') return null;
        return b[i + 7] == '1' ? "HTTP/1.1" : b[i + 7] == '0' ? "HTTP/1.0" : null;
    }

    /** 1 for Content-Length or Transfer-Encoding, 2 for Host, else 0 (names compared without case). */
    private static int framing(byte[] b, int at, int end) {
        int len = end - at;
        if (len == 4 && eq(b, at, "host")) return 2;
        if ((len == 14 && eq(b, at, "content-length")) || (len == 17 && eq(b, at, "transfer-encoding"))) return 1;
        return 0;
    }

    private static boolean eq(byte[] b, int at, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((b[at + k] | 0x20) != lower.charAt(k)) return false;
        }
        return true;
    }

    /** {@code name[:port]}: letters, digits, '.', '-', '_'; a port of 1-65535. Jetty validates the rest. */
    private static boolean plainHost(byte[] b, int at, int end) {
        int i = at;
        while (i < end && (b[i] > 0 && Character.isLetterOrDigit(b[i]) || b[i] == '.' || b[i] == '-' || b[i] == '_')) {
            i++;
        }
        if (i == at) return false;
        if (i == end) return true;
        if (b[i] != ':' || end - i - 1 < 1 || end - i - 1 > 5) return false;
        int port = 0;
        for (int k = i + 1; k < end; k++) {
            if (b[k] < '0' || b[k] > '9') return false;
            port = port * 10 + (b[k] - '0');
        }
        return port >= 1 && port <= 65535;
    }

    /**
     * The strings made from byte sequences seen lately, reused when the bytes come again: a direct-mapped table
     * indexed by a hash of the length and three of the bytes; a miss replaces the slot.
     */
    private static final class Cache {
        private final byte[][] keys = new byte[CACHE][];
        private final String[] strings = new String[CACHE];

        String get(byte[] b, int at, int end, boolean fieldName) {
            int len = end - at;
            int slot = len == 0 ? 0 : (len * 31 + b[at] * 7 + b[at + (len >> 1)] * 17 + b[end - 1]) & (CACHE - 1);
            byte[] key = keys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, b, at, end)) return strings[slot];
            String s = new String(b, at, len, StandardCharsets.ISO_8859_1);
            if (fieldName) {
                HttpHeader known = HttpHeader.CACHE.get(s);
                if (known != null) s = known.asString(); // Jetty reports known names in canonical case
            }
            keys[slot] = Arrays.copyOfRange(b, at, end);
            strings[slot] = s;
            return s;
        }
    }
}
