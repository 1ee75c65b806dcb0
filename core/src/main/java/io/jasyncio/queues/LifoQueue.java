package io.jasyncio.queues;

/**
 * A last-in, first-out queue (a stack): asyncio's {@code LifoQueue}. {@link #get()} takes the item
 * put most recently. Everything else (capacity, waiting, cancel safety, {@code taskDone}/{@code join},
 * shutdown) is {@link Queue}'s. Items may be null.
 *
 * @param <T> the item type
 */
public final class LifoQueue<T> extends Queue<T> {

    /** Creates an unbounded LIFO queue. */
    public LifoQueue() {
        super();
    }

    /**
     * Creates a LIFO queue holding at most {@code maxsize} items.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public LifoQueue(int maxsize) {
        super(maxsize);
    }

    /** Takes from the tail of the ring that {@link Queue#store} appends to. */
    @Override
    Object take() {
        Object[] a = items;
        int i = (head + size - 1) & (a.length - 1);
        Object item = a[i];
        a[i] = null;
        size--;
        return item;
    }
}
