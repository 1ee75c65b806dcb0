package io.jasyncio;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A binary min-heap of timers ordered by (deadline, sequence number), so that timers with equal
 * deadlines fire in scheduling order. Loop-confined. Cancelled timers are removed lazily, as asyncio
 * does: they are skipped when they reach the top, and the heap is compacted when more than half of it
 * is cancelled (CPython {@code base_events._run_once}).
 */
final class TimerHeap {

    private TimerHandle[] heap = new TimerHandle[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    TimerHandle peek() {
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
    }

    TimerHandle poll() {
        if (size == 0) {
            return null;
        }
        TimerHandle top = heap[0];
        TimerHandle last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        return top;
    }

    /** Removes every timer matching {@code dead} and restores the heap order; O(n). */
    void removeIf(Predicate<TimerHandle> dead) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!dead.test(heap[i])) {
                heap[n++] = heap[i];
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, heap[i]);
        }
    }

    private boolean less(TimerHandle a, TimerHandle b) {
        return a.when < b.when || (a.when == b.when && a.seq < b.seq);
    }

    private void siftUp(int k, TimerHandle e) {
        TimerHandle[] h = heap;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            TimerHandle p = h[parent];
            if (!less(e, p)) {
                break;
            }
            h[k] = p;
            k = parent;
        }
        h[k] = e;
    }

    private void siftDown(int k, TimerHandle e) {
        TimerHandle[] h = heap;
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            TimerHandle c = h[child];
            int right = child + 1;
            if (right < size && less(h[right], c)) {
                child = right;
                c = h[child];
            }
            if (!less(c, e)) {
                break;
            }
            h[k] = c;
            k = child;
        }
        h[k] = e;
    }
}
