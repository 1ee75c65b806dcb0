package io.jasyncio.files;

import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cancel safety and the pool bound, with real threads and real files: operations still queued when
 * their task is cancelled never run; operations a pool thread is doing run to their end, keep their
 * effect, and only then raise {@link CancelledError}; a close always completes. "Running" is made
 * observable with named pipes (FIFOs), whose reads and writes block until the other end acts; "queued"
 * with a pool whose only thread is held by a gate. The test loop's virtual clock stands still while pool
 * work is pending, so {@code sleep} here waits real time.
 */
class FileCancelTest {

    /** Seconds: the bound on every real wait. */
    private static final long BOUND = 30;

    @TempDir
    Path dir;
    private Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(), "mkfifo");
    }

    /**
     * Waits until {@code condition} holds, polled by a plain thread: a virtual clock stands still while
     * pool work is pending, so a {@code sleep} in the task would not return before that work ends.
     */
    private static void until(BooleanSupplier condition, String what) {
        await(onPlainThread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
            while (!condition.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
                Thread.sleep(1);
            }
            return null;
        }));
    }

    /** Lets {@code millis} of real time pass (on a plain thread, for the same reason). */
    private static void pause(long millis) {
        await(onPlainThread(() -> {
            Thread.sleep(millis);
            return null;
        }));
    }

    private static <T> CompletableFuture<T> onPlainThread(Callable<T> fn) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                cf.complete(fn.call());
            } catch (Throwable e) {
                cf.completeExceptionally(e);
            }
        });
        return cf;
    }

    /** Holds the pool's only thread until {@link #release()}. */
    private static final class Gate {
        final CountDownLatch open = new CountDownLatch(1);
        final Task<Object> task;

        Gate(FilePool pool) {
            CompletableFuture<Void> holding = new CompletableFuture<>();
            task = createTask(() -> pool.run(() -> {
                holding.complete(null);
                return open.await(BOUND, TimeUnit.SECONDS);
            }));
            await(holding);
        }

        void release() {
            open.countDown();
            assertEquals(Boolean.TRUE, await(task));
        }
    }

    private static void assertCancelled(Task<?> t) {
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled());
    }

    @AsyncioTest
    void moreOperationsThanThreadsQueueAndStartInOrder() {
        FilePool pool = FilePool.create(2);
        int n = 6;
        List<Integer> startOrder = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CountDownLatch> gates = new ArrayList<>();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            gates.add(new CountDownLatch(1));
            started.add(new CompletableFuture<>());
            tasks.add(createTask(() -> pool.run(() -> {
                startOrder.add(id);
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                started.get(id).complete(null);
                assertTrue(gates.get(id).await(BOUND, TimeUnit.SECONDS));
                inFlight.decrementAndGet();
                return id;
            })));
        }
        await(started.get(0));
        await(started.get(1));
        until(() -> pool.statistics().queued() == n - 2, "the other operations queued");
        assertEquals(new FilePool.Statistics(2, 2, n - 2, 0), pool.statistics());
        for (int i = 0; i < n; i++) {
            gates.get(i).countDown();
            assertEquals(i, await(tasks.get(i)));
            if (i + 2 < n) {
                await(started.get(i + 2));                   // the freed thread takes the oldest queued one
            }
            assertEquals(List.copyOf(startOrder), startOrder.stream().sorted().toList(), "first come, first served");
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), startOrder);
        assertEquals(2, most.get(), "never more than the bound at once");
        assertEquals(n, pool.statistics().completed());
    }

    @AsyncioTest
    void aQueuedWriteThatIsCancelledNeverRuns() throws IOException {
        FilePool pool = FilePool.create(1);
        Path p = dir.resolve("w.txt");
        try (AsyncFile f = AsyncFiles.open(p, "w", OpenOptions.defaults().withPool(pool).withBufferSize(16))) {
            f.write("kept\n");                               // buffered: no hop
            Gate gate = new Gate(pool);
            Task<Integer> writer = createTask(() -> f.write("x".repeat(100)));   // does not fit: one hop, queued
            until(() -> pool.statistics().queued() == 1, "the write queued");
            writer.cancel();
            assertCancelled(writer);                         // at once: the gate still holds the thread
            assertEquals(5, f.tell(), "the position did not move");
            assertEquals(0, pool.statistics().queued());
            gate.release();
            assertEquals("", Files.readString(p), "nothing was written yet");
        }
        assertEquals("kept\n", Files.readString(p), "the buffered text was kept, the cancelled one never written");
    }

    @AsyncioTest
    void aQueuedReadlineThatIsCancelledConsumesNothing() throws IOException {
        FilePool pool = FilePool.create(1);
        Path p = dir.resolve("r.txt");
        Files.writeString(p, "first\nsecond\n");
        try (AsyncFile f = AsyncFiles.open(p, "r", OpenOptions.defaults().withPool(pool))) {
            Gate gate = new Gate(pool);
            Task<String> reader = createTask(f::readline);
            until(() -> pool.statistics().queued() == 1, "the read queued");
            reader.cancel();
            assertCancelled(reader);
            gate.release();
            assertEquals(0, f.tell());
            assertEquals("first\n", f.readline());
            assertEquals("second\n", f.readline());
        }
    }

    @AsyncioTest
    void aWriteThatReachedAThreadCompletesThenTheCancellationIsRaised() throws Exception {
        FilePool pool = FilePool.create(1);
        byte[] data = new byte[1 << 20];                     // far more than a pipe holds: the write blocks
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        CountDownLatch readNow = new CountDownLatch(1);
        CompletableFuture<byte[]> received = onPlainThread(() -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                assertTrue(readNow.await(BOUND, TimeUnit.SECONDS));
                return in.readAllBytes();
            }
        });
        AsyncFile f = AsyncFiles.open(fifo, "wb", OpenOptions.defaults().withPool(pool));
        assertFalse(f.seekable());
        AtomicLong tellAfter = new AtomicLong(-1);
        Task<Integer> writer = createTask(() -> {
            try {
                return f.write(data);
            } finally {
                tellAfter.set(f.tell());
            }
        });
        until(() -> pool.statistics().running() == 1, "the write is running");
        writer.cancel();
        pause(50);
        assertFalse(writer.done(), "the task waits for the write its thread is doing");
        readNow.countDown();
        assertCancelled(writer);
        assertEquals(data.length, tellAfter.get(), "the whole write happened and the position moved past it");
        f.close();
        assertArrayEquals(data, await(received));
    }

    @AsyncioTest
    void aReadThatReachedAThreadKeepsItsDataForTheNextRead() throws Exception {
        FilePool pool = FilePool.create(1);
        CountDownLatch writeNow = new CountDownLatch(1);
        CompletableFuture<Void> wrote = onPlainThread(() -> {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                assertTrue(writeNow.await(BOUND, TimeUnit.SECONDS));
                out.write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        try (AsyncFile f = AsyncFiles.open(fifo, "r", OpenOptions.defaults().withPool(pool))) {
            Task<String> reader = createTask(f::readline);
            until(() -> pool.statistics().running() == 1, "the read is running");
            reader.cancel();
            pause(50);
            assertFalse(reader.done());
            writeNow.countDown();
            assertCancelled(reader);
            await(wrote);
            assertEquals("hello\n", f.readline(), "a pipe cannot be read again: the data read was kept");
            assertEquals("world\n", f.readline());
            assertEquals("", f.readline());
        }
    }

    @AsyncioTest
    void aCloseAlwaysCompletesEvenIfCancelledWhileQueued() throws IOException {
        FilePool pool = FilePool.create(1);
        Path p = dir.resolve("c.txt");
        AsyncFile f = AsyncFiles.open(p, "w", OpenOptions.defaults().withPool(pool));
        f.write("abc");
        Gate gate = new Gate(pool);
        Task<Void> closer = createTask(() -> {
            f.close();
            return null;
        });
        until(() -> pool.statistics().queued() == 1, "the close queued");
        closer.cancel();
        pause(20);
        assertFalse(closer.done(), "a close is not dropped: it waits for a thread");
        gate.release();
        assertCancelled(closer);
        assertTrue(f.closed());
        assertEquals("abc", Files.readString(p), "the buffered data was written by the close");
    }

    @AsyncioTest
    void anOpenThatCompletesAfterItsTaskWasCancelledIsClosedAgain() throws Exception {
        FilePool pool = FilePool.create(1);
        Task<AsyncFile> opener = createTask(() -> AsyncFiles.open(fifo, "rb", OpenOptions.defaults().withPool(pool)));
        until(() -> pool.statistics().running() == 1, "the open is running (a FIFO opens once a writer comes)");
        opener.cancel();
        CompletableFuture<String> writerSaw = onPlainThread(() -> {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {   // lets the open complete
                byte[] chunk = new byte[65536];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
                while (System.nanoTime() < deadline) {
                    out.write(chunk);                        // fails once the reading end is closed again
                }
                return "never closed";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        assertCancelled(opener);
        assertEquals("Broken pipe", await(writerSaw));
    }

    @AsyncioTest
    void oneFileIsUsedByOneTaskAtATime() throws IOException {
        FilePool pool = FilePool.create(1);
        Path p = dir.resolve("shared.txt");
        Files.writeString(p, "a\nb\n");
        try (AsyncFile f = AsyncFiles.open(p, "r", OpenOptions.defaults().withPool(pool))) {
            Gate gate = new Gate(pool);
            Task<String> first = createTask(f::readline);
            until(() -> pool.statistics().queued() == 1, "the first read queued");
            String m = assertThrows(IllegalStateException.class, f::readline).getMessage();
            assertTrue(m.contains("another task"), m);
            gate.release();
            assertEquals("a\n", await(first));
            assertEquals("b\n", f.readline());
        }
    }

    @AsyncioTest
    void workThatRanAfterTheCancellationSeesStopRequestedAndItsErrorIsNotLost() {
        FilePool pool = FilePool.create(1);
        CompletableFuture<Void> running = new CompletableFuture<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable[]> suppressed = new AtomicReference<>();
        Task<String> t = createTask(() -> {
            try {
                return pool.run(() -> {
                    running.complete(null);
                    assertTrue(go.await(BOUND, TimeUnit.SECONDS));
                    if (FilePool.stopRequested()) {
                        throw new IOException("stopped early");
                    }
                    return "finished";
                });
            } catch (CancelledError c) {
                suppressed.set(c.getSuppressed());
                throw c;
            }
        });
        await(running);
        assertFalse(FilePool.stopRequested(), "false outside pool work");
        t.cancel();
        sleep(0);
        sleep(0);                                            // t has seen its cancellation and waits for the work
        go.countDown();
        assertCancelled(t);
        assertEquals(1, suppressed.get().length);
        assertEquals("stopped early", suppressed.get()[0].getMessage());
    }
}
