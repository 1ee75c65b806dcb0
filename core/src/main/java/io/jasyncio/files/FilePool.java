package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.ThreadCancelPolicy;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded pool of platform threads for blocking file work: every operation of this package runs on
 * one, never on a loop's thread (aiofiles runs them on the loop's default executor; trio on its
 * thread limiter). Work waits in one FIFO queue, so when more operations are in flight than there are
 * threads, they start in the order they were submitted. Threads are daemons started on demand (one
 * per operation in flight, up to the bound) and then kept, so an unused pool costs nothing and never
 * delays the JVM's exit.
 *
 * <p>Submitting never blocks the task's thread: the queue is lock-free and a waiting thread is woken
 * through a {@link Semaphore} release (a CAS and an unpark). A task that parked on a lock here would be
 * invisible to the loop (a virtual clock would see no pending work and report a deadlock).
 *
 * <p>{@link #shared()} is the process-wide pool every file uses by default: {@value #DEFAULT_THREADS}
 * threads, or the system property {@code jasyncio.files.threads} (docs/adr/0019-file-pool.md says why).
 * A separate pool ({@link #create}, passed in {@link OpenOptions#withPool}) keeps one workload's files
 * from queueing behind another's.
 *
 * <p>Cancel safety, the one rule of this package ({@link #run}): work that has not started when the
 * awaiting task is cancelled never starts; work that has started runs to its end (its thread is not
 * interrupted, because an interrupt closes a {@code FileChannel} for good), and then
 * {@link CancelledError} is raised. So a cancellation never leaves an operation half done, and no work
 * outlives the task that started it.
 */
public final class FilePool {

    /** The size of the shared pool unless {@code jasyncio.files.threads} says otherwise. */
    public static final int DEFAULT_THREADS = 8;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final String namePrefix;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore available = new Semaphore(0);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();

    private FilePool(int threads) {
        this.threads = threads;
        this.namePrefix = "jasyncio-file-" + POOLS.incrementAndGet() + "-";
    }

    /** Queues {@code job} and wakes a thread for it, starting one if none is idle and the bound allows. */
    private void submit(Runnable job) {
        queue.offer(job);
        available.release();
        while (idle.get() == 0) {
            int n = started.get();
            if (n >= threads) {
                break;
            }
            if (started.compareAndSet(n, n + 1)) {
                Thread.ofPlatform().name(namePrefix + (n + 1)).daemon().start(this::work);
                break;
            }
        }
    }

    private void work() {
        while (true) {
            idle.incrementAndGet();
            available.acquireUninterruptibly();
            idle.decrementAndGet();
            Runnable job = queue.poll(); // never null: each job released one permit after it was queued
            try {
                job.run();
            } catch (Throwable e) {
                // Work catches everything itself; this only keeps the thread alive for the next job
            }
        }
    }

    /**
     * A new pool of at most {@code threads} threads.
     *
     * @param threads the bound, at least 1
     * @return the pool
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static FilePool create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a file pool needs at least 1 thread, got " + threads);
        }
        return new FilePool(threads);
    }

    /**
     * The process-wide pool that files use unless {@link OpenOptions#withPool} names another.
     *
     * @return the shared pool
     */
    public static FilePool shared() {
        return Shared.POOL;
    }

    private static final class Shared {
        static final FilePool POOL = create(Integer.getInteger("jasyncio.files.threads", DEFAULT_THREADS));
    }

    /**
     * The bound on this pool's threads.
     *
     * @return the number of threads it may run at once
     */
    public int threads() {
        return threads;
    }

    /**
     * What the pool is doing now (a snapshot; the counts move while other threads work).
     *
     * @param threads the bound
     * @param running operations running on a thread
     * @param queued operations waiting for a thread
     * @param completed operations that ran to their end since the pool was created
     */
    public record Statistics(int threads, int running, int queued, long completed) {
    }

    /**
     * A snapshot of the pool's counts.
     *
     * @return the statistics
     */
    public Statistics statistics() {
        return new Statistics(threads, running.get(), queued.get(), completed.get());
    }

    /**
     * Runs blocking {@code fn} on this pool and awaits its result from the current task: the way to run
     * your own blocking file code (a directory walk, a library that takes a {@code java.io.File}) under
     * the same bound and the same cancel safety as this package's operations. Exceptions of {@code fn}
     * propagate unchanged.
     *
     * <pre>{@code
     * long count = FilePool.shared().run(() -> { try (var s = Files.walk(dir)) { return s.count(); } });
     * }</pre>
     *
     * <p>Cancel safety: if the task is cancelled while {@code fn} waits in the queue, it never runs and
     * {@link CancelledError} is raised at once. If {@code fn} is running, it runs to its end (it is not
     * interrupted; long work may poll {@link #stopRequested()} and end early), its result is dropped, and
     * then {@link CancelledError} is raised, with {@code fn}'s exception, if it threw one, as a
     * suppressed exception. Further cancellations during that wait are absorbed.
     *
     * @param <T> the result type
     * @param fn the blocking work
     * @return its result
     * @throws CancelledError if the task is cancelled
     * @throws IllegalStateException if not called from a task
     */
    public <T> T run(Callable<T> fn) {
        return call(fn, false, null);
    }

    /**
     * Whether the task that awaits the work running on the current thread was cancelled: long work in
     * {@link #run} may check it between steps and end early (by returning or throwing anything; the task
     * raises {@link CancelledError} either way). False outside pool work.
     *
     * @return true if the work's result will be dropped
     */
    public static boolean stopRequested() {
        Work<?> w = Work.CURRENT.get();
        return w != null && w.stopRequested;
    }

    /**
     * {@link #run}, for this package: {@code mustRun} work is not dropped when its task is cancelled while
     * it is queued (a close must close the channel); {@code lateResult}, if not null, receives on the loop
     * the result of work that completed after its task was cancelled, so that its effect is kept (a write
     * moved the position) or undone (an opened channel is closed).
     */
    <T> T call(Callable<T> fn, boolean mustRun, Consumer<? super T> lateResult) {
        Work<T> w = new Work<>(this, fn);
        queued.incrementAndGet();
        submit(w);
        try {
            return Asyncio.await(w.result, ThreadCancelPolicy.ABANDON);
        } catch (CancelledError c) {
            if (!mustRun && w.drop()) {
                throw c; // still queued: it never runs
            }
            w.stopRequested = true;
            awaitEnd(w.result);
            if (w.result.isCompletedExceptionally()) {
                c.addSuppressed(w.result.exceptionNow()); // not lost: it travels with the cancellation
            } else if (lateResult != null) {
                lateResult.accept(w.result.join());
            }
            throw c;
        }
    }

    /** Waits in the (cancelled) task until {@code cf} is done, absorbing further cancellations and its outcome. */
    private static void awaitEnd(CompletableFuture<?> cf) {
        while (!cf.isDone()) {
            try {
                Asyncio.await(cf, ThreadCancelPolicy.ABANDON);
            } catch (Throwable absorbed) {
                // another cancellation (the first one is raised by the caller), or cf's own outcome
            }
        }
    }

    /** Closes an orphaned resource on a pool thread, without waiting (its task is gone). */
    void closeQuietly(AutoCloseable c) {
        submit(() -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // nobody is left to tell: the file was opened for a task that was cancelled meanwhile
            }
        });
    }

    @Override
    public String toString() {
        Statistics s = statistics();
        return "FilePool[threads=" + s.threads + ", running=" + s.running + ", queued=" + s.queued
                + ", completed=" + s.completed + "]";
    }

    /**
     * One operation. States: queued &rarr; running &rarr; ended, or queued &rarr; dropped (its task was
     * cancelled first; the pool thread that dequeues it skips it).
     */
    private static final class Work<T> implements Runnable {
        static final ThreadLocal<Work<?>> CURRENT = new ThreadLocal<>();
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DROPPED = 2;

        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(QUEUED);
        volatile boolean stopRequested;
        private final FilePool pool;
        private final Callable<T> fn;

        Work(FilePool pool, Callable<T> fn) {
            this.pool = pool;
            this.fn = fn;
        }

        /** Claims queued work for the cancelled task: true if it will never run. */
        boolean drop() {
            if (state.compareAndSet(QUEUED, DROPPED)) {
                pool.queued.decrementAndGet();
                return true;
            }
            return false;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // dropped
            }
            pool.queued.decrementAndGet();
            pool.running.incrementAndGet();
            CURRENT.set(this);
            T value = null;
            Throwable error = null;
            try {
                value = fn.call();
            } catch (Throwable e) {
                error = e;
            } finally {
                CURRENT.remove();
                Thread.interrupted(); // nobody interrupts pool threads; user code must not leave one for the next job
                pool.running.decrementAndGet();
                pool.completed.incrementAndGet();
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }
    }
}
