package io.jasyncio;

import io.jasyncio.testing.MainEngineOnly;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.RealTime.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.fixtures.Ticker;

/**
 * Plain blocking Java code inside a task parks only that task: while it blocks, a {@link Ticker}
 * task keeps counting loop turns, and the call completes normally. The other side of each call (a
 * plain thread, or another task) unblocks it only after the ticker has made {@link #TURNS} more
 * turns, so each test proves the loop kept running without timing anything. Then: cancelling a task
 * blocked in each call ends it cancelled (at once where the call is interruptible, when the call
 * returns where it is not). See docs/blocking.md.
 */
@MainEngineOnly
@Tag("realtime")
class BlockingJavaCodeTest {

    private static final int TURNS = 5;

    /** Code that may throw, run by the other side or inside a holding. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /**
     * The other side of a blocking call: it calls {@code ready} once the task may block (after
     * taking a lock the task will wait for, say), then {@code afterTurns}, which returns once the loop
     * has made {@link #TURNS} turns during the call, then unblocks the task.
     */
    @FunctionalInterface
    private interface OtherSide {
        void run(Body ready, Body afterTurns) throws Exception;
    }

    /** Something a thread can hold while it runs a body: a lock, a monitor. */
    @FunctionalInterface
    private interface Holding {
        void hold(Body body) throws Exception;
    }

    private static Holding lockOf(ReentrantLock lock) {
        return body -> {
            lock.lock();
            try {
                body.run();
            } finally {
                lock.unlock();
            }
        };
    }

    private static Holding monitorOf(Object monitor) {
        return body -> {
            synchronized (monitor) {
                body.run();
            }
        };
    }

    /** The other side does {@code act} once the turns happened. */
    private static OtherSide after(Body act) {
        return (ready, afterTurns) -> {
            ready.run();
            afterTurns.run();
            act.run();
        };
    }

    /** The other side holds {@code holding} until the turns happened, then lets go. */
    private static OtherSide holding(Holding holding) {
        return (ready, afterTurns) -> holding.hold(() -> {
            ready.run();
            afterTurns.run();
        });
    }

    /** {@code run(main)}, failing (instead of hanging) if the loop gets stuck. */
    private static <T> T runBounded(Coroutine<T> main) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2 * BOUND), () -> run(main));
    }

    /** {@link #parksOnlyTheTask(boolean, OtherSide, Coroutine)} with the other side on a plain thread. */
    private static <T> T parksOnlyTheTask(OtherSide side, Coroutine<T> blockingCall) {
        return parksOnlyTheTask(false, side, blockingCall);
    }

    /**
     * Runs {@code blockingCall} in a task next to a ticker, with {@code side} on a plain thread (or in
     * another task), and asserts the ticker made {@link #TURNS} turns while the call blocked.
     */
    private static <T> T parksOnlyTheTask(boolean sideInATask, OtherSide side, Coroutine<T> blockingCall) {
        return runBounded(() -> {
            try (Ticker ticker = Ticker.start()) {
                CountDownLatch ready = new CountDownLatch(1);
                CompletableFuture<CountDownLatch> turns = new CompletableFuture<>();
                Coroutine<Void> other = () -> {
                    side.run(ready::countDown, () -> awaitLatch(turns.get(BOUND, TimeUnit.SECONDS)));
                    return null;
                };
                Coroutine<Void> sideDone;
                if (sideInATask) {
                    sideDone = createTask(other);
                } else {
                    CompletableFuture<Void> plain = onPlainThread(other::call);
                    sideDone = () -> await(plain);
                }
                awaitLatch(ready);
                int before = ticker.ticks();
                turns.complete(ticker.afterTicks(TURNS));
                T result = blockingCall.call();
                int during = ticker.ticks() - before;
                assertTrue(during >= TURNS, "the loop ran other tasks during the call: " + during + " turns");
                await(sideDone);
                return result;
            }
        });
    }

    // ------------------------------------------------------------------------------------------
    // Parks only the task

    @Test
    void threadSleep() {
        AtomicBoolean stop = new AtomicBoolean();
        int sleeps = parksOnlyTheTask(after(() -> stop.set(true)), () -> {
            int n = 0;
            while (!stop.get()) {
                Thread.sleep(10);
                n++;
            }
            return n;
        });
        assertTrue(sleeps > 0);
    }

    @Test
    void holdingAMonitorAcrossThreadSleep() {
        AtomicBoolean stop = new AtomicBoolean();
        Object monitor = new Object();
        parksOnlyTheTask(after(() -> stop.set(true)), () -> {
            synchronized (monitor) { // not pinned on JDK 24+ (JEP 491): Thread.sleep still unmounts the task
                while (!stop.get()) {
                    Thread.sleep(10);
                }
            }
            return null;
        });
    }

    /** A flag guarded by its monitor, with Object.wait/notifyAll. */
    private static final class Flag {
        private boolean set;

        synchronized void set() {
            set = true;
            notifyAll();
        }

        synchronized void awaitSet() throws InterruptedException {
            while (!set) {
                wait();
            }
        }
    }

    @Test
    void waitAndNotifyBetweenTwoTasks() {
        Flag flag = new Flag();
        parksOnlyTheTask(true, after(flag::set), () -> {
            flag.awaitSet();
            return null;
        });
    }

    @Test
    void waitInATaskNotifiedByAPlainThread() {
        Flag flag = new Flag();
        parksOnlyTheTask(after(flag::set), () -> {
            flag.awaitSet();
            return null;
        });
    }

    @Test
    void enteringAMonitorHeldByAPlainThread() {
        Object monitor = new Object();
        parksOnlyTheTask(holding(monitorOf(monitor)), () -> {
            synchronized (monitor) { // JEP 491: a blocked monitor enter unmounts the task
                return "entered";
            }
        });
    }

    @Test
    void reentrantLockHeldByAPlainThread() {
        ReentrantLock lock = new ReentrantLock();
        parksOnlyTheTask(holding(lockOf(lock)), () -> {
            lock.lock();
            lock.unlock();
            return "locked";
        });
    }

    @Test
    void javaUtilConcurrentWaitsReleasedByAPlainThread() {
        Semaphore permits = new Semaphore(0);
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        ReentrantLock lock = new ReentrantLock();
        Condition signalled = lock.newCondition();
        boolean[] flag = {false};
        String item = parksOnlyTheTask(after(() -> {
            permits.release();
            queue.put("item");
            lockOf(lock).hold(() -> {
                flag[0] = true;
                signalled.signalAll();
            });
        }), () -> {
            permits.acquire();
            String taken = queue.take();
            lockOf(lock).hold(() -> {
                while (!flag[0]) {
                    signalled.await();
                }
            });
            return taken;
        });
        assertEquals("item", item);
    }

    private static ServerSocket localServer() throws java.io.IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void blockingSocketReadFromALocalServerThatAnswersLate() throws Exception {
        try (ServerSocket server = localServer()) {
            String line = parksOnlyTheTask((ready, afterTurns) -> {
                ready.run();
                try (Socket client = server.accept()) {
                    afterTurns.run(); // answer late: only once the loop has kept turning
                    client.getOutputStream().write("hello from 127.0.0.1\n".getBytes(StandardCharsets.UTF_8));
                }
            }, () -> {
                try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    return in.readLine();
                }
            });
            assertEquals("hello from 127.0.0.1", line);
        }
    }

    @Test
    void acceptingAConnectionThatComesLate() throws Exception {
        try (ServerSocket server = localServer()) {
            int read = parksOnlyTheTask(after(() -> {
                try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort())) {
                    s.getOutputStream().write('!');
                }
            }), () -> {
                try (Socket accepted = server.accept()) {
                    return accepted.getInputStream().read();
                }
            });
            assertEquals('!', read);
        }
    }

    @Test
    void completableFutureGet() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        assertEquals("computed", parksOnlyTheTask(after(() -> cf.complete("computed")), cf::get));
    }

    @Test
    void completableFutureJoin() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        assertEquals("computed", parksOnlyTheTask(after(() -> cf.complete("computed")), cf::join));
    }

    // ------------------------------------------------------------------------------------------
    // Cancelling a task blocked in a JDK call

    /** A blocking call that completes {@code entered} right before it blocks. */
    @FunctionalInterface
    private interface Blocker<T> {
        T call(Future<Void> entered) throws Exception;
    }

    /**
     * Starts {@code blocker} as a task, waits until it is inside its blocking call (the loop runs
     * nothing else between {@code entered} and the call), and cancels it.
     */
    private static <T> Task<T> startAndCancel(Blocker<T> blocker) {
        Future<Void> entered = getRunningLoop().createFuture();
        Task<T> t = createTask(() -> blocker.call(entered));
        await(entered);
        assertTrue(t.cancel());
        return t;
    }

    private static CancelledError assertEndsCancelled(Task<?> t) {
        CancelledError e = assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled(), t.toString());
        return e;
    }

    /** Holds {@code holding} on a plain thread until {@code release} opens; returns once it holds it. */
    private static CompletableFuture<Void> holdOnAPlainThread(Holding holding, CountDownLatch release) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Void> holder = onPlainThread(() -> {
            holding.hold(() -> {
                held.countDown();
                awaitLatch(release);
            });
            return null;
        });
        awaitLatch(held);
        return holder;
    }

    @Test
    void cancellingInterruptibleCallsEndsTheTaskCancelledAtOnce() {
        runBounded(() -> {
            Flag flag = new Flag();
            ReentrantLock lock = new ReentrantLock();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = holdOnAPlainThread(lockOf(lock), release);
            CompletableFuture<String> never = new CompletableFuture<>();

            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                Thread.sleep(60_000);
                return "slept";
            }));
            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                flag.awaitSet();
                return "notified";
            }));
            flag.set(); // the monitor is free: the cancelled waiter left its synchronized method
            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                lock.lockInterruptibly();
                lock.unlock();
                return "locked";
            }));
            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                return never.get();
            }));
            assertFalse(never.isDone(), "cancelling the task does not cancel the CompletableFuture it blocks on");
            release.countDown();
            await(holder);
            return null;
        });
    }

    @Test
    void cancellingABlockingSocketReadClosesTheSocketAndEndsTheTaskCancelled() {
        runBounded(() -> {
            try (ServerSocket server = localServer()) {
                CountDownLatch done = new CountDownLatch(1);
                CompletableFuture<Integer> serving = onPlainThread(() -> {
                    try (Socket client = server.accept()) {
                        awaitLatch(done); // never answers
                        return client.getInputStream().read(); // the cancelled side closed: EOF
                    }
                });
                Socket[] socket = new Socket[1];
                CancelledError e = assertEndsCancelled(startAndCancel(entered -> {
                    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort())) {
                        socket[0] = s;
                        entered.setResult(null);
                        return s.getInputStream().read();
                    }
                }));
                // the task's CancelledError, caused by the JDK's SocketException("Closed by interrupt")
                assertInstanceOf(SocketException.class, e.getCause().getCause(), String.valueOf(e.getCause()));
                assertTrue(socket[0].isClosed());
                done.countDown();
                assertEquals(-1, await(serving));

                assertEndsCancelled(startAndCancel(entered -> {
                    entered.setResult(null);
                    return server.accept();
                }));
                assertTrue(server.isClosed(), "an interrupted accept closes the server socket");
            }
            return null;
        });
    }

    /**
     * Cancels a task blocked in an uninterruptible call, checks that it keeps waiting while the loop
     * turns, then lets the call return with {@code unblock}: the task ends cancelled.
     */
    private static void cancelledWhenItReturns(Ticker ticker, Blocker<?> blocker, Body unblock) throws Exception {
        Task<?> t = startAndCancel(blocker);
        awaitLatch(ticker.afterTicks(TURNS));
        assertFalse(t.done(), "the call ignores the interrupt and keeps waiting");
        unblock.run();
        assertEndsCancelled(t);
    }

    @Test
    void cancellingUninterruptibleCallsTakesEffectWhenTheyReturn() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start()) {
                ReentrantLock lock = new ReentrantLock();
                CountDownLatch releaseLock = new CountDownLatch(1);
                CompletableFuture<Void> lockHolder = holdOnAPlainThread(lockOf(lock), releaseLock);
                boolean[] acquired = {false};
                cancelledWhenItReturns(ticker, entered -> {
                    entered.setResult(null);
                    lock.lock();
                    acquired[0] = true;
                    lock.unlock();
                    return "locked";
                }, releaseLock::countDown);
                assertTrue(acquired[0], "the cancellation was raised after lock() returned");
                await(lockHolder);

                CompletableFuture<String> later = new CompletableFuture<>();
                cancelledWhenItReturns(ticker, entered -> {
                    entered.setResult(null);
                    return later.join();
                }, () -> later.complete("value"));

                Object monitor = new Object();
                CountDownLatch releaseMonitor = new CountDownLatch(1);
                CompletableFuture<Void> monitorHolder = holdOnAPlainThread(monitorOf(monitor), releaseMonitor);
                cancelledWhenItReturns(ticker, entered -> {
                    entered.setResult(null);
                    synchronized (monitor) {
                        return "entered";
                    }
                }, releaseMonitor::countDown);
                await(monitorHolder);
            }
            return null;
        });
    }
}
