package io.jasyncio.http.websocket.internal;

/**
 * Incremental UTF-8 validation (RFC 3629): feed a text message's bytes fragment by fragment and learn
 * of an invalid sequence as soon as its first bad byte arrives (RFC 6455 section 8.1: fail fast, with
 * close code 1007). Rejects overlong forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
 * The state is the number of continuation bytes still expected and the range the next one must fall in.
 */
public final class Utf8Validator {
    private int need;
    private int lo = 0x80;
    private int hi = 0xBF;

    /** Forgets any partial sequence: the next byte starts a new message. */
    public void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
    }

    /**
     * Checks {@code len} more bytes of the message.
     *
     * @return false at the first byte that cannot be part of valid UTF-8
     */
    public boolean feed(byte[] b, int off, int len) {
        int need = this.need, lo = this.lo, hi = this.hi;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            if (need == 0) {
                if (c < 0x80) {
                    continue;
                }
                if (c < 0xC2) {
                    return false; // a continuation byte without a lead, or an overlong 2-byte lead
                } else if (c < 0xE0) {
                    need = 1;
                    lo = 0x80;
                    hi = 0xBF;
                } else if (c < 0xF0) {
                    need = 2;
                    lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                    hi = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                } else if (c < 0xF5) {
                    need = 3;
                    lo = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                    hi = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
                } else {
                    return false;
                }
            } else {
                if (c < lo || c > hi) {
                    return false;
                }
                lo = 0x80;
                hi = 0xBF;
                need--;
            }
        }
        this.need = need;
        this.lo = lo;
        this.hi = hi;
        return true;
    }

    /** Whether the bytes fed so far end on a character boundary (a message must). */
    public boolean complete() {
        return need == 0;
    }

    /** Whether {@code len} bytes are valid UTF-8 on their own. */
    public static boolean isValid(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0) { // not ASCII: the full check from here
                Utf8Validator v = new Utf8Validator();
                return v.feed(b, i, end - i) && v.complete();
            }
        }
        return true;
    }
}
