package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.jasyncio.Asyncio.*;

/**
 * CPU-bound work in {@code toThread} runs truly in parallel: the JVM has no GIL. The example counts
 * the primes below a limit in four chunks, first one chunk after another (each in {@code toThread},
 * awaited in turn), then all four at once with {@code gather} of four {@code toThread} calls, and
 * prints both times and the speed-up: about the number of cores, up to four (2x on two cores). In
 * Python, the same {@code gather(to_thread(...))} gives no speed-up, because the GIL lets one thread
 * run Python code at a time.
 *
 * <p>The loop itself stays free meanwhile: the work runs on the loop's default executor, a pool of
 * platform threads (see docs/blocking.md for why CPU-bound code must not run in a task directly).
 */
public final class CpuParallel {

    /** The work is split in this many chunks. */
    static final int CHUNKS = 4;
    /** The primes below this are counted on real time: about half a second of work on one core here. */
    static final int LIMIT = 4_000_000;
    /** The primes below this are counted on virtual time ({@code --fast}, tests): a few milliseconds. */
    static final int FAST_LIMIT = 200_000;
    /** Each way runs this many times and the fastest counts, so that a busy machine blurs it less. */
    static final int RUNS = 2;
    /** Chunks take interleaved blocks of this many numbers, so that each costs about the same. */
    private static final int BLOCK = 10_000;

    private CpuParallel() {
    }

    /**
     * The number of primes {@code n < limit} in chunk {@code chunk} of {@code chunks}: those whose
     * block {@code n / BLOCK} is {@code chunk} modulo {@code chunks}. Plain trial division: CPU-bound.
     *
     * @param limit the bound (exclusive)
     * @param chunk which chunk, from 0
     * @param chunks how many chunks
     * @return the count
     */
    static int countPrimes(int limit, int chunk, int chunks) {
        int count = 0;
        for (int start = chunk * BLOCK; start < limit; start += chunks * BLOCK) {
            int end = Math.min(limit, start + BLOCK);
            for (int n = start; n < end; n++) {
                if (isPrime(n)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * One way of running the chunks: the count per chunk, and how long it took.
     *
     * @param counts primes per chunk, in chunk order
     * @param millis wall-clock time
     */
    record Timed(List<Integer> counts, long millis) {
        int total() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * The chunks one after another, each on a worker thread: one core busy at a time.
     *
     * @param limit the bound
     * @return the counts and the time
     */
    static Timed sequential(int limit) {
        long t0 = System.nanoTime();
        List<Integer> counts = new ArrayList<>();
        for (int k = 0; k < CHUNKS; k++) {
            int chunk = k;
            counts.add(toThread(() -> countPrimes(limit, chunk, CHUNKS)));
        }
        return new Timed(counts, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * All chunks at once: {@code gather} of one {@code toThread} per chunk.
     *
     * @param limit the bound
     * @return the counts and the time
     */
    static Timed parallel(int limit) {
        long t0 = System.nanoTime();
        List<Integer> counts = gather(
                () -> toThread(() -> countPrimes(limit, 0, CHUNKS)),
                () -> toThread(() -> countPrimes(limit, 1, CHUNKS)),
                () -> toThread(() -> countPrimes(limit, 2, CHUNKS)),
                () -> toThread(() -> countPrimes(limit, 3, CHUNKS)));
        return new Timed(counts, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static Timed fastest(Supplier<Timed> way) {
        Timed best = way.get();
        for (int i = 1; i < RUNS; i++) {
            Timed t = way.get();
            if (t.millis() < best.millis()) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Counts the primes below {@code limit} both ways ({@link #RUNS} times each, the fastest counts) and prints the results, times and speed-up.
     * Call it from a task.
     *
     * @param out where to print
     * @param limit the bound
     * @return the sequential and the parallel run
     */
    static List<Timed> compare(PrintStream out, int limit) {
        toThread(() -> countPrimes(limit / 10, 0, 1)); // warm the JIT up, so that both runs get compiled code
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "CPU-bound work: the primes below %,d in %d chunks, %d cores (fastest of %d runs)%n",
                limit, CHUNKS, cores, RUNS);
        Timed seq = fastest(() -> sequential(limit));
        out.printf(Locale.ROOT, "sequential (one toThread after another): %d primes %s in %d ms%n",
                seq.total(), seq.counts(), seq.millis());
        Timed par = fastest(() -> parallel(limit));
        out.printf(Locale.ROOT, "parallel (gather of %d toThread):         %d primes %s in %d ms%n",
                CHUNKS, par.total(), par.counts(), par.millis());
        double speedUp = (double) seq.millis() / Math.max(1, par.millis());
        out.printf(Locale.ROOT, "speed-up: %.2fx (at most min(%d chunks, %d cores) = %dx; no GIL on the JVM)%n",
                speedUp, CHUNKS, cores, Math.min(CHUNKS, cores));
        return List.of(seq, par);
    }

    /**
     * This class's stop of the tour: {@link #compare} on {@link #LIMIT} on real time, and on
     * {@link #FAST_LIMIT} on virtual time, where the virtual clock stands still while the threads work
     * (the section takes 0.00 s of it) and the tour should stay fast. The times printed are measured
     * on the wall clock either way, so they vary from run to run.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.program("cpu-parallel",
                "no GIL: CPU-bound chunks in toThread, one after another, then gathered",
                (out, env) -> env.runMain(out, o -> compare(o, env.isVirtual() ? FAST_LIMIT : LIMIT))));
    }

    /**
     * Runs the example; options as {@link Demo} ({@code --fast}: a small limit).
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("CpuParallel", sections(), args);
    }
}
