package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.EventLoop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.jasyncio.Asyncio.*;
import io.jasyncio.Asyncio;

/**
 * Blocking code off the loop: {@code toThread} runs a blocking function on a worker thread and awaits
 * it, so the loop stays responsive; {@code runInExecutor} does the same on an executor of your choice.
 * Java has no GIL, so CPU-bound work on a pool really runs in parallel. The other way round,
 * {@code runCoroutineThreadsafe} lets a plain thread run a coroutine on a loop.
 *
 * <p>The blocking durations are parameters: the seeds' two seconds on real time, a few milliseconds in
 * tests and {@code --fast} (a virtual clock stands still while a thread works; see {@link Section.Env#blocking}).
 *
 * <p>Ports of seed 000 ("Running blocking code without freezing the loop"), seed 001 ("Common
 * gotchas: blocking the event loop"), seed 002 (the {@code blocking_task(n)} example, and its exercise
 * "use to_thread() to run a blocking function like computing Fibonacci"), and asyncio's
 * {@code run_coroutine_threadsafe}.
 */
public final class Threads {

    private Threads() {
    }

    /**
     * Blocks the calling thread: Python's {@code time.sleep} (an interrupt, sent when the awaiting task
     * is cancelled, ends it early).
     *
     * @param seconds how long
     */
    static void blockFor(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The blocking function {@code blocking_task(n)} of seed 002.
     *
     * @param out where to print
     * @param n the input
     * @param seconds how long it blocks (2 in the seed)
     * @return {@code n * n}
     */
    static int blockingTask(PrintStream out, int n, double seconds) {
        out.println("[blocking] Starting heavy computation " + n);
        blockFor(seconds); // blocks the thread
        out.println("[blocking] Finished computation " + n);
        return n * n;
    }

    /**
     * Seed 002: {@code blocking_task(10)} offloaded with {@code toThread}.
     *
     * @param out where to print
     * @param seconds how long the task blocks (2 in the seed)
     */
    public static void toThreadBlockingTask(PrintStream out, double seconds) {
        out.println("Before blocking call");
        // Offload blockingTask to a thread so that the event loop is not blocked.
        int result = toThread(() -> blockingTask(out, 10, seconds));
        out.println("After blocking call, result: " + result);
    }

    /**
     * Seed 001: a slow blocking operation wrapped in {@code toThread}.
     *
     * @param out where to print: {@code done}
     * @param seconds how long it blocks (2 in the seed)
     */
    public static void toThreadDone(PrintStream out, double seconds) {
        String result = toThread(() -> {
            blockFor(seconds); // simulates a slow blocking operation
            return "done";
        });
        out.println(result);
    }

    /**
     * The blocking function {@code blocking_io()} of seed 000: reads a whole file.
     *
     * @param file the file
     * @return its length in characters
     * @throws IOException if it cannot be read
     */
    static int blockingIo(Path file) throws IOException {
        return Files.readString(file).length();
    }

    /**
     * Seed 000: {@code size = await asyncio.to_thread(blocking_io)} on a temporary "big.log" of
     * 100,000 lines of 9 characters (writing it is blocking too, so it also goes through {@code toThread}).
     *
     * @param out where to print: {@code 900000}
     */
    public static void toThreadReadFile(PrintStream out) {
        Path log = toThread(() -> {
            Path p = Files.createTempFile("big", ".log");
            return Files.writeString(p, "log line\n".repeat(100_000));
        });
        try {
            int size = toThread(() -> blockingIo(log)); // runs in a worker thread
            out.println(size);
        } finally {
            toThread(() -> {
                Files.deleteIfExists(log);
                return null;
            });
        }
    }

    /**
     * A CPU-bound function for the exercise: the naive recursive Fibonacci.
     *
     * @param n the index
     * @return the n-th Fibonacci number
     */
    static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /**
     * Seed 002's exercise, and seed 000's advice for CPU-bound work ({@code run_in_executor} with a
     * pool): two Fibonacci computations on a pool of two threads, gathered. With no GIL they run in parallel.
     *
     * @param out where to print
     */
    public static void fibonacciInExecutor(PrintStream out) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Long> r = gather(() -> runInExecutor(pool, () -> fib(30)), () -> runInExecutor(pool, () -> fib(31)));
            out.println("fib(30) = " + r.get(0));
            out.println("fib(31) = " + r.get(1));
        } finally {
            // Not close(): it blocks until the threads end, and a blocking JDK call in a coroutine is
            // invisible to the loop (on virtual time it looks like a deadlock). The work is done anyway.
            pool.shutdown();
        }
    }

    /**
     * The coroutine a plain thread hands to the loop: it runs as a task there, so it may await and use
     * the loop's objects.
     *
     * @param out where to print
     * @param a the first term
     * @param b the second term
     * @return {@code a + b}
     */
    static int addOnLoop(PrintStream out, int a, int b) {
        out.println("[loop] add(" + a + ", " + b + ") runs on the loop, in a task: " + Py.str(currentTask() != null));
        sleep(0); // an await: one loop turn (no timer: a virtual clock stands still while a thread works)
        return a + b;
    }

    /**
     * Asyncio's {@code run_coroutine_threadsafe(coro, loop)} from a plain Java thread (no task, no loop
     * of its own, such as a callback of a legacy library): the coroutine runs as a task of the loop, and
     * the thread blocks on the returned {@link CompletableFuture}. The main task awaits the thread's end
     * meanwhile, without blocking the loop that serves the thread's request.
     *
     * @param out where to print
     */
    public static void runCoroutineFromPlainThread(PrintStream out) {
        EventLoop loop = getRunningLoop();
        CompletableFuture<Integer> finished = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name("plain-thread").unstarted(() -> {
            try {
                out.println("[plain-thread] not a task, no loop: runCoroutineThreadsafe(() -> add(20, 22), loop)");
                CompletableFuture<Integer> sum = runCoroutineThreadsafe(() -> addOnLoop(out, 20, 22), loop);
                int result = sum.get(10, TimeUnit.SECONDS); // blocks this thread only
                out.println("[plain-thread] future.get() returned " + result);
                finished.complete(result);
            } catch (Throwable e) {
                finished.completeExceptionally(e);
            }
        });
        out.println("[main task] starts a plain Java thread and awaits its end");
        thread.start();
        int result = await(finished); // the loop keeps running: it serves the thread's coroutine
        out.println("[main task] the thread is done: " + result);
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.program("to-thread", "to_thread: blocking_task(10) in a worker thread",
                        (out, env) -> env.runMain(out, o -> toThreadBlockingTask(o, env.blocking(2)))),
                Section.program("blocking-done", "gotcha, blocking the loop: wrap time.sleep(2) in to_thread",
                        (out, env) -> env.runMain(out, o -> toThreadDone(o, env.blocking(2)))),
                Section.of("blocking-io", "running blocking code: blocking_io() reads big.log in a thread",
                        Threads::toThreadReadFile),
                Section.of("fibonacci", "exercise: CPU-bound fibonacci with run_in_executor on a pool",
                        Threads::fibonacciInExecutor),
                Section.of("threadsafe", "run_coroutine_threadsafe: a plain Java thread runs a coroutine on the loop",
                        Threads::runCoroutineFromPlainThread));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Threads", sections(), args);
    }
}
