package io.jasyncio.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a {@link StreamReader} holds: a growable array whose live part is {@code buf[head, tail)}
 * (asyncio's {@code bytearray} buffer). Bytes are appended at the tail and taken from the head; the
 * array is compacted or grown only when the tail reaches its end, and compacted only when that frees
 * at least half of it, so each byte is copied a bounded number of times.
 */
final class ByteQueue {

    static final byte[] EMPTY = new byte[0];

    /** Above this capacity, an emptied queue drops its array rather than keep the memory of a burst. */
    private final long keepAtMost;
    private byte[] buf = EMPTY;
    private int head;
    private int tail;

    ByteQueue(long keepAtMost) {
        this.keepAtMost = keepAtMost;
    }

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return head == tail;
    }

    /** The byte at {@code i} (from the head), or -1 past the end. */
    int byteAt(int i) {
        return i < size() ? buf[head + i] : -1;
    }

    /** Appends the bytes from position to limit, leaving the position as it is. */
    void append(ByteBuffer data) {
        int n = data.remaining();
        ensureRoom(n);
        data.get(data.position(), buf, tail, n);
        tail += n;
    }

    /** Removes and returns the first {@code n} bytes (a new array). */
    byte[] take(int n) {
        byte[] out = n == 0 ? EMPTY : Arrays.copyOfRange(buf, head, head + n);
        discard(n);
        return out;
    }

    /** Removes the first {@code n} bytes. */
    void discard(int n) {
        head += n;
        if (head == tail) {
            head = tail = 0;
            if (buf.length > keepAtMost) {
                buf = EMPTY;
            }
        }
    }

    /** The offset (from the head) of {@code sep} at or after {@code from}, or -1. */
    int indexOf(byte[] sep, int from) {
        byte first = sep[0];
        int last = tail - sep.length;
        outer:
        for (int i = head + from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    /** Makes room for {@code n} more bytes at the tail: compacts, or grows (at least doubling). */
    private void ensureRoom(int n) {
        if (buf.length - tail >= n) {
            return;
        }
        int size = size();
        if ((long) size + n > Integer.MAX_VALUE - 16) {
            throw new OutOfMemoryError("StreamReader buffer too large: " + size + " + " + n + " bytes");
        }
        byte[] target = buf;
        if (size + n > buf.length || head < buf.length / 2) {
            long want = Math.max(Math.max((long) buf.length * 2, size + n), 256);
            target = new byte[(int) Math.min(want, Integer.MAX_VALUE - 16)];
        }
        System.arraycopy(buf, head, target, 0, size);
        buf = target;
        head = 0;
        tail = size;
    }
}
