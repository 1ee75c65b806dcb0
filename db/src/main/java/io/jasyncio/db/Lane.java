package io.jasyncio.db;

import static io.jasyncio.Asyncio.createTask;

import io.jasyncio.CancelledError;
import io.jasyncio.ThreadCancelPolicy;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a connection's driver calls run. Never on the awaiting task's own thread: a cancelled task
 * gets its thread interrupted, and an interrupt in a socket read closes the socket (the connection
 * would die with every timeout). The work runs where no interrupt reaches it; the awaiting task can
 * be cancelled and then decides what to do (see {@link Session}).
 *
 * <ul>
 *   <li>{@link OnLoop}: a task of the running loop. On the main engine a task is a virtual thread
 *   scheduled by the loop, so pgjdbc's socket reads park only that task.</li>
 *   <li>{@link OnThread}: one platform thread per connection (SQLite's native calls; PostgreSQL on the
 *   fallback engine, where a blocking read in a task would hold the loop).</li>
 * </ul>
 */
sealed interface Lane permits Lane.OnLoop, Lane.OnThread {

    /** Work submitted to a lane. */
    interface Pending<T> {

        /**
         * Waits for the work's result or exception. If the awaiting task is cancelled, raises
         * {@link CancelledError} at once and leaves the work running.
         */
        T await();

        /** True once the work has ended. */
        boolean done();

        /**
         * Waits for the work to end, whatever its outcome. Raises {@link CancelledError} only if the
         * awaiting task is cancelled (the work keeps running).
         */
        default void join() {
            try {
                await();
            } catch (CancelledError e) {
                if (!done()) {
                    throw e;
                }
            } catch (Throwable e) {
                // the outcome is the caller's business; join only waits
            }
        }
    }

    /** Starts {@code work}. */
    <T> Pending<T> submit(Callable<T> work);

    /** Releases the lane's thread, if any, once submitted work is done. */
    void close();

    /** A task per call where tasks may block on sockets (main engine), a thread otherwise. */
    static Lane onLoopIfParkable(String name) {
        return PgDialect.mainEngine() ? new OnLoop() : onThread(name);
    }

    static Lane onThread(String name) {
        return new OnThread(name);
    }

    /**
     * Each call is a task of the running loop. The caller awaits a {@link CompletableFuture} the task
     * completes, with {@link ThreadCancelPolicy#ABANDON}: cancelling the caller leaves the task alone,
     * and while the caller waits the loop counts the call as outside work, so a virtual clock
     * ({@code TestLoop}) waits for the socket instead of jumping ahead (a task parked in a socket read
     * is otherwise invisible to it).
     */
    final class OnLoop implements Lane {

        @Override
        public <T> Pending<T> submit(Callable<T> work) {
            CompletableFuture<T> cf = new CompletableFuture<>();
            createTask(() -> {
                try {
                    cf.complete(work.call());
                } catch (Throwable e) {
                    cf.completeExceptionally(e);
                }
                return null;
            });
            return stagePending(cf);
        }

        @Override
        public void close() {
        }
    }

    /** A pending call awaited through its future, without cancelling the work. */
    private static <T> Pending<T> stagePending(CompletableFuture<T> cf) {
        return new Pending<>() {
            @Override
            public T await() {
                return io.jasyncio.Asyncio.await(cf, ThreadCancelPolicy.ABANDON);
            }

            @Override
            public boolean done() {
                return cf.isDone();
            }
        };
    }

    /**
     * Each call runs on the connection's own platform thread. Handing work over never blocks the
     * submitting task (a lock-free queue and {@code LockSupport.unpark}): a task parked on a lock
     * would be invisible to a virtual clock, which would then report a deadlock (and an executor's
     * queue takes a lock).
     */
    final class OnThread implements Lane {

        private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean closed;

        OnThread(String name) {
            thread = Thread.ofPlatform().daemon().name(name).start(this::work);
        }

        private void work() {
            while (true) {
                Runnable job = jobs.poll();
                if (job != null) {
                    job.run();
                } else if (closed) {
                    for (Runnable late; (late = jobs.poll()) != null; ) {
                        late.run();   // submitted as the lane closed: run rather than strand its waiter
                    }
                    return;
                } else {
                    LockSupport.park(this);
                }
            }
        }

        @Override
        public <T> Pending<T> submit(Callable<T> work) {
            CompletableFuture<T> cf = new CompletableFuture<>();
            jobs.add(() -> {
                try {
                    cf.complete(work.call());
                } catch (Throwable e) {
                    cf.completeExceptionally(e);
                }
            });
            LockSupport.unpark(thread);
            return new Pending<>() {
                @Override
                public T await() {
                    return io.jasyncio.Asyncio.await(cf, ThreadCancelPolicy.ABANDON);
                }

                @Override
                public boolean done() {
                    return cf.isDone();
                }

            };
        }

        @Override
        public void close() {
            closed = true;
            LockSupport.unpark(thread);
        }
    }
}
