package io.jasyncio;

import java.util.ArrayDeque;

/**
 * The loop's timers, yielded in (deadline, sequence number) order: by deadline, and FIFO among equal
 * deadlines. Loop-confined.
 *
 * <h2>Chains of equal delays</h2>
 * Most timers are relative ({@code callLater(d)}, {@code sleep(d)}) and programs reuse a few delays
 * (a 30 s timeout, a 1 s tick), so timers scheduled with the same delay on a monotonic clock arrive in
 * deadline order. Node.js exploits this ({@code lib/internal/timers.js}: one linked list per duration,
 * only the lists in a priority queue), and so does this queue:
 * <ul>
 *   <li>a <em>chain</em> is a singly linked FIFO list of timers (through {@link TimerHandle#next})
 *       whose (deadline, sequence) never decreases from head to tail;</li>
 *   <li>only chain heads sit in a {@link TimerHeap}; popping a head replaces it with its successor,
 *       so the heap performs a k-way merge of sorted lists and yields the exact global order;</li>
 *   <li>a small open-addressing map finds the open chain of a delay: key = the exact delay in
 *       nanoseconds, value = that chain's tail. A new timer joins the chain only if the tail's deadline
 *       is {@code <=} its own (its sequence number is larger, being newer), which is exactly the chain
 *       invariant; otherwise (a clock that went back, a saturated deadline) it starts a new chain.
 *       Correctness never depends on the map: any partition into sorted chains merges right. The map
 *       only decides how many chains there are.</li>
 * </ul>
 * Absolute timers ({@code callAt}) and timers whose delay slot was evicted are chains of one, so the
 * worst case is a plain 4-ary heap. With a few distinct delays, scheduling is O(1) and firing is
 * O(log(number of delays)).
 *
 * <h2>Cancellation</h2>
 * As in asyncio: cancelling is O(1) (the handle is marked; {@link #cancelled()} counts it), a cancelled
 * timer is dropped when it reaches the front, and when more than half of the queue is cancelled the
 * queue is compacted in O(n), unlinking cancelled timers from their chains (CPython
 * {@code base_events._run_once}). Memory held by cancelled timers is therefore at most about the
 * memory of live ones.
 */
final class TimerQueue {

    /** The delay key of a timer that joins no chain (an absolute deadline). */
    static final long NO_CHAIN = Long.MIN_VALUE;

    /** Slots of the delay map; a power of two, at most {@code Short.MAX_VALUE + 1} (see {@link TimerHandle#chainSlot}). */
    private static final int SLOTS = 256;
    private static final int SLOT_BITS = Integer.numberOfTrailingZeros(SLOTS);
    /** Slots probed from a key's home slot before evicting (linear probing, bounded). */
    private static final int PROBES = 4;
    /** Compaction waits for this many cancelled timers, as CPython's {@code _MIN_SCHEDULED_TIMER_HANDLES}. */
    private static final int MIN_CANCELLED_TO_COMPACT = 100;

    private final TimerHeap heads = new TimerHeap();
    /** The delay map: {@code tails[i]} is the tail of the open chain of delay {@code keys[i]}, or null. */
    private final long[] keys = new long[SLOTS];
    private final TimerHandle[] tails = new TimerHandle[SLOTS];
    /** Timers in the queue, cancelled ones included. */
    private int size;
    /** Cancelled timers still in the queue. */
    private int cancelled;

    /** The number of timers in the queue, including cancelled ones not dropped yet. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest timer (possibly cancelled), or null if there is none. */
    TimerHandle peek() {
        return heads.peek();
    }

    /**
     * Adds {@code h}. A timer scheduled {@code delay} nanoseconds from now passes that delay, so that it
     * can join the chain of earlier timers with the same delay; {@link #NO_CHAIN} starts a chain of one.
     */
    void add(TimerHandle h, long delay) {
        h.scheduled = true;
        size++;
        if (delay != NO_CHAIN) {
            int slot = slotOf(delay);
            TimerHandle tail = tails[slot];
            tails[slot] = h;
            h.chainSlot = (short) slot;
            if (tail != null && keys[slot] == delay && tail.when <= h.when) {
                tail.next = h; // (tail.when, tail.seq) < (h.when, h.seq): the chain stays sorted
                return;
            }
            keys[slot] = delay; // a new chain; one this slot held before lives on in the heap, closed
        }
        heads.add(h);
    }

    /**
     * The slot of {@code delay} in the delay map: the one holding it, else the first free one among
     * {@link #PROBES} from its home slot, else its home slot (whose chain is closed: it stays in the
     * heap, and new timers of the evicted delay start a chain of their own).
     */
    private int slotOf(long delay) {
        int home = (int) ((delay * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
        int free = -1;
        for (int p = 0; p < PROBES; p++) {
            int i = (home + p) & (SLOTS - 1);
            if (tails[i] == null) {
                if (free < 0) {
                    free = i;
                }
            } else if (keys[i] == delay) {
                return i;
            }
        }
        return free >= 0 ? free : home;
    }

    /**
     * Moves every timer due at {@code now} (deadline {@code <= now}) to the end of {@code ready}, in
     * order, dropping cancelled ones.
     */
    void moveDue(long now, ArrayDeque<Object> ready) {
        TimerHeap hs = heads;
        while (hs.size() > 0 && hs.peekWhen() <= now) {
            TimerHandle h = popTop();
            if (h.cancelled()) {
                cancelled--;
            } else {
                ready.addLast(h);
            }
        }
    }

    /**
     * The earliest timer that is not cancelled, or null; cancelled timers in front of it are dropped
     * (CPython's {@code _run_once} pops them before computing how long to wait), so that a cancelled
     * timeout neither wakes the loop nor moves a virtual clock.
     */
    TimerHandle peekLive() {
        TimerHandle h;
        while ((h = heads.peek()) != null && h.cancelled()) {
            popTop();
            cancelled--;
        }
        return h;
    }

    /** Removes the earliest timer: the next of its chain takes its place in the heap. */
    private TimerHandle popTop() {
        TimerHeap hs = heads;
        TimerHandle h = hs.peek();
        TimerHandle next = h.next;
        if (next != null) {
            h.next = null;
            hs.replaceTop(next);
        } else {
            hs.removeTop();
            closeIfTail(h); // the chain is empty now
        }
        h.scheduled = false;
        size--;
        return h;
    }

    /** Forgets {@code h} in the delay map if it is the tail of its chain there (it left the queue). */
    private void closeIfTail(TimerHandle h) {
        if (tails[h.chainSlot] == h) {
            tails[h.chainSlot] = null;
        }
    }

    /**
     * A timer of this queue was cancelled (called once per timer, while it is in the queue). Compacts
     * the queue when more than half of it is cancelled.
     */
    void cancelled() {
        if (++cancelled > MIN_CANCELLED_TO_COMPACT && cancelled * 2 > size) {
            compact();
        }
    }

    /** Unlinks every cancelled timer from its chain and rebuilds the heap of chain heads; O(n). */
    private void compact() {
        heads.replaceAll(this::withoutCancelled);
        cancelled = 0;
    }

    /**
     * The chain starting at {@code head} without its cancelled timers: returns its new head, or null
     * if none is left. Keeps the delay map pointing at the chain's last live timer.
     */
    private TimerHandle withoutCancelled(TimerHandle head) {
        TimerHandle first = null;
        TimerHandle last = null;
        for (TimerHandle h = head, next; h != null; h = next) {
            next = h.next;
            if (!h.cancelled()) {
                if (last == null) {
                    first = h;
                } else {
                    last.next = h;
                }
                last = h;
                continue;
            }
            h.next = null;
            h.scheduled = false;
            size--;
            if (next == null && tails[h.chainSlot] == h) { // the open chain's tail goes
                tails[h.chainSlot] = last; // its last live timer (same slot), or null
            }
        }
        if (last != null) {
            last.next = null;
        }
        return first;
    }
}
