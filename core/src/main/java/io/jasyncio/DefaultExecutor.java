package io.jasyncio;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's default executor, asyncio's: a pool of platform daemon threads (at most
 * min(32, cores + 4)), created on first use, idle threads retired after a minute. Its threads are
 * platform threads on purpose: a virtual thread made inside a task would inherit the loop as its
 * scheduler and run on the loop's thread (docs/engine.md, sharp edge 1). Loop-confined.
 */
final class DefaultExecutor {

    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private final EventLoop loop;
    private final AtomicInteger workerIds = new AtomicInteger();
    private ExecutorService pool;

    DefaultExecutor(EventLoop loop) {
        this.loop = loop;
    }

    ExecutorService get() {
        ExecutorService ex = pool;
        if (ex == null) {
            int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            ThreadPoolExecutor p = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> Thread.ofPlatform().daemon()
                            .name("jasyncio-" + loop.id + "-worker-" + workerIds.incrementAndGet()).unstarted(r));
            p.allowCoreThreadTimeOut(true);
            pool = ex = p;
        }
        return ex;
    }

    /** Shuts the pool down without waiting (the loop is closing). */
    void shutdownNow() {
        ExecutorService ex = pool;
        pool = null;
        if (ex != null) {
            ex.shutdown();
        }
    }

    /** Shuts the pool down; the returned future completes once its threads are done or after {@code timeout}. */
    Future<Void> shutdown(Duration timeout) {
        Future<Void> done = loop.createFuture();
        ExecutorService ex = pool;
        pool = null;
        if (ex == null) {
            done.setResult(null);
            return done;
        }
        ex.shutdown();
        loop.turn.outsideWork++;
        Thread.ofPlatform().daemon().name("jasyncio-" + loop.id + "-executor-shutdown").start(() -> {
            boolean finished = false;
            try {
                finished = ex.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean ok = finished;
            loop.callSoonThreadsafe(() -> {
                loop.turn.outsideWork--;
                if (!ok) {
                    LOG.log(System.Logger.Level.WARNING,
                            "The default executor did not finish joining its threads within " + timeout);
                }
                done.setResult(null);
            });
        });
        return done;
    }
}
