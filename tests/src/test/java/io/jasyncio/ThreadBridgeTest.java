package io.jasyncio;

import io.jasyncio.testing.MainEngineOnly;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.RealTime.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Threads in both directions: other threads running coroutines on a loop
 * ({@code runCoroutineThreadsafe}, {@code callSoonThreadsafe}, {@code toCompletableFuture}), and tasks
 * awaiting thread work under each {@link ThreadCancelPolicy}. Tests with real threads are tagged
 * "realtime"; they synchronize with latches, and bound every wait generously.
 */
class ThreadBridgeTest {

    /** A loop running on its own platform thread; closing stops it, joins the thread, closes the loop. */
    private static final class LoopThread implements AutoCloseable {
        final EventLoop loop = EventLoop.newEventLoop();
        final Thread thread = Thread.ofPlatform().name("test-loop").start(loop::runForever);

        LoopThread() throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoonThreadsafe(running::countDown);
            assertTrue(running.await(BOUND, TimeUnit.SECONDS));
        }

        /** Runs {@code fn} on the loop's thread (in a task) and returns its result: for loop-confined reads. */
        <T> T onLoop(Coroutine<T> fn) throws Exception {
            return runCoroutineThreadsafe(fn, loop).get(BOUND, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            loop.callSoonThreadsafe(loop::stop);
            thread.join(TimeUnit.SECONDS.toMillis(BOUND));
            assertFalse(thread.isAlive(), "the loop thread stopped");
            loop.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // runCoroutineThreadsafe

    @Test
    @Tag("realtime")
    void aPlainThreadRunsACoroutineOnTheLoopAndGetsItsResult() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            CompletableFuture<String> cf = runCoroutineThreadsafe(() -> {
                assertSame(lt.loop, getRunningLoop());
                assertNotNull(currentTask());
                sleep(0.01);
                return "ran on " + Thread.currentThread().isVirtual();
            }, lt.loop);
            assertEquals("ran on true", cf.get(BOUND, TimeUnit.SECONDS));
        }
    }

    @Test
    @Tag("realtime")
    void theCoroutinesExceptionFailsTheFutureUnchanged() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            CompletableFuture<String> cf = runCoroutineThreadsafe(() -> {
                sleep(0.01);
                throw new IOException("disk on fire");
            }, lt.loop);
            ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(BOUND, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertEquals("disk on fire", e.getCause().getMessage());
        }
    }

    @Test
    @Tag("realtime")
    void cancellingTheFutureFromTheThreadCancelsTheTask() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            AtomicReference<Task<?>> task = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch cleanedUp = new CountDownLatch(1);
            CompletableFuture<String> cf = runCoroutineThreadsafe(() -> {
                task.set(currentTask());
                started.countDown();
                try {
                    sleep(60);
                    return "slept";
                } finally {
                    cleanedUp.countDown();
                }
            }, lt.loop);
            awaitLatch(started);
            assertTrue(cf.cancel(true));
            assertThrows(CancellationException.class, cf::join);
            awaitLatch(cleanedUp);
            assertTrue(lt.onLoop(() -> {
                Task<?> t = task.get();
                try {
                    await(t);
                    return false;
                } catch (CancelledError expected) {
                    return t.cancelled();
                }
            }), "the task ended cancelled");
        }
    }

    @Test
    @Tag("realtime")
    void aCancelledTaskCancelsTheFuture() throws Exception {
        try (LoopThread lt = new LoopThread()) {
            CompletableFuture<String> cf = runCoroutineThreadsafe(() -> {
                currentTask().cancel("from inside");
                sleep(0);
                return "not reached";
            }, lt.loop);
            assertThrows(CancellationException.class, () -> cf.get(BOUND, TimeUnit.SECONDS));
            assertTrue(cf.isCancelled());
        }
    }

    @Test
    @Tag("realtime")
    void aFutureCancelledBeforeTheLoopRunsNeverStartsTheCoroutine() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            AtomicBoolean started = new AtomicBoolean();
            CompletableFuture<String> cf = runCoroutineThreadsafe(() -> {
                started.set(true);
                return "started";
            }, loop);
            assertTrue(cf.cancel(false));
            loop.runUntilComplete(() -> sleep(0.01, null));
            assertFalse(started.get());
            assertEquals(List.of(), loop.allTasks());
        }
    }

    @Test
    void aClosedLoopRefusesWithAClearError() {
        EventLoop loop = EventLoop.newEventLoop();
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runCoroutineThreadsafe(() -> "never", loop));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aLoopClosedBeforeTheCoroutineStartedFailsTheFuture() {
        EventLoop loop = EventLoop.newEventLoop();
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<String> cf = runCoroutineThreadsafe(() -> {
            started.set(true);
            return "started";
        }, loop);
        loop.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(BOUND, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("closed before the coroutine started"), e.getCause().getMessage());
        assertFalse(started.get());
    }

    @Test
    void aFutureOrTaskIsNotACoroutineToSubmit() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            Future<String> f = loop.createFuture();
            assertThrows(IllegalArgumentException.class, () -> runCoroutineThreadsafe(f, loop));
        }
    }

    // ------------------------------------------------------------------------------------------
    // callSoonThreadsafe and toCompletableFuture

    @Test
    @Tag("realtime")
    void callSoonThreadsafeFromManyThreadsRunsEveryCallbackOnceOnTheLoopThread() {
        int threads = 8;
        int perThread = 2_000;
        int total = threads * perThread;
        int[] runs = new int[total];
        List<Thread> seenThreads = new ArrayList<>(); // loop-confined: only callbacks touch it
        AtomicBoolean wrongLoop = new AtomicBoolean();
        run(() -> {
            EventLoop loop = getRunningLoop();
            Future<Void> allRan = loop.createFuture();
            int[] count = {0};
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> producers = new ArrayList<>();
            for (int p = 0; p < threads; p++) {
                int base = p * perThread;
                producers.add(onPlainThread(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        int id = base + i;
                        loop.callSoonThreadsafe(() -> {
                            if (EventLoop.getRunningLoop() != loop) {
                                wrongLoop.set(true);
                            }
                            if (seenThreads.isEmpty() || seenThreads.getLast() != Thread.currentThread()) {
                                seenThreads.add(Thread.currentThread());
                            }
                            runs[id]++;
                            if (++count[0] == total) {
                                allRan.setResult(null);
                            }
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (CompletableFuture<Void> p : producers) {
                await(p);
            }
            await(allRan);
            return null;
        });
        for (int id = 0; id < total; id++) {
            assertEquals(1, runs[id], "callback " + id + " ran exactly once");
        }
        assertFalse(wrongLoop.get(), "getRunningLoop() in a callback is the loop");
        assertEquals(1, seenThreads.size(), "all callbacks ran on one thread: " + seenThreads);
        // The main engine's loop runs on its own platform thread; the fallback's on a virtual thread of its own.
        assertEquals(EventLoop.engineName().equals("baton-fallback"), seenThreads.getFirst().isVirtual(),
                "the loop's own thread: " + seenThreads.getFirst());
        assertFalse(seenThreads.getFirst().getName().startsWith("plain"));
    }

    @Test
    @Tag("realtime")
    void aTaskSeenAsACompletableFutureCompletesOnAnotherThread() {
        List<String> seen = run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            Task<String> ok = createTask(() -> {
                toThread(() -> {
                    release.await(); // the task finishes only after the plain thread waits on it
                    return null;
                });
                return "task result";
            });
            Task<String> failing = createTask(() -> {
                sleep(0.01);
                throw new IllegalStateException("task failed");
            });
            Task<String> cancelledFromThread = createTask(() -> sleep(60, "slept"));
            CompletableFuture<List<String>> plain = onPlainThread(() -> {
                // toCompletableFuture from a plain thread: attached through callSoonThreadsafe
                CompletableFuture<String> okView = ok.toCompletableFuture();
                CompletableFuture<String> chained = okView.thenApply(r -> r + " on " + Thread.currentThread().getName());
                release.countDown();
                List<String> out = new ArrayList<>();
                out.add(chained.get(BOUND, TimeUnit.SECONDS));
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> failing.toCompletableFuture().get(BOUND, TimeUnit.SECONDS));
                out.add(e.getCause().getMessage());
                CompletableFuture<String> view = cancelledFromThread.toCompletableFuture();
                view.cancel(true);
                out.add("view cancelled: " + view.isCancelled());
                return out;
            });
            List<String> out = await(plain);
            assertThrows(CancelledError.class, () -> await(cancelledFromThread));
            out.add("task cancelled: " + cancelledFromThread.cancelled());
            assertThrows(IllegalStateException.class, () -> await(failing));
            return out;
        });
        assertEquals(4, seen.size(), seen.toString());
        assertTrue(seen.get(0).startsWith("task result on "), seen.get(0));
        assertEquals(List.of("task failed", "view cancelled: true", "task cancelled: true"), seen.subList(1, 4));
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation policies of thread work

    /** Thread work that records what the cancellation did to it, and waits for {@code release}. */
    private static final class Worker {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean interruptSeen;
        volatile boolean endedBeforeRelease = true;

        /** Waits for {@code release}; an interrupt is recorded, then it goes on waiting (cleanup). */
        String work() {
            started.countDown();
            try {
                while (true) {
                    try {
                        if (release.await(BOUND, TimeUnit.SECONDS)) {
                            return "released";
                        }
                        return "timed out";
                    } catch (InterruptedException e) {
                        interruptSeen = true;
                        interrupted.countDown();
                    }
                }
            } finally {
                endedBeforeRelease = release.getCount() > 0;
                ended.countDown();
            }
        }

        /**
         * On a new loop: starts a task awaiting this work under {@code policy} (null: the default
         * overload), waits until the work runs, cancels that task, and hands it to {@code then}.
         */
        void cancelWhileWorking(ThreadCancelPolicy policy, Then then) {
            run(() -> {
                Task<String> t = createTask(() -> policy == null ? toThread(this::work) : toThread(this::work, policy));
                awaitLatch(started); // parks only the main task
                t.cancel();
                then.check(t);
                return null;
            });
        }
    }

    /** What a test checks, in the main task, once the awaiting task was cancelled. */
    @FunctionalInterface
    private interface Then {
        void check(Task<String> cancelled) throws Exception;
    }

    @Test
    @Tag("realtime")
    @MainEngineOnly
    void interruptPolicyInterruptsTheWorkerAndRaisesAtOnce() throws Exception {
        Worker w = new Worker();
        w.cancelWhileWorking(null, t -> {
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            assertEquals(1, w.ended.getCount(), "the task ended while the worker still runs its cleanup");
            awaitLatch(w.interrupted); // parks only this task
            w.release.countDown();
        });
        awaitLatch(w.ended);
        assertTrue(w.interruptSeen);
    }

    @Test
    @Tag("realtime")
    @MainEngineOnly
    void interruptAndWaitPolicyRaisesOnlyOnceTheWorkerHasEnded() throws Exception {
        Worker w = new Worker();
        w.cancelWhileWorking(ThreadCancelPolicy.INTERRUPT_AND_WAIT, t -> {
            awaitLatch(w.interrupted); // parks only this task
            sleep(0.05);
            assertFalse(t.done(), "still waiting for the interrupted worker to end");
            t.cancel("again"); // absorbed: the first cancellation is raised once the worker ends
            sleep(0.05);
            assertFalse(t.done());
            w.release.countDown();
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            assertNull(e.getMessage(), "the first cancellation, not the absorbed one");
            assertEquals(0, w.ended.getCount(), "the worker had ended when the task raised");
            assertTrue(t.cancelled());
        });
        assertTrue(w.interruptSeen);
    }

    @Test
    @Tag("realtime")
    @MainEngineOnly
    void abandonPolicyLeavesTheWorkerAloneAndRaisesAtOnce() throws Exception {
        Worker w = new Worker();
        w.cancelWhileWorking(ThreadCancelPolicy.ABANDON, t -> {
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            assertEquals(1, w.ended.getCount(), "the worker runs on after the task ended");
            w.release.countDown();
        });
        awaitLatch(w.ended);
        assertFalse(w.interruptSeen, "never interrupted");
        assertFalse(w.endedBeforeRelease);
    }

    @Test
    @Tag("realtime")
    void queuedWorkNeverStartsOnceItsAwaiterIsCancelledWhateverThePolicy() throws Exception {
        for (ThreadCancelPolicy policy : ThreadCancelPolicy.values()) {
            ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            CountDownLatch blockerRunning = new CountDownLatch(1);
            CountDownLatch releaseBlocker = new CountDownLatch(1);
            AtomicBoolean queuedRan = new AtomicBoolean();
            try {
                single.submit(() -> {
                    blockerRunning.countDown();
                    awaitLatch(releaseBlocker);
                    return null;
                });
                awaitLatch(blockerRunning);
                run(() -> {
                    Task<Boolean> t = createTask(() -> runInExecutor(single, () -> queuedRan.getAndSet(true), policy));
                    sleep(0); // t starts, queues its work behind the blocker, and waits
                    assertEquals(1, single.getQueue().size(), "the work is queued");
                    t.cancel();
                    assertThrows(CancelledError.class, () -> await(t));
                    return null;
                });
            } finally {
                releaseBlocker.countDown();
                single.shutdown();
                assertTrue(single.awaitTermination(BOUND, TimeUnit.SECONDS));
            }
            assertFalse(queuedRan.get(), policy + ": the queued work never ran");
        }
    }

    @Test
    @Tag("realtime")
    @MainEngineOnly
    void anInterruptThatTheWorkIgnoredDoesNotLeakToThePoolsNextJob() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            boolean nextJobInterrupted = run(() -> {
                Task<Void> t = createTask(() -> runInExecutor(single, () -> {
                    started.countDown();
                    while (release.getCount() > 0) {
                        Thread.onSpinWait(); // ignores interrupts
                    }
                    return null;
                }));
                awaitLatch(started); // parks only this task
                t.cancel();
                assertThrows(CancelledError.class, () -> await(t));
                release.countDown();
                return runInExecutor(single, () -> Thread.currentThread().isInterrupted());
            });
            assertFalse(nextJobInterrupted);
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    @Tag("realtime")
    void awaitingACompletableFutureUnderEachPolicy() {
        run(() -> {
            for (ThreadCancelPolicy policy : ThreadCancelPolicy.values()) {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Task<String> t = createTask(() -> await(cf, policy));
                sleep(0.01);
                t.cancel();
                assertThrows(CancelledError.class, () -> await(t), policy.name());
                assertEquals(policy != ThreadCancelPolicy.ABANDON, cf.isCancelled(), policy.name());
                cf.complete("late"); // an abandoned stage may still complete: nobody listens
            }
            return null;
        });
    }

    @Test
    void abandonedOutsideWorkNoLongerHoldsTheVirtualClock() {
        assertTimeoutPreemptively(Duration.ofSeconds(BOUND), () -> TestLoop.run(() -> {
            CompletableFuture<String> never = new CompletableFuture<>();
            Task<String> t = createTask(() -> await(never, ThreadCancelPolicy.ABANDON));
            sleep(0);
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            sleep(3600); // virtual: instant once nothing outside is awaited any more
            assertEquals(3600.0, getRunningLoop().time(), 1e-6);
            assertFalse(never.isDone());
            return null;
        }));
    }
}
