package io.jasyncio;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;

/**
 * The waiting combinators behind {@link Asyncio}: {@code waitFor}, {@code wait} and {@code shield}
 * (CPython {@code tasks.py}). {@code waitFor} is a {@link Timeout} scope around an await, as in
 * CPython 3.12+, so there is one cancellation mechanism.
 */
final class Waiting {

    private Waiting() {
    }

    // ------------------------------------------------------------------------------------------
    // waitFor

    /** CPython 3.12+ {@code wait_for}: a timeout scope around the await, plus the timeout &lt;= 0 case. */
    static <T> T waitFor(Coroutine<T> aw, double timeout) {
        Objects.requireNonNull(aw, "aw");
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must be a number, got NaN");
        }
        Task<?> task = Task.currentOrThrow("waitFor()");
        if (timeout <= 0) {
            // No time at all: what is already done gets its result through; anything else is cancelled
            // (a coroutine never starts) and awaited, and its cancellation becomes the TimeoutError.
            Future<? extends T> fut = GatheringFuture.ensureFuture(task.loop, aw);
            if (fut.done()) {
                return fut.result();
            }
            cancelAndWait(task.loop, fut);
            try {
                return fut.result();
            } catch (CancelledError e) {
                throw new TimeoutError("waitFor timed out (timeout " + timeout + " s)", e);
            }
        }
        // A plain coroutine runs inline, in this task, as `await coro` does in CPython 3.12+.
        return Timeout.run(Timeout.deadlineAfter(timeout), scope -> aw.call());
    }

    /** Cancels {@code fut} and waits until it is really done (CPython {@code _cancel_and_wait}). */
    private static void cancelAndWait(EventLoop loop, Future<?> fut) {
        Future<Void> waiter = loop.createFuture();
        Future.Listener release = f -> {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        };
        fut.addInternalListener(release);
        try {
            fut.cancel();
            waiter.call();
        } finally {
            fut.removeInternalListener(release);
        }
    }

    // ------------------------------------------------------------------------------------------
    // wait

    /** CPython {@code asyncio.wait}: waits on a private future released by completions or a timer. */
    static <T> Done<T> wait(Collection<? extends Future<? extends T>> fs, ReturnWhen returnWhen, double timeout) {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(returnWhen, "returnWhen");
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must be a number, got NaN");
        }
        EventLoop loop = Task.currentOrThrow("wait()").loop;
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        LinkedHashSet<Future<T>> all = new LinkedHashSet<>();
        for (Future<? extends T> f : fs) {
            Objects.requireNonNull(f, "a future in fs");
            if (f.loop != loop) {
                throw new IllegalArgumentException("future " + f + " belongs to a different loop");
            }
            @SuppressWarnings("unchecked")
            Future<T> ft = (Future<T>) f;
            all.add(ft);
        }
        Waiter waiter = new Waiter(loop, all.size(), returnWhen);
        if (timeout != Timeout.NEVER) {
            waiter.timer = loop.callLater(timeout, waiter::release);
        }
        for (Future<T> f : all) {
            f.addInternalListener(waiter);
        }
        try {
            waiter.released.call();
        } finally {
            waiter.cancelTimer();
            for (Future<T> f : all) {
                f.removeInternalListener(waiter);
            }
        }
        LinkedHashSet<Future<T>> done = new LinkedHashSet<>();
        LinkedHashSet<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : all) {
            (f.done() ? done : pending).add(f);
        }
        return new Done<>(Collections.unmodifiableSequencedSet(done), Collections.unmodifiableSequencedSet(pending));
    }

    /** Counts completions and releases the waiting task per {@link ReturnWhen} (CPython {@code _wait}). */
    private static final class Waiter implements Future.Listener {
        final Future<Void> released;
        private final ReturnWhen returnWhen;
        private int remaining;
        TimerHandle timer;

        Waiter(EventLoop loop, int count, ReturnWhen returnWhen) {
            this.released = loop.createFuture();
            this.remaining = count;
            this.returnWhen = returnWhen;
        }

        @Override
        public void onDone(Future<?> f) {
            remaining--;
            if (remaining <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                    || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
                cancelTimer();
                release();
            }
        }

        void release() {
            if (!released.done()) {
                released.setResult(null);
            }
        }

        void cancelTimer() {
            TimerHandle t = timer;
            if (t != null) {
                t.cancel();
                timer = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // shield

    /**
     * CPython {@code shield}: an outer future that mirrors the inner one, so that cancelling the outer
     * (which is what cancelling its awaiting task does) leaves the inner running.
     */
    static <T> Future<T> shield(Coroutine<T> aw) {
        Objects.requireNonNull(aw, "aw");
        EventLoop loop = EventLoop.getRunningLoop();
        @SuppressWarnings("unchecked")
        Future<T> inner = (Future<T>) GatheringFuture.ensureFuture(loop, aw);
        if (inner.done()) {
            return inner;
        }
        Future<T> outer = loop.createFuture();
        Future.Listener innerDone = f -> {
            if (outer.cancelled()) {
                if (!inner.cancelled()) {
                    inner.markRetrieved(); // nobody is left to look at it: the shield's caller gave up
                }
                return;
            }
            if (inner.cancelled()) {
                outer.cancel();
            } else {
                Throwable e = inner.exception();
                if (e != null) {
                    outer.setException(e);
                } else {
                    outer.setResult(inner.result());
                }
            }
        };
        inner.addInternalListener(innerDone);
        outer.addInternalListener(o -> {
            if (!inner.done()) {
                inner.removeInternalListener(innerDone);
            }
        });
        return outer;
    }
}
