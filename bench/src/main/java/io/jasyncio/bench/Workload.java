package io.jasyncio.bench;

/**
 * One benchmark workload of docs/workloads.md section 2. {@link Bench} creates it once per process and
 * calls {@link #run} R times, back to back, from the main task of a single event loop.
 */
public interface Workload {

    /**
     * Runs the workload once, inside the main task, and verifies its result.
     *
     * @param rep the index of this run, from 0 (run 0 is the first of the process)
     * @return the timed region, in nanoseconds of {@link System#nanoTime()}
     * @throws BenchFailure if the result is wrong
     * @throws Exception whatever the workload's coroutines throw
     */
    long run(int rep) throws Exception;

    /**
     * Adds the workload's own fields to the {@code extra} object of the output line.
     *
     * @param extra the object being written
     */
    default void writeExtra(Json extra) {
    }

    /**
     * The default size of a workload, from docs/workloads.md section 3.
     *
     * @param wl the workload name, {@code w1} to {@code w5}
     * @return N (or M for w2)
     */
    static int defaultN(String wl) {
        return switch (wl) {
            case "w1", "w3" -> 100_000;
            case "w2", "w4", "w5" -> 1_000_000;
            default -> throw new IllegalArgumentException("unknown workload: " + wl);
        };
    }

    /**
     * The default repetitions of the JVM policy (docs/workloads.md section 1): {@code {R, W}}.
     *
     * @param wl the workload name
     * @return runs and warm-up runs
     */
    static int[] defaultPolicy(String wl) {
        return switch (wl) {
            case "w1", "w2", "w4" -> new int[] {10, 3};
            case "w3" -> new int[] {5, 2};
            case "w5" -> new int[] {7, 2};
            default -> throw new IllegalArgumentException("unknown workload: " + wl);
        };
    }

    /**
     * Creates a workload. Input that is outside the timed region (the W5 delays) is generated here.
     *
     * @param wl the workload name
     * @param n its size
     * @return the workload
     */
    static Workload create(String wl, int n) {
        return switch (wl) {
            case "w1" -> new W1Spawn(n);
            case "w2" -> new W2Switch(n);
            case "w3" -> new W3Sleepers(n);
            case "w4" -> new W4Queue(n);
            case "w5" -> new W5Timers(n);
            default -> throw new IllegalArgumentException("unknown workload: " + wl);
        };
    }

    /**
     * Checks a sum {@code 0 + 1 + ... + (n-1)}.
     *
     * @param what the workload, for the message
     * @param sum what the run computed
     * @param n the number of terms
     * @throws BenchFailure if it is wrong
     */
    static void checkSum(String what, long sum, long n) {
        long expected = n * (n - 1) / 2;
        if (sum != expected) {
            throw new BenchFailure(what + ": wrong result: sum " + sum + ", expected " + expected);
        }
    }
}
