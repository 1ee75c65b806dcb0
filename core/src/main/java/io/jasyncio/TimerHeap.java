package io.jasyncio;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A 4-ary min-heap of timers ordered by (deadline, sequence number), the heads of the
 * {@link TimerQueue}'s chains. Loop-confined.
 *
 * <p>Two choices keep it cache friendly (a binary heap of a million {@link TimerHandle}s spent most
 * of its time in cache misses, reading {@code when} through a pointer at each of ~20 levels):
 * <ul>
 *   <li>the deadlines sit in a {@code long[]} parallel to the handles, so a comparison reads the
 *       array, and dereferences a handle only on a tie, for its sequence number;</li>
 *   <li>four children per node halve the depth, and the deadlines of the four siblings a sift compares
 *       are adjacent in memory (32 bytes).</li>
 * </ul>
 */
final class TimerHeap {

    private static final int INITIAL_CAPACITY = 64;

    private TimerHandle[] handles = new TimerHandle[INITIAL_CAPACITY];
    /** {@code whens[i] == handles[i].when}, kept inline for the comparisons. */
    private long[] whens = new long[INITIAL_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** The earliest timer, or null if the heap is empty. */
    TimerHandle peek() {
        return size == 0 ? null : handles[0];
    }

    /** The earliest deadline; only when not empty. */
    long peekWhen() {
        return whens[0];
    }

    void add(TimerHandle h) {
        if (size == handles.length) {
            handles = Arrays.copyOf(handles, size * 2);
            whens = Arrays.copyOf(whens, size * 2);
        }
        siftUp(size++, h, h.when);
    }

    /** Removes the earliest timer; only when not empty. */
    void removeTop() {
        int last = --size;
        TimerHandle h = handles[last];
        long w = whens[last];
        handles[last] = null;
        if (last > 0) {
            siftDown(0, h, w);
        }
    }

    /**
     * Replaces the earliest timer with {@code h}, which must not order before it (the next timer of
     * the same chain): one sift down instead of a removal and an insertion.
     */
    void replaceTop(TimerHandle h) {
        siftDown(0, h, h.when);
    }

    /**
     * Replaces every element {@code e} with {@code f.apply(e)}, dropping those mapped to null, then
     * restores the heap order in O(n) (Floyd's heapify).
     */
    void replaceAll(UnaryOperator<TimerHandle> f) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerHandle h = f.apply(handles[i]);
            if (h != null) {
                handles[n] = h;
                whens[n++] = h.when;
            }
        }
        Arrays.fill(handles, n, size, null);
        size = n;
        for (int i = (n - 2) >> 2; i >= 0; i--) {
            siftDown(i, handles[i], whens[i]);
        }
    }

    /** Whether (wa, a) orders before (wb, b): the deadline first, the sequence number on a tie. */
    private static boolean less(long wa, TimerHandle a, long wb, TimerHandle b) {
        return wa < wb || (wa == wb && a.seq < b.seq);
    }

    private void siftUp(int k, TimerHandle h, long w) {
        TimerHandle[] hs = handles;
        long[] ws = whens;
        while (k > 0) {
            int parent = (k - 1) >>> 2;
            long pw = ws[parent];
            if (!less(w, h, pw, hs[parent])) {
                break;
            }
            hs[k] = hs[parent];
            ws[k] = pw;
            k = parent;
        }
        hs[k] = h;
        ws[k] = w;
    }

    private void siftDown(int k, TimerHandle h, long w) {
        TimerHandle[] hs = handles;
        long[] ws = whens;
        int n = size;
        while (true) {
            int first = (k << 2) + 1;
            if (first >= n) {
                break;
            }
            int best = first;
            long bw = ws[first];
            for (int c = first + 1, end = Math.min(first + 4, n); c < end; c++) {
                long cw = ws[c];
                if (less(cw, hs[c], bw, hs[best])) {
                    best = c;
                    bw = cw;
                }
            }
            if (!less(bw, hs[best], w, h)) {
                break;
            }
            hs[k] = hs[best];
            ws[k] = bw;
            k = best;
        }
        hs[k] = h;
        ws[k] = w;
    }
}
