package io.jasyncio.queues;

import java.util.Comparator;

/**
 * A queue that gives out the smallest item first: asyncio's {@code PriorityQueue}. Items are ordered by
 * their natural order ({@link Comparable}) or by the {@link Comparator} given at creation. Everything
 * else (capacity, waiting, cancel safety, {@code taskDone}/{@code join}, shutdown) is {@link Queue}'s.
 *
 * <p>Ties: the queue is a binary heap, which is not stable, so items that compare equal come out in
 * an unspecified order (not necessarily the order they were put). As in Python, where entries are
 * typically {@code (priority, count, data)} tuples, add a sequence number to the ordering when equal
 * priorities must come out first-in, first-out.
 *
 * <p>Null items cannot be ordered and are rejected with {@link NullPointerException}; with natural
 * ordering, an item that is not {@link Comparable} is rejected with {@link ClassCastException}. Both
 * are thrown before the queue changes and before a {@code put} waits. The comparator must not throw:
 * if it does, the exception propagates and the queue's order is unspecified afterwards.
 *
 * @param <T> the item type
 */
public final class PriorityQueue<T> extends Queue<T> {

    private final Comparator<? super T> comparator;

    /** Creates an unbounded queue ordered by the items' natural order. */
    public PriorityQueue() {
        this(0, null);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items, ordered by their natural order.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * Creates an unbounded queue ordered by {@code comparator}.
     *
     * @param comparator the order (smallest first), or null for the natural order
     */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items, ordered by {@code comparator}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param comparator the order (smallest first), or null for the natural order
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize);
        this.comparator = comparator;
    }

    @Override
    void checkItem(Object item) {
        if (item == null) {
            throw new NullPointerException("a PriorityQueue cannot order a null item (use a sentinel object instead)");
        }
        if (comparator == null && !(item instanceof Comparable<?>)) {
            throw new ClassCastException(item.getClass().getName() + " is not Comparable: give the PriorityQueue "
                    + "a Comparator");
        }
    }

    /** Heap push (heapq.heappush): the items live in {@code items[0 .. size)}, {@code head} stays 0. */
    @Override
    void store(Object item) {
        checkItem(item);
        Object[] a = items;
        int k = size;
        if (k == a.length) {
            a = grow();
        }
        // Sift up: move parents down into the hole until the item's place is found.
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Object p = a[parent];
            if (compare(item, p) >= 0) {
                break;
            }
            a[k] = p;
            k = parent;
        }
        a[k] = item;
        size++;
    }

    /** Heap pop (heapq.heappop): take the root, sift the last item down from the top. */
    @Override
    Object take() {
        Object[] a = items;
        Object root = a[0];
        int n = --size;
        Object last = a[n];
        a[n] = null;
        if (n > 0) {
            int k = 0;
            int half = n >>> 1;
            while (k < half) {
                int child = 2 * k + 1;
                Object c = a[child];
                int right = child + 1;
                if (right < n && compare(c, a[right]) > 0) {
                    c = a[child = right];
                }
                if (compare(last, c) <= 0) {
                    break;
                }
                a[k] = c;
                k = child;
            }
            a[k] = last;
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private int compare(Object x, Object y) {
        Comparator<? super T> c = comparator;
        return c != null ? c.compare((T) x, (T) y) : ((Comparable<Object>) x).compareTo(y);
    }
}
