package io.jasyncio;

import org.junit.jupiter.api.Assumptions;
import io.jasyncio.testing.MainEngineOnly;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.RealTime.*;
import static io.jasyncio.fixtures.Ticker.runWithTicker;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.fixtures.Ticker;

/**
 * What still holds the loop's thread (docs/blocking.md): code that cannot unmount its virtual thread
 * keeps the loop from running anything else until it returns. Each test shows the {@link Ticker}
 * standing still while the call blocked for a measured while, and, where it applies, the way around.
 */
@MainEngineOnly
@Tag("realtime")
class BlockingTheLoopTest {

    private static final long HOLD_MS = 200;

    /** What the ticker did while {@code call} ran in the current task, and how long that took. */
    private record Hold(int ticks, long millis) {
    }

    private static Hold hold(Ticker ticker, Coroutine<?> call) throws Exception {
        int before = ticker.ticks();
        long t0 = System.nanoTime();
        call.call();
        return new Hold(ticker.ticks() - before, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** The call held the loop: no other task ran while it blocked for (about) {@link #HOLD_MS}. */
    private static void assertHeldTheLoop(Hold h) {
        assertEquals(0, h.ticks(), "no other task ran");
        assertTrue(h.millis() >= HOLD_MS * 3 / 4, "it did block, for " + h.millis() + " ms");
    }

    @Test
    void aCpuBoundLoop() {
        runWithTicker(ticker -> {
            assertHeldTheLoop(hold(ticker, () -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOLD_MS);
                long n = 0;
                while (System.nanoTime() < end) {
                    n++;
                }
                return n;
            }));
        });
    }

    // ------------------------------------------------------------------------------------------
    // File I/O: the JDK compensates for it only on its own ForkJoinPool carriers, not on a loop

    private static Path fifo(Path dir) throws IOException, InterruptedException {
        Path p = dir.resolve("fifo");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo here: " + e);
            throw e;
        }
        Assumptions.assumeTrue(mk.waitFor() == 0 && Files.exists(p), "mkfifo failed");
        return p;
    }

    /** A plain thread that, once {@code pause} returns, opens the FIFO, writes, and closes it. */
    private static CompletableFuture<Void> writeAfter(Path fifo, Callable<?> pause) {
        return onPlainThread(() -> {
            pause.call();
            Files.writeString(fifo, "through the pipe");
            return null;
        });
    }

    @Test
    void readingAFileBlocksTheLoopUntilTheDataArrives(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        runWithTicker(ticker -> {
            for (boolean nio : new boolean[] {false, true}) {
                // A slow writer: it writes HOLD_MS from now, whatever the loop does meanwhile.
                CompletableFuture<Void> writer = writeAfter(fifo, () -> {
                    Thread.sleep(HOLD_MS);
                    return null;
                });
                String[] read = new String[1];
                assertHeldTheLoop(hold(ticker, () -> {
                    if (nio) {
                        read[0] = Files.readString(fifo);
                    } else {
                        try (InputStream in = new FileInputStream(fifo.toFile())) {
                            read[0] = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                    return null;
                }));
                assertEquals("through the pipe", read[0]);
                await(writer);
            }
        });
    }

    @Test
    void readingABigFileRunsNothingElseUntilItReturns(@TempDir Path dir) throws Exception {
        Path big = Files.write(dir.resolve("big.bin"), new byte[64 << 20]);
        runWithTicker(ticker -> {
            int before = ticker.ticks();
            assertEquals(64 << 20, Files.readAllBytes(big).length);
            assertEquals(before, ticker.ticks(), "no other task ran during Files.readAllBytes");
        });
    }

    @Test
    void toThreadIsTheWayAround(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        runWithTicker(ticker -> {
            CountDownLatch turns = ticker.afterTicks(5);
            CompletableFuture<Void> writer = writeAfter(fifo, () -> {
                awaitLatch(turns);
                return null;
        });
        int before = ticker.ticks();
        assertEquals("through the pipe", toThread(() -> Files.readString(fifo)));
        assertTrue(ticker.ticks() - before >= 5, "the loop kept running while a worker waited for the data");
        await(writer);

        // CPU-bound work on a worker: it spins until the loop has made 5 more turns.
        CountDownLatch moreTurns = ticker.afterTicks(5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
        long spins = toThread(() -> {
            long n = 0;
            while (moreTurns.getCount() > 0 && System.nanoTime() < deadline) {
                n++;
            }
            return n;
        });
        assertEquals(0, moreTurns.getCount(), "the loop kept running while a worker computed");
        assertTrue(spins > 0);
        });
    }

    // ------------------------------------------------------------------------------------------
    // Class initializers run pinned: the JVM calls <clinit> through a native frame

    static final class SleepsInInit {
        static final long VALUE;

        static {
            try {
                Thread.sleep(HOLD_MS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            VALUE = 42;
        }
    }

    static final class WaitsInInit {
        static final long VALUE;

        static {
            Object lock = new Object();
            synchronized (lock) {
                try {
                    lock.wait(HOLD_MS); // nobody notifies: a timed wait, pinned
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            VALUE = 43;
        }
    }

    @Test
    void threadSleepOrObjectWaitInAStaticInitializerHoldsTheLoop() {
        runWithTicker(ticker -> {
            assertHeldTheLoop(hold(ticker, () -> SleepsInInit.VALUE));
            assertHeldTheLoop(hold(ticker, () -> WaitsInInit.VALUE));
            // Outside a static initializer, the same Thread.sleep parks only the task.
            int before = ticker.ticks();
            Thread.sleep(HOLD_MS);
            assertTrue(ticker.ticks() - before >= 3);
        });
    }

    static final CountDownLatch AWAIT_IN_INIT_ENTERED = new CountDownLatch(1);

    static final class AwaitsInInit {
        static final int VALUE;

        static {
            AWAIT_IN_INIT_ENTERED.countDown();
            sleep(0.05); // parks pinned: the loop thread itself parks, and nobody runs the timer
            VALUE = 1;
        }
    }

    @Test
    void anAwaitInAStaticInitializerDeadlocksTheLoop() throws Exception {
        AtomicReference<Ticker> tickerRef = new AtomicReference<>();
        AtomicReference<Task<Integer>> victim = new AtomicReference<>();
        CompletableFuture<String> outcome = onPlainThread(() -> run(() -> {
            try (Ticker ticker = Ticker.start()) {
                tickerRef.set(ticker);
                Task<Integer> t = createTask(() -> AwaitsInInit.VALUE);
                victim.set(t);
                try {
                    return "no deadlock: " + await(t);
                } catch (CancelledError e) {
                    return "cancelled";
                }
            }
        }));
        awaitLatch(AWAIT_IN_INIT_ENTERED);
        CountDownLatch turns = tickerRef.get().afterTicks(3);
        assertFalse(turns.await(1, TimeUnit.SECONDS), "the loop is stuck: no tick in a second");
        // The only way out: interrupting the task's thread cancels the await inside the initializer.
        victim.get().thread().interrupt();
        assertEquals("cancelled", outcome.get(BOUND, TimeUnit.SECONDS));
        // CancelledError is an Error, so it left <clinit> unwrapped; the class is now unusable.
        assertThrows(NoClassDefFoundError.class, () -> assertEquals(1, AwaitsInInit.VALUE));
    }

    // ------------------------------------------------------------------------------------------
    // Native calls (JNI, FFM downcalls)

    @Test
    void aNativeCallHoldsTheLoop() {
        MethodHandle usleep;
        try {
            Linker linker = Linker.nativeLinker();
            usleep = linker.downcallHandle(linker.defaultLookup().find("usleep").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (IllegalCallerException | UnsupportedOperationException | java.util.NoSuchElementException e) {
            Assumptions.abort("no native access here: " + e);
            return;
        }
        runWithTicker(ticker -> {
            assertHeldTheLoop(hold(ticker, () -> {
                try {
                    return (int) usleep.invokeExact((int) TimeUnit.MILLISECONDS.toMicros(HOLD_MS));
                } catch (Throwable e) {
                    throw new AssertionError(e);
                }
            }));
        });
    }
}
