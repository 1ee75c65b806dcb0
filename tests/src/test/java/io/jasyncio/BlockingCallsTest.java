package io.jasyncio;

import io.jasyncio.testing.MainEngineOnly;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * JDK blocking calls inside tasks, threads, and CompletableFutures: these involve real threads and
 * real time, so they run on a real-clock loop with generous bounds (tag "realtime").
 */
@Tag("realtime")
class BlockingCallsTest {

    @Test
    @MainEngineOnly
    void threadSleepInATaskParksOnlyThatTask() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        run(() -> {
            Task<Void> blocker = createTask(() -> {
                Thread.sleep(300);
                log.add("blocker woke");
                return null;
            });
            Task<Integer> ticker = createTask(() -> {
                int ticks = 0;
                while (!blocker.done()) {
                    sleep(0.01);
                    ticks++;
                }
                return ticks;
            });
            int ticks = await(ticker);
            assertTrue(ticks >= 5, "the loop kept running other tasks while one was in Thread.sleep: " + ticks);
            return null;
        });
        assertEquals(List.of("blocker woke"), log);
    }

    @Test
    @MainEngineOnly
    void cancellingATaskInThreadSleepInterruptsItAndEndsItCancelled() {
        long t0 = System.nanoTime();
        run(() -> {
            Task<String> t = createTask(() -> {
                Thread.sleep(60_000);
                return "slept a minute";
            });
            sleep(0.05);
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            return null;
        });
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void toThreadRunsOnAPlatformWorkerAndReturnsItsResult() {
        String loopThread = run(() -> Thread.currentThread().toString());
        String worker = run(() -> toThread(() -> Thread.currentThread().isVirtual() + " " + Thread.currentThread().getName()));
        assertTrue(worker.startsWith("false jasyncio-"), worker);
        assertNotEquals(loopThread, worker);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(() -> toThread(() -> { throw new IllegalStateException("in worker"); })));
        assertEquals("in worker", e.getMessage());
    }

    @Test
    void toThreadCallsRunInParallel() {
        long t0 = System.nanoTime();
        run(() -> gather(() -> toThread(() -> { Thread.sleep(500); return 1; }),
                () -> toThread(() -> { Thread.sleep(500); return 2; }),
                () -> toThread(() -> { Thread.sleep(500); return 3; })));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 1400, "three 0.5 s blocking calls overlapped: " + ms + " ms");
    }

    @Test
    void cancellingAToThreadAwaiterInterruptsTheWorker() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        run(() -> {
            Task<String> t = createTask(() -> toThread(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "done";
            }));
            await(CompletableFuture.runAsync(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            return null;
        });
        assertTrue(interrupted.await(30, TimeUnit.SECONDS));
    }

    @Test
    void awaitingCompletableFuturesFromOtherThreads() {
        String r = run(() -> await(CompletableFuture.supplyAsync(() -> "from another thread")));
        assertEquals("from another thread", r);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(() -> await(
                CompletableFuture.supplyAsync(() -> { throw new IllegalArgumentException("cf failed"); }))));
        assertEquals("cf failed", e.getMessage());
        CompletableFuture<String> never = new CompletableFuture<>();
        assertThrows(TimeoutErrorProbe.class, () -> run(() -> {
            Task<String> t = createTask(() -> await(never));
            sleep(0.05);
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(never.isCancelled(), "cancelling the awaiter cancels the CompletableFuture");
            throw new TimeoutErrorProbe();
        }));
    }

    private static final class TimeoutErrorProbe extends RuntimeException {
    }

    @Test
    void aTaskAsACompletableFutureAndAFutureAwaitedFromAPlainThread() throws Exception {
        CompletableFuture<CompletableFuture<String>> handOff = new CompletableFuture<>();
        CompletableFuture<String> fromPlainThread = new CompletableFuture<>();
        run(() -> {
            Task<String> t = createTask(() -> sleep(0.1, "task result"));
            Future<String> f = getRunningLoop().createFuture();
            handOff.complete(t.toCompletableFuture());
            Thread.ofPlatform().start(() -> fromPlainThread.complete(f.call())); // blocks that thread only
            sleep(0.05);
            f.setResult("future result");
            await(t);
            return null;
        });
        assertEquals("task result", handOff.get().get(30, TimeUnit.SECONDS));
        assertEquals("future result", fromPlainThread.get(30, TimeUnit.SECONDS));
    }
}
