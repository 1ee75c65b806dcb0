package io.jasyncio.queues;

import io.jasyncio.internal.Repr;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.util.ArrayDeque;
import java.util.ArrayList;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

/**
 * A first-in, first-out queue for coordinating producer and consumer tasks: asyncio's {@code Queue}
 * (CPython 3.13 {@code Lib/asyncio/queues.py}, shutdown included).
 *
 * <pre>{@code
 * Queue<Integer> q = new Queue<>();
 * gather(() -> {                        // producer
 *     for (int i = 1; i <= 3; i++) {
 *         q.put(i);
 *         sleep(0.1);
 *     }
 *     q.put(null);                      // sentinel: null items are allowed
 *     return null;
 * }, () -> {                            // consumer
 *     for (Integer item; (item = q.get()) != null; ) {
 *         System.out.println("Consumed item " + item);
 *     }
 *     return null;
 * });
 * }</pre>
 *
 * <h2>Capacity and waiting</h2>
 * A queue created with {@code maxsize <= 0} is unbounded: {@link #put} never suspends. Otherwise
 * {@link #put} suspends while {@link #full()}, and {@link #get} suspends while {@link #empty()}.
 * Waiting tasks are served in the order they started waiting (FIFO, CPython's {@code _getters} and
 * {@code _putters} deques): an item put wakes the longest-waiting getter, an item taken wakes the
 * longest-waiting putter. As in asyncio, a woken task is not handed the item: it retries when it runs
 * again, so a task that calls {@code get()} meanwhile on the non-empty queue may take the item first
 * (the woken getter then waits again). The {@code xNowait} twins never suspend; they throw
 * {@link QueueEmpty} or {@link QueueFull} instead. Items may be {@code null}.
 *
 * <p>There is no timeout parameter, as in asyncio: cancel the waiting task (for example with
 * {@code loop.callLater(0.5, task::cancel)}, or a timeout scope) instead. Every suspending method is
 * cancel safe: see its "Cancel safety" paragraph.
 *
 * <h2>Unfinished items and {@link #join()}</h2>
 * Each item put counts as unfinished until a consumer calls {@link #taskDone()} for it;
 * {@link #join()} suspends until the count drops to zero.
 *
 * <h2>States</h2>
 * <table>
 * <caption>Queue states (asyncio 3.13)</caption>
 * <tr><th>state</th><th>entered by</th><th>put / putNowait</th><th>get / getNowait</th></tr>
 * <tr><td>open</td><td>creation</td><td>store, or wait / {@link QueueFull} when full</td>
 *     <td>take, or wait / {@link QueueEmpty} when empty</td></tr>
 * <tr><td>shut down</td><td>{@link #shutdown()}</td><td>throw {@link QueueShutDown}</td>
 *     <td>take the remaining items; once empty throw {@link QueueShutDown}</td></tr>
 * </table>
 * {@link #shutdown(boolean) shutdown(true)} also discards the remaining items (each counts as done for
 * {@link #join()}), so gets fail at once. Either way every task waiting in {@code put} or {@code get}
 * is woken and re-checks; a shut-down queue never opens again.
 *
 * <h2>Loop and threads</h2>
 * The queue binds to the loop of the first task that waits on it (CPython's {@code _LoopBoundMixin});
 * a task of another loop that tries to wait on it gets {@link IllegalStateException}. It is not
 * thread-safe, as in asyncio: use it from its loop's tasks and callbacks only; from another thread,
 * hand the call over with {@code loop.callSoonThreadsafe(() -> queue.putNowait(item))}.
 *
 * <h2>Subclasses</h2>
 * {@link LifoQueue} and {@link PriorityQueue} change only which item a get takes (CPython's
 * {@code _put}/{@code _get} hooks); the waiting, counting and shutdown logic is this class's.
 *
 * @param <T> the item type
 */
public sealed class Queue<T> permits LifoQueue, PriorityQueue {

    private static final KernelAccess KERNEL = Kernel.access();

    private static final int DEFAULT_CAPACITY = 16;

    private final int maxsize;
    /**
     * A put must wait or fail when {@code size >= putLimit}: {@code maxsize}, or
     * {@link Integer#MAX_VALUE} when unbounded, or -1 once shut down. One compare on the fast path.
     */
    private int putLimit;
    /**
     * The items: a ring buffer (power-of-two length) starting at {@code head}; LIFO and priority
     * queues keep {@code head == 0} and use it as a stack or a binary heap. Slots outside the items
     * are null, so that taken items can be collected.
     */
    Object[] items;
    int head;
    int size;
    /** Futures of the tasks waiting in get() / put(), oldest first. A woken future is removed. */
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>(2);
    private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>(2);
    /** Futures of the tasks waiting in join(), or null; all complete when unfinished drops to 0. */
    private ArrayList<Future<Void>> joiners;
    /** Items put and not yet marked done; a long so that a queue nobody calls taskDone() on never wraps. */
    private long unfinished;
    private boolean shutdown;
    /** The loop of the first task that waited here, or null. */
    private EventLoop loop;

    /** Creates an unbounded queue: {@code asyncio.Queue()}. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items: {@code asyncio.Queue(maxsize)}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public Queue(int maxsize) {
        this.maxsize = maxsize;
        this.putLimit = maxsize > 0 ? maxsize : Integer.MAX_VALUE;
        int cap = DEFAULT_CAPACITY;
        if (maxsize > 0 && maxsize < DEFAULT_CAPACITY) {
            cap = Integer.highestOneBit(maxsize - 1) << 1; // next power of two >= maxsize
            cap = Math.max(cap, 1);
        }
        this.items = new Object[cap];
    }

    // ------------------------------------------------------------------------------------------
    // Size

    /**
     * The capacity given at creation (zero or negative: unbounded).
     *
     * @return the maxsize
     */
    public final int maxsize() {
        return maxsize;
    }

    /**
     * The number of items in the queue. Exact: nothing else runs between this call and the next
     * operation of the same task unless it suspends.
     *
     * @return the number of items
     */
    public final int qsize() {
        return size;
    }

    /**
     * Whether the queue holds no item.
     *
     * @return true if empty
     */
    public final boolean empty() {
        return size == 0;
    }

    /**
     * Whether the queue holds {@link #maxsize()} items; never true for an unbounded queue.
     *
     * @return true if full
     */
    public final boolean full() {
        return maxsize > 0 && size >= maxsize;
    }

    // ------------------------------------------------------------------------------------------
    // Put

    /**
     * Puts {@code item} into the queue, first waiting while it is full: {@code await queue.put(item)}.
     * Does not suspend when there is room (always, for an unbounded queue). Wakes the longest-waiting
     * getter.
     *
     * <p>Cancel safety: if the task is cancelled while waiting for room, {@link CancelledError} is
     * thrown and the item is not put: the queue is unchanged. If room had already been signalled to
     * this task, the signal passes to the next waiting putter, so no slot is left unused.
     *
     * @param item the item (may be null, except in a {@link PriorityQueue})
     * @throws QueueShutDown if the queue is shut down, before or while waiting
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     a loop other than the queue's
     */
    public final void put(T item) {
        if (size < putLimit) {
            enqueue(item);
        } else {
            putSlow(item);
        }
    }

    /**
     * Puts {@code item} into the queue without waiting.
     *
     * @param item the item (may be null, except in a {@link PriorityQueue})
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     */
    public final void putNowait(T item) {
        if (size >= putLimit) {
            throw shutdown ? new QueueShutDown("put into a shut-down queue") : new QueueFull();
        }
        enqueue(item);
    }

    private void enqueue(T item) {
        store(item);
        unfinished++;
        if (!getters.isEmpty()) {
            wakeupNext(getters);
        }
    }

    /**
     * CPython's {@code put}: wait while full, then {@code put_nowait}. The wait mirrors
     * {@link #getSlow()} on purpose rather than sharing a helper: one more frame on every parked
     * stack measured 2 % slower on W2 (the frames are copied at each task switch).
     */
    private void putSlow(T item) {
        while (full()) {
            if (shutdown) {
                throw new QueueShutDown("put into a shut-down queue");
            }
            checkItem(item); // fail before waiting, not after
            Task<?> t = boundTask("Queue.put()");
            Future<Void> putter = t.getLoop().createFuture();
            putters.addLast(putter);
            try {
                KERNEL.awaitDone(t, putter);
                putter.result();
            } catch (Throwable e) {
                putter.cancel(); // a no-op unless the wait ended with the future still pending
                putters.remove(putter); // a no-op if a get already popped it
                if (!full() && !putter.cancelled()) {
                    // A get woke us for a free slot and we cannot take it: pass it on (CPython).
                    wakeupNext(putters);
                }
                throw e;
            }
        }
        putNowait(item);
    }

    // ------------------------------------------------------------------------------------------
    // Get

    /**
     * Removes and returns an item, first waiting while the queue is empty: {@code await queue.get()}.
     * Does not suspend when there is an item. Wakes the longest-waiting putter.
     *
     * <p>Cancel safety: if the task is cancelled while waiting, {@link CancelledError} is thrown and no
     * item is taken. If an item had already arrived and this task was woken for it, the item stays at
     * the head of the queue and the next waiting getter is woken instead, so no item is ever lost.
     *
     * @return the item
     * @throws QueueShutDown if the queue is shut down and empty, before or while waiting
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     a loop other than the queue's
     */
    public final T get() {
        if (size > 0) {
            return dequeue();
        }
        return getSlow();
    }

    /**
     * Removes and returns an item without waiting.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is empty and shut down
     */
    public final T getNowait() {
        if (size == 0) {
            throw shutdown ? new QueueShutDown("get from a shut-down, empty queue") : new QueueEmpty();
        }
        return dequeue();
    }

    private T dequeue() {
        @SuppressWarnings("unchecked")
        T item = (T) take();
        if (!putters.isEmpty()) {
            wakeupNext(putters);
        }
        return item;
    }

    /** CPython's {@code get}: wait while empty, then {@code get_nowait}. */
    private T getSlow() {
        while (size == 0) {
            if (shutdown) {
                throw new QueueShutDown("get from a shut-down, empty queue");
            }
            Task<?> t = boundTask("Queue.get()");
            Future<Void> getter = t.getLoop().createFuture();
            getters.addLast(getter);
            try {
                // getter.call(), without looking the current task up a second time (W2's hot path).
                KERNEL.awaitDone(t, getter);
                getter.result();
            } catch (Throwable e) {
                getter.cancel(); // a no-op unless the wait ended with the future still pending
                getters.remove(getter); // a no-op if a put already popped it
                if (size > 0 && !getter.cancelled()) {
                    // A put woke us for its item and we cannot take it: wake the next getter (CPython).
                    wakeupNext(getters);
                }
                throw e;
            }
        }
        return dequeue();
    }

    // ------------------------------------------------------------------------------------------
    // Unfinished items

    /**
     * Marks one formerly gotten item as processed: {@code queue.task_done()}. When every item put has
     * been marked, the tasks waiting in {@link #join()} are woken.
     *
     * @throws IllegalStateException if called more times than items were put (Python's
     *     {@code ValueError}), with the message {@code "taskDone() called too many times"}
     */
    public final void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called too many times");
        }
        if (--unfinished == 0) {
            releaseJoiners();
        }
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()} (or discarded by
     * {@link #shutdown(boolean) shutdown(true)}): {@code await queue.join()}. Returns at once if none
     * is unfinished.
     *
     * <p>Cancel safety: cancelling the waiting task throws {@link CancelledError} and changes nothing in
     * the queue.
     *
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     a loop other than the queue's
     */
    public final void join() {
        if (unfinished > 0) {
            Task<?> t = boundTask("Queue.join()");
            Future<Void> joiner = t.getLoop().createFuture();
            ArrayList<Future<Void>> js = joiners;
            if (js == null) {
                joiners = js = new ArrayList<>(2);
            }
            js.add(joiner);
            try {
                KERNEL.awaitDone(t, joiner);
                joiner.result();
            } catch (Throwable e) {
                ArrayList<Future<Void>> now = joiners;
                if (now != null) {
                    now.remove(joiner);
                }
                throw e;
            }
        }
    }

    private void releaseJoiners() {
        ArrayList<Future<Void>> js = joiners;
        if (js != null) {
            joiners = null;
            for (Future<Void> j : js) {
                if (!j.done()) {
                    j.setResult(null);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Shutdown

    /**
     * Shuts the queue down, letting it drain: {@code queue.shutdown()}. Same as
     * {@link #shutdown(boolean) shutdown(false)}.
     */
    public final void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: {@code queue.shutdown(immediate)} (asyncio 3.13). Afterwards every put
     * throws {@link QueueShutDown}, and so does every get once the queue is empty. Every task waiting
     * in {@link #put} is woken and throws {@link QueueShutDown}; every task waiting in {@link #get} is
     * woken and throws it too if the queue is (still) empty. Calling it again is harmless, and may
     * still drain the queue if {@code immediate}.
     *
     * <p>With {@code immediate} false, the remaining items can still be gotten, and {@link #join()}
     * returns once each has been marked with {@link #taskDone()}. With {@code immediate} true, the
     * remaining items are discarded and each one counts as done, which wakes the tasks in
     * {@link #join()} if no other item is unfinished (even though nobody processed the discarded ones).
     *
     * @param immediate whether to discard the remaining items
     */
    public final void shutdown(boolean immediate) {
        shutdown = true;
        putLimit = -1;
        if (immediate) {
            int n = size;
            discardItems();
            unfinished = Math.max(0, unfinished - n);
            if (unfinished == 0) {
                releaseJoiners();
            }
        }
        // Every waiter re-checks: putters see the shutdown, getters an empty queue (or an item).
        wakeupAll(getters);
        wakeupAll(putters);
    }

    // ------------------------------------------------------------------------------------------
    // Waiting

    /**
     * The current task, which is about to wait on this queue; binds the queue to the task's loop on
     * first use (CPython's {@code _LoopBoundMixin._get_loop}). Waiting is then
     * {@code KERNEL.awaitDone(t, future); future.result()}, which is {@code future.call()} for a future of the
     * task's loop, minus a second lookup of the current task.
     */
    private Task<?> boundTask(String what) {
        Task<?> t = KERNEL.boundTask(loop, this, what);
        loop = t.getLoop();
        return t;
    }

    /** Wakes the oldest waiter that is still waiting (CPython's {@code _wakeup_next}). */
    private static void wakeupNext(ArrayDeque<Future<Void>> waiters) {
        Future<Void> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.done()) {
                w.setResult(null);
                return;
            }
        }
    }

    private static void wakeupAll(ArrayDeque<Future<Void>> waiters) {
        Future<Void> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Storage: CPython's _put / _get hooks. This class is the FIFO ring buffer.

    /** Rejects an item this queue cannot hold, before anything changes; every item is fine here. */
    void checkItem(Object item) {
    }

    /** Adds an item (room was checked). */
    void store(Object item) {
        Object[] a = items;
        int s = size;
        if (s == a.length) {
            a = grow();
        }
        a[(head + s) & (a.length - 1)] = item;
        size = s + 1;
    }

    /** Removes the next item to get (the queue is not empty). */
    Object take() {
        Object[] a = items;
        int h = head;
        Object item = a[h];
        a[h] = null;
        head = (h + 1) & (a.length - 1);
        size--;
        return item;
    }

    /** Doubles the array, moving the items to the front (so {@code head} becomes 0). */
    final Object[] grow() {
        Object[] a = items;
        int n = a.length;
        if (n >= 1 << 30) {
            throw new OutOfMemoryError("Queue is too large: " + size + " items");
        }
        Object[] b = new Object[n << 1];
        int h = head;
        int first = Math.min(size, n - h);
        System.arraycopy(a, h, b, 0, first);
        System.arraycopy(a, 0, b, first, size - first);
        head = 0;
        items = b;
        return b;
    }

    /** Drops every item. */
    private void discardItems() {
        Object[] a = items;
        int mask = a.length - 1;
        for (int i = 0; i < size; i++) {
            a[(head + i) & mask] = null;
        }
        head = 0;
        size = 0;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * A description in the style of asyncio's repr, for example
     * {@code <Queue maxsize=1 qsize=1 _queue=[7] _putters[2] tasks=3>}: the capacity, the number of
     * items and the first few of them in storage order, the number of waiting getters and putters,
     * the number of unfinished items, and whether it is shut down.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName())
                .append(" maxsize=").append(maxsize).append(" qsize=").append(size);
        if (size > 0) {
            sb.append(" _queue=[");
            Object[] a = items;
            int shown = Math.min(size, 10);
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(Repr.abbreviate(a[(head + i) & (a.length - 1)]));
            }
            sb.append(size > shown ? ", ...]" : "]");
        }
        if (!getters.isEmpty()) {
            sb.append(" _getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            sb.append(" _putters[").append(putters.size()).append(']');
        }
        if (unfinished > 0) {
            sb.append(" tasks=").append(unfinished);
        }
        if (shutdown) {
            sb.append(" shutdown");
        }
        return sb.append('>').toString();
    }
}
