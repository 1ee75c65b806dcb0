package io.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The iteration behind {@link Asyncio#asCompleted}: CPython 3.13's {@code _AsCompletedIterator} in its
 * {@code async for} form, where each step waits for the next future to finish and yields that future,
 * done. One-shot, as in Python: {@link #iterator()} returns this same iterator.
 *
 * <p>States: {@code todo} holds the futures not done yet, {@code done} the finished ones not yet
 * yielded, in completion order. When the timeout fires first, every future left in {@code todo} is
 * replaced in {@code done} by a timeout marker, so each later step raises {@link TimeoutError}.
 */
final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>>, Future.Listener {

    /** Stands in {@link #done} for a future that was still pending when the timeout fired. */
    private static final Object TIMED_OUT = new Object();

    private final EventLoop loop;
    private final Set<Future<?>> todo = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Object> done = new ArrayDeque<>();
    private final double timeout;
    private int left;
    private TimerHandle timer;
    /** The future the iterating task waits on for the next completion, or null. */
    private Future<Void> wakeup;

    private AsCompleted(EventLoop loop, double timeout) {
        this.loop = loop;
        this.timeout = timeout;
    }

    static <T> AsCompleted<T> of(Collection<? extends Coroutine<? extends T>> aws, double timeout) {
        Objects.requireNonNull(aws, "aws");
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must be a number, got NaN");
        }
        EventLoop loop = EventLoop.getRunningLoop();
        AsCompleted<T> it = new AsCompleted<>(loop, timeout);
        // Futures given twice count once (asyncio takes set(aws)); each coroutine becomes its own task.
        List<Future<?>> futures = new ArrayList<>(aws.size());
        for (Coroutine<? extends T> aw : aws) {
            Future<?> f = GatheringFuture.ensureFuture(loop, Objects.requireNonNull(aw, "a coroutine in aws"));
            if (it.todo.add(f)) {
                futures.add(f);
            }
        }
        it.left = futures.size();
        for (Future<?> f : futures) {
            f.addInternalListener(it);
        }
        if (!it.todo.isEmpty() && timeout != Timeout.NEVER) {
            it.timer = loop.callLater(timeout, it::onTimeout);
        }
        return it;
    }

    @Override
    public Iterator<Future<T>> iterator() {
        return this;
    }

    /**
     * Whether a future (or a timeout) remains to be yielded. Does not suspend.
     *
     * @return true while {@link #next()} has something to give
     */
    @Override
    public boolean hasNext() {
        return left > 0;
    }

    /**
     * Suspends the current task until the next future is done, and returns it.
     *
     * @return the next future to finish, done
     * @throws TimeoutError if the timeout passed before it finished
     * @throws NoSuchElementException if every future was yielded
     * @throws CancelledError if the iterating task is cancelled (the iteration stays usable: nothing is lost)
     */
    @Override
    public Future<T> next() {
        if (left == 0) {
            throw new NoSuchElementException("every future was yielded");
        }
        while (done.isEmpty()) {
            Future<Void> w = loop.createFuture();
            wakeup = w;
            try {
                w.call();
            } finally {
                wakeup = null;
            }
        }
        Object o = done.pollFirst();
        left--;
        if (o == TIMED_OUT) {
            throw new TimeoutError("asCompleted timed out (timeout " + timeout + " s)");
        }
        @SuppressWarnings("unchecked")
        Future<T> f = (Future<T>) o;
        return f;
    }

    @Override
    public void onDone(Future<?> f) {
        if (todo.isEmpty()) {
            return; // the timeout came first
        }
        todo.remove(f);
        done.addLast(f);
        if (todo.isEmpty() && timer != null) {
            timer.cancel();
            timer = null;
        }
        wake();
    }

    private void onTimeout() {
        timer = null;
        for (Future<?> f : todo) {
            f.removeInternalListener(this);
            done.addLast(TIMED_OUT);
        }
        todo.clear();
        wake();
    }

    private void wake() {
        Future<Void> w = wakeup;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    @Override
    public String toString() {
        return "<asCompleted pending=" + todo.size() + " ready=" + done.size() + ">";
    }
}
