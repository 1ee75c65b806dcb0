package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Helpers for the tests tagged "realtime": plain threads, and latches waited for within a generous bound. */
final class RealTime {

    /** Seconds: the bound on every real wait. Generous: a stalled test fails, a slow machine does not. */
    static final long BOUND = 30;

    private RealTime() {
    }

    /** Runs {@code fn} on a new plain platform thread; the future completes with its outcome. */
    static <T> CompletableFuture<T> onPlainThread(Callable<T> fn) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Thread.ofPlatform().name("plain").daemon().start(() -> {
            try {
                cf.complete(fn.call());
            } catch (Throwable e) {
                cf.completeExceptionally(e);
            }
        });
        return cf;
    }

    /**
     * Waits for {@code latch} within {@link #BOUND}: on a plain thread it blocks that thread, in a task
     * it parks only the task.
     *
     * @throws AssertionError if the bound passes first
     */
    static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(BOUND, TimeUnit.SECONDS)) {
            throw new AssertionError("timed out waiting for a latch");
        }
    }
}
