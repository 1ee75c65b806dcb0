package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.SyncClock;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;
import io.jasyncio.Done;

/**
 * What asyncio saves, measured: the same simulated requests one after another, then concurrently.
 * Each example prints its own elapsed time, read from the loop's clock ({@code time.perf_counter()} of
 * the seeds) or, for the synchronous versions, from a {@link SyncClock}.
 *
 * <p>Ports of seed 001 ("Why asyncio exists"), seed 002 (the concurrent vs sequential comparison) and
 * seed 004 ("The problem async solves").
 */
public final class Timing {

    private Timing() {
    }

    /**
     * The synchronous {@code fetch(name, delay)} of seed 001: {@code time.sleep} blocks the whole program.
     *
     * @param clock the clock to block on
     * @param name what to fetch
     * @param delay seconds
     * @return "data from " + name
     */
    static String fetchBlocking(SyncClock clock, String name, double delay) {
        clock.sleep(delay); // blocks the whole program
        return "data from " + name;
    }

    /**
     * Seed 001, synchronous: two one-second calls take two seconds.
     *
     * @param out where to print: {@code Done in 2.0s}
     * @param clock {@link SyncClock#system()}, or a simulated one
     */
    public static void blockingFetches(PrintStream out, SyncClock clock) {
        double start = clock.now();
        String r1 = fetchBlocking(clock, "API A", 1);
        String r2 = fetchBlocking(clock, "API B", 1);
        out.println(f("Done in %.1fs", clock.now() - start));
    }

    /**
     * Seed 001, with asyncio: the same two calls overlap and take one second. The coroutine
     * {@code fetch(name, delay)} is {@link Quickstart#fetch}.
     *
     * @param out where to print: {@code Done in 1.0s}
     */
    public static void asyncFetches(PrintStream out) {
        double start = getRunningLoop().time();
        List<String> r = gather(() -> Quickstart.fetch("API A", 1), () -> Quickstart.fetch("API B", 1));
        out.println(f("Done in %.1fs", getRunningLoop().time() - start));
    }

    /**
     * The coroutine {@code fetch_data(name, delay)} of seed 002.
     *
     * @param out where to print
     * @param name what to fetch
     * @param delay simulated latency, in seconds
     * @return the name
     */
    static String fetchData(PrintStream out, String name, int delay) {
        out.println("Start fetching " + name);
        sleep(delay); // simulate I/O
        out.println("Finished fetching " + name);
        return name;
    }

    /**
     * Seed 002, {@code run_concurrent()}: three fetches through gather, about three seconds.
     *
     * @param out where to print
     */
    public static void runConcurrent(PrintStream out) {
        double start = getRunningLoop().time();
        // Run three coroutines concurrently.
        List<String> results = gather(
                () -> fetchData(out, "User", 2),
                () -> fetchData(out, "Orders", 3),
                () -> fetchData(out, "Notifications", 1));
        double end = getRunningLoop().time();
        out.println("Results: " + Py.str(results));
        out.println(f("Concurrent total time: %.2f seconds", end - start));
    }

    /**
     * Seed 002, {@code run_sequential()}: the same fetches awaited one by one, about six seconds.
     *
     * @param out where to print
     */
    public static void runSequential(PrintStream out) {
        double start = getRunningLoop().time();
        // Run the same coroutines sequentially.
        String r1 = await(() -> fetchData(out, "User", 2));
        String r2 = await(() -> fetchData(out, "Orders", 3));
        String r3 = await(() -> fetchData(out, "Notifications", 1));
        double end = getRunningLoop().time();
        out.println("Results: " + Py.str(List.of(r1, r2, r3)));
        out.println(f("Sequential total time: %.2f seconds", end - start));
    }

    /**
     * Seed 002, {@code main()}: concurrent (3.00 s), then sequential (6.00 s).
     *
     * @param out where to print
     */
    public static void concurrentVsSequential(PrintStream out) {
        out.println("=== Concurrent ===");
        runConcurrent(out);
        out.println();
        out.println("=== Sequential ===");
        runSequential(out);
    }

    /**
     * Seed 004: three one-second requests take three seconds one after another (synchronous code),
     * and about one with {@code gather}.
     *
     * @param out where to print
     * @param clock the clock of the synchronous part
     * @param loop the loop of the concurrent part
     */
    public static void threeRequests(PrintStream out, SyncClock clock, EventLoop.Builder loop) {
        List<String> urls = List.of("https://api1.com", "https://api2.com", "https://api3.com");
        double start = clock.now();
        // This takes 3 seconds total: each request waits for the previous one.
        List<String> data = urls.stream().map(u -> fetchBlocking(clock, u, 1)).toList();
        out.println(f("one after another: %d responses in %.1fs", data.size(), clock.now() - start));
        run(loop, () -> {
            double t0 = getRunningLoop().time();
            // This takes ~1 second total: all three run concurrently.
            List<Coroutine<String>> requests = urls.stream().<Coroutine<String>>map(u -> () -> Quickstart.fetch(u, 1))
                    .toList();
            List<String> all = gather(requests);
            out.println(f("with gather: %d responses in %.1fs", all.size(), getRunningLoop().time() - t0));
            return null;
        });
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.program("sync-fetch", "why asyncio exists: two blocking fetches (time.sleep)",
                        (out, env) -> blockingFetches(out, env.sync())),
                Section.of("async-fetch", "why asyncio exists: the same two fetches with gather",
                        Timing::asyncFetches),
                Section.of("concurrent-vs-sequential", "concurrent vs sequential: User, Orders, Notifications",
                        Timing::concurrentVsSequential),
                Section.program("three-requests", "the problem async solves: three 1 s requests",
                        (out, env) -> threeRequests(out, env.sync(), env.loop())));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Timing", sections(), args);
    }
}
