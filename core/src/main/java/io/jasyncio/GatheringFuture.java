package io.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The future behind {@link Asyncio#gather}: done when every child is done, or at the first failure
 * when exceptions are not returned (the other children keep running, as in asyncio). Cancelling it
 * cancels every child; it then completes, cancelled, once they are all done (CPython
 * {@code tasks._GatheringFuture}).
 */
final class GatheringFuture<T> extends Future<List<T>> implements Future.Listener {

    private final List<Future<? extends T>> children;
    private final boolean returnExceptions;
    private int distinct;
    private int finished;
    private boolean cancelRequested;

    private GatheringFuture(EventLoop loop, List<Future<? extends T>> children, boolean returnExceptions) {
        super(loop);
        this.children = children;
        this.returnExceptions = returnExceptions;
    }

    /** Wraps coroutines in tasks (futures are used as they are) and gathers them. */
    static <T> Future<List<T>> of(EventLoop loop, List<? extends Coroutine<? extends T>> aws, boolean returnExceptions) {
        List<Future<? extends T>> children = new ArrayList<>(aws.size());
        for (Coroutine<? extends T> aw : aws) {
            children.add(ensureFuture(loop, aw));
        }
        // The same future passed twice is awaited once (asyncio's arg_to_fut). Marking each child with
        // the outer future during this synchronous pass dedupes in O(n) without hashing 100k futures.
        GatheringFuture<T> outer = new GatheringFuture<>(loop, children, returnExceptions);
        int distinct = 0;
        for (Future<? extends T> f : children) {
            if (f.gatherMark != outer) {
                f.gatherMark = outer;
                distinct++;
            }
        }
        outer.distinct = distinct;
        for (Future<? extends T> f : children) {
            if (f.gatherMark == outer) {
                f.gatherMark = null;
                f.addInternalListener(outer);
            }
        }
        if (children.isEmpty()) {
            outer.setResult(new ArrayList<>());
        }
        return outer;
    }

    static <T> Future<? extends T> ensureFuture(EventLoop loop, Coroutine<? extends T> aw) {
        if (aw instanceof Future<? extends T> f) {
            if (f.loop != loop) {
                throw new IllegalArgumentException("future " + f + " belongs to a different loop");
            }
            return f;
        }
        return loop.createTask(aw);
    }

    @Override
    public void onDone(Future<?> child) {
        finished++;
        if (done()) {
            if (!child.cancelled()) {
                child.markRetrieved();
            }
            return;
        }
        if (!returnExceptions) {
            if (child.cancelled()) {
                setException(child.makeCancelledError());
                return;
            }
            Throwable e = child.exception();
            if (e != null) {
                setException(e);
                return;
            }
        }
        if (finished == distinct) {
            List<Object> results = new ArrayList<>(children.size());
            for (Future<? extends T> f : children) {
                if (f.cancelled()) {
                    results.add(new CancelledError(f.cancelMessage()));
                } else {
                    Throwable e = f.exception();
                    results.add(e != null ? e : f.result());
                }
            }
            if (cancelRequested) {
                setException(child.makeCancelledError());
            } else {
                @SuppressWarnings("unchecked")
                List<T> r = (List<T>) (List<?>) Collections.unmodifiableList(results);
                setResult(r);
            }
        }
    }

    @Override
    public boolean cancel(String msg) {
        if (done()) {
            return false;
        }
        boolean any = false;
        for (Future<? extends T> child : children) {
            if (child.cancel(msg)) {
                any = true;
            }
        }
        if (any) {
            // Completes (cancelled) once the children finish: see onDone.
            cancelRequested = true;
        }
        return any;
    }
}
