package io.jasyncio;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.RealTime.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Plain blocking Java code inside a task parks only that task: while it blocks, a {@link Ticker}
 * task keeps counting loop turns, and the call completes normally. The other side of each call (a
 * plain thread, or another task) acts only after the ticker has made a few more turns, so the test
 * proves the loop kept running without timing anything. Then: cancelling a task blocked in each call
 * ends it cancelled (at once where the call is interruptible, when the call returns where it is not).
 * See docs/blocking.md.
 */
@Tag("realtime")
class BlockingJavaCodeTest {

    private static final int TURNS = 5;

    /** {@code run(main)}, failing (instead of hanging) if the loop gets stuck. */
    private static <T> T runBounded(Coroutine<T> main) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2 * BOUND), () -> run(main));
    }

    // ------------------------------------------------------------------------------------------
    // Parks only the task

    @Test
    void threadSleep() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start()) {
                int before = ticker.ticks();
                Thread.sleep(300);
                assertTrue(ticker.ticks() - before >= 3, "ticks during Thread.sleep(300): " + (ticker.ticks() - before));
            }
            return null;
        });
    }

    @Test
    void waitAndNotifyBetweenTwoTasks() {
        runBounded(() -> {
            Object lock = new Object();
            boolean[] ready = {false};
            try (Ticker ticker = Ticker.start()) {
                CountDownLatch turns = ticker.afterTicks(TURNS);
                Task<Integer> waiter = createTask(() -> {
                    int before = ticker.ticks();
                    synchronized (lock) {
                        while (!ready[0]) {
                            lock.wait();
                        }
                    }
                    return ticker.ticks() - before;
                });
                Task<Void> notifier = createTask(() -> {
                    awaitLatch(turns);
                    synchronized (lock) {
                        ready[0] = true;
                        lock.notifyAll();
                    }
                    return null;
                });
                await(notifier);
                assertTrue(await(waiter) >= TURNS);
            }
            return null;
        });
    }

    @Test
    void waitInATaskNotifiedByAPlainThread() {
        runBounded(() -> {
            Object lock = new Object();
            boolean[] ready = {false};
            try (Ticker ticker = Ticker.start()) {
                CountDownLatch turns = ticker.afterTicks(TURNS);
                CompletableFuture<Void> plain = onPlainThread(() -> {
                    awaitLatch(turns);
                    synchronized (lock) {
                        ready[0] = true;
                        lock.notifyAll();
                    }
                    return null;
                });
                int before = ticker.ticks();
                synchronized (lock) {
                    while (!ready[0]) {
                        lock.wait();
                    }
                }
                assertTrue(ticker.ticks() - before >= TURNS);
                await(plain);
            }
            return null;
        });
    }

    @Test
    void enteringAMonitorHeldByAPlainThread() {
        runBounded(() -> {
            Object monitor = new Object();
            try (Ticker ticker = Ticker.start()) {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch turns = ticker.afterTicks(TURNS);
                CompletableFuture<Void> plain = onPlainThread(() -> {
                    synchronized (monitor) {
                        held.countDown();
                        awaitLatch(turns);
                    }
                    return null;
                });
                awaitLatch(held);
                int before = ticker.ticks();
                synchronized (monitor) { // JDK 24+ (JEP 491): a blocked monitorenter unmounts the task
                    assertTrue(ticker.ticks() - before >= TURNS);
                }
                await(plain);
            }
            return null;
        });
    }

    @Test
    void holdingAMonitorAcrossABlockingCall() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start()) {
                int before = ticker.ticks();
                synchronized (this) { // not pinned on JDK 24+: Thread.sleep still unmounts the task
                    Thread.sleep(300);
                }
                assertTrue(ticker.ticks() - before >= 3);
            }
            return null;
        });
    }

    @Test
    void reentrantLockHeldByAPlainThread() {
        runBounded(() -> {
            ReentrantLock lock = new ReentrantLock();
            try (Ticker ticker = Ticker.start()) {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch turns = ticker.afterTicks(TURNS);
                CompletableFuture<Void> plain = onPlainThread(() -> {
                    lock.lock();
                    try {
                        held.countDown();
                        awaitLatch(turns);
                    } finally {
                        lock.unlock();
                    }
                    return null;
                });
                awaitLatch(held);
                int before = ticker.ticks();
                lock.lock();
                try {
                    assertTrue(ticker.ticks() - before >= TURNS);
                } finally {
                    lock.unlock();
                }
                await(plain);
            }
            return null;
        });
    }

    @Test
    void javaUtilConcurrentWaitsReleasedByAPlainThread() {
        runBounded(() -> {
            Semaphore permits = new Semaphore(0);
            BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
            ReentrantLock lock = new ReentrantLock();
            Condition signalled = lock.newCondition();
            boolean[] flag = {false};
            try (Ticker ticker = Ticker.start()) {
                CountDownLatch turns = ticker.afterTicks(TURNS);
                CompletableFuture<Void> plain = onPlainThread(() -> {
                    awaitLatch(turns);
                    permits.release();
                    queue.put("item");
                    lock.lock();
                    try {
                        flag[0] = true;
                        signalled.signalAll();
                    } finally {
                        lock.unlock();
                    }
                    return null;
                });
                int before = ticker.ticks();
                permits.acquire();
                assertEquals("item", queue.take());
                lock.lock();
                try {
                    while (!flag[0]) {
                        signalled.await();
                    }
                } finally {
                    lock.unlock();
                }
                assertTrue(ticker.ticks() - before >= TURNS);
                await(plain);
            }
            return null;
        });
    }

    @Test
    void acceptingAConnectionThatComesLate() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start();
                 ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                CountDownLatch turns = ticker.afterTicks(TURNS);
                CompletableFuture<Void> client = onPlainThread(() -> {
                    awaitLatch(turns);
                    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort())) {
                        s.getOutputStream().write('!');
                    }
                    return null;
                });
                int before = ticker.ticks();
                try (Socket accepted = server.accept()) {
                    assertTrue(ticker.ticks() - before >= TURNS);
                    assertEquals('!', accepted.getInputStream().read());
                }
                await(client);
            }
            return null;
        });
    }

    @Test
    void blockingSocketReadFromALocalServerThatAnswersLate() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start();
                 ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                CountDownLatch turns = ticker.afterTicks(TURNS);
                CompletableFuture<Void> serving = onPlainThread(() -> {
                    try (Socket client = server.accept()) {
                        awaitLatch(turns); // answer late: only once the loop has kept turning
                        OutputStream out = client.getOutputStream();
                        out.write("hello from 127.0.0.1\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    return null;
                });
                int before = ticker.ticks();
                String line;
                try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    line = in.readLine();
                }
                assertEquals("hello from 127.0.0.1", line);
                assertTrue(ticker.ticks() - before >= TURNS);
                await(serving);
            }
            return null;
        });
    }

    @Test
    void completableFutureGetAndJoin() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start()) {
                for (boolean join : new boolean[] {false, true}) {
                    CountDownLatch turns = ticker.afterTicks(TURNS);
                    CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> {
                        try {
                            awaitLatch(turns);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return "computed";
                    });
                    int before = ticker.ticks();
                    String r = join ? cf.join() : cf.get();
                    assertEquals("computed", r);
                    assertTrue(ticker.ticks() - before >= TURNS, join ? "join" : "get");
                }
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------
    // Cancelling a task blocked in a JDK call

    /**
     * Starts {@code blocker} as a task, waits until it is inside its blocking call (it completes
     * {@code entered} right before the call; the loop runs nothing else in between), cancels it.
     */
    private static <T> Task<T> startAndCancel(Blocker<T> blocker) {
        Future<Void> entered = getRunningLoop().createFuture();
        Task<T> t = createTask(() -> blocker.call(entered));
        await(entered);
        assertTrue(t.cancel());
        return t;
    }

    @FunctionalInterface
    private interface Blocker<T> {
        T call(Future<Void> entered) throws Exception;
    }

    private static void assertEndsCancelled(Task<?> t) {
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled(), t.toString());
    }

    @Test
    void cancellingInterruptibleCallsEndsTheTaskCancelledAtOnce() {
        runBounded(() -> {
            Object lock = new Object();
            ReentrantLock rlock = new ReentrantLock();
            CountDownLatch releaseHolder = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            CompletableFuture<Void> holder = onPlainThread(() -> {
                rlock.lock();
                try {
                    held.countDown();
                    awaitLatch(releaseHolder);
                } finally {
                    rlock.unlock();
                }
                return null;
            });
            awaitLatch(held);
            CompletableFuture<String> never = new CompletableFuture<>();

            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                Thread.sleep(60_000);
                return "slept";
            }));
            assertEndsCancelled(startAndCancel(entered -> {
                synchronized (lock) {
                    entered.setResult(null);
                    lock.wait();
                }
                return "notified";
            }));
            synchronized (lock) { // free: the cancelled waiter left its synchronized block
                lock.notifyAll();
            }
            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                rlock.lockInterruptibly();
                rlock.unlock();
                return "locked";
            }));
            assertEndsCancelled(startAndCancel(entered -> {
                entered.setResult(null);
                return never.get();
            }));
            assertFalse(never.isDone(), "cancelling the task does not cancel the CompletableFuture it blocks on");
            releaseHolder.countDown();
            await(holder);
            return null;
        });
    }

    @Test
    void cancellingABlockingSocketReadClosesTheSocketAndEndsTheTaskCancelled() {
        runBounded(() -> {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                CountDownLatch done = new CountDownLatch(1);
                CompletableFuture<Integer> serving = onPlainThread(() -> {
                    try (Socket client = server.accept()) {
                        awaitLatch(done); // never answers
                        return client.getInputStream().read(); // the cancelled side closed: EOF
                    }
                });
                Socket[] socket = new Socket[1];
                Task<Integer> t = startAndCancel(entered -> {
                    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort())) {
                        socket[0] = s;
                        entered.setResult(null);
                        return s.getInputStream().read();
                    }
                });
                CancelledError e = assertThrows(CancelledError.class, () -> await(t));
                assertTrue(t.cancelled());
                // the task's CancelledError, caused by the JDK's SocketException("Closed by interrupt")
                assertInstanceOf(SocketException.class, e.getCause().getCause(), String.valueOf(e.getCause()));
                assertTrue(socket[0].isClosed());
                done.countDown();
                assertEquals(-1, await(serving));

                // accept() too
                Task<Socket> accepting = startAndCancel(entered -> {
                    entered.setResult(null);
                    return server.accept();
                });
                assertEndsCancelled(accepting);
                assertTrue(server.isClosed(), "an interrupted accept closes the server socket");
            }
            return null;
        });
    }

    @Test
    void cancellingUninterruptibleCallsTakesEffectWhenTheyReturn() {
        runBounded(() -> {
            try (Ticker ticker = Ticker.start()) {
                // ReentrantLock.lock() held by a plain thread
                ReentrantLock lock = new ReentrantLock();
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                CompletableFuture<Void> holder = onPlainThread(() -> {
                    lock.lock();
                    try {
                        held.countDown();
                        awaitLatch(release);
                    } finally {
                        lock.unlock();
                    }
                    return null;
                });
                awaitLatch(held);
                boolean[] acquired = {false};
                Task<String> locker = startAndCancel(entered -> {
                    entered.setResult(null);
                    lock.lock();
                    acquired[0] = true;
                    lock.unlock();
                    return "locked";
                });
                awaitLatch(ticker.afterTicks(TURNS));
                assertFalse(locker.done(), "lock() ignores the interrupt and keeps waiting");
                release.countDown();
                assertEndsCancelled(locker);
                assertTrue(acquired[0], "the cancellation was raised after lock() returned");
                await(holder);

                // CompletableFuture.join()
                CompletableFuture<String> later = new CompletableFuture<>();
                Task<String> joiner = startAndCancel(entered -> {
                    entered.setResult(null);
                    return later.join();
                });
                awaitLatch(ticker.afterTicks(TURNS));
                assertFalse(joiner.done(), "join() ignores the interrupt");
                later.complete("value");
                assertEndsCancelled(joiner);

                // entering a monitor held by a plain thread
                Object monitor = new Object();
                CountDownLatch monitorHeld = new CountDownLatch(1);
                CountDownLatch releaseMonitor = new CountDownLatch(1);
                CompletableFuture<Void> monitorHolder = onPlainThread(() -> {
                    synchronized (monitor) {
                        monitorHeld.countDown();
                        awaitLatch(releaseMonitor);
                    }
                    return null;
                });
                awaitLatch(monitorHeld);
                Task<String> entering = startAndCancel(entered -> {
                    entered.setResult(null);
                    synchronized (monitor) {
                        return "entered";
                    }
                });
                awaitLatch(ticker.afterTicks(TURNS));
                assertFalse(entering.done(), "monitorenter is not interruptible");
                releaseMonitor.countDown();
                assertEndsCancelled(entering);
                await(monitorHolder);
            }
            return null;
        });
    }
}
