package io.jasyncio.examples.files;

import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.TempDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.jasyncio.Asyncio.*;

/**
 * A log-file processor on async files, the aiofiles way: several log files are read line by line at
 * once, each by its own task; every task counts the lines per level and writes the slow requests of its
 * file to a report next to it; the main task sums the counts. The Python it mirrors:
 *
 * <pre>{@code
 * async def process(path):
 *     counts, slow = Counter(), []
 *     async with aiofiles.open(path) as f:
 *         async for line in f:
 *             counts[line.split()[1]] += 1
 *             if int(line.split()[-2]) >= 400:
 *                 slow.append(line)
 *     async with aiofiles.open(path + ".slow", "w") as out:
 *         await out.writelines(slow)
 *     return counts
 *
 * totals = sum(await asyncio.gather(*(process(p) for p in paths)), Counter())
 * }</pre>
 *
 * <p>The blocking reads and writes run on the file pool's threads; each task reads 64 KiB chunks and
 * splits lines on the loop, so the 20,000 lines of a file cost a few dozen thread hops, not 20,000.
 * The logs live in a temporary directory that is removed at the end ({@code TemporaryDirectory}).
 */
public final class LogProcessor {

    /** How many log files are processed at once. */
    static final int FILES = 8;
    /** Lines per log file. */
    static final int LINES = 20_000;
    /** A request this slow (in ms) or slower goes to the report. */
    static final int SLOW_MS = 400;

    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"};

    private LogProcessor() {
    }

    /**
     * This class's stop of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("files",
                "aiofiles: a log-file processor, 8 logs read line by line at once, reports written beside them",
                LogProcessor::demo));
    }

    /**
     * Runs {@link #demo}; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("LogProcessor", sections(), args);
    }

    /**
     * What one file held: lines per level, and how many were slow.
     *
     * @param path the log
     * @param levels lines per level
     * @param slow slow requests, written to {@code path + ".slow"}
     */
    public record Summary(Path path, Map<String, Integer> levels, int slow) {
    }

    /**
     * Writes {@link #FILES} logs to a temporary directory, processes them all at once, prints what it
     * found, and removes the directory. Call it from a task.
     *
     * <p>Cancel safety: the tasks are gathered, so a cancellation cancels them all; each closes its files
     * (try-with-resources) and the temporary directory is removed, then the cancellation propagates.
     *
     * @param out where to print
     * @throws IOException if a file operation fails
     */
    public static void demo(PrintStream out) throws IOException {
        try (TempDirectory tmp = AsyncFiles.temporaryDirectory()) {              // async with TemporaryDirectory() as d:
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                Path p = tmp.path().resolve("app-" + i + ".log");
                AsyncFiles.writeText(p, makeLog(i));
                logs.add(p);
            }
            out.printf(Locale.ROOT, "wrote %d logs of %d lines (%d KiB each)%n", FILES, LINES,
                    AsyncFiles.getSize(logs.get(0)) / 1024);
            long t0 = System.nanoTime();
            List<Summary> found = gather(logs.stream().<io.jasyncio.Coroutine<Summary>>map(p -> () -> process(p)).toList());
            double ms = (System.nanoTime() - t0) / 1e6;
            Map<String, Integer> totals = new TreeMap<>();
            int slow = 0;
            for (Summary s : found) {
                s.levels().forEach((level, n) -> totals.merge(level, n, Integer::sum));
                slow += s.slow();
            }
            out.printf(Locale.ROOT, "processed %d lines in %d files at once: %s%n",
                    totals.values().stream().mapToInt(Integer::intValue).sum(), FILES, totals);
            out.printf(Locale.ROOT, "%d slow requests (>= %d ms) in reports beside the logs: %s%n", slow, SLOW_MS,
                    AsyncFiles.listdir(tmp.path()).stream().filter(n -> n.endsWith(".slow")).sorted().toList());
            try (AsyncFile report = AsyncFiles.open(logs.get(0).resolveSibling("app-0.log.slow"), "r")) {
                out.println("first slow request of app-0.log: " + report.readline().strip());
            }
            out.printf(Locale.ROOT, "(reading and reporting took %.0f ms of real time)%n", ms);
        }                                                                          // the directory is gone here
    }

    /**
     * One log: counts its lines per level and writes its slow requests to {@code path + ".slow"}.
     *
     * @param path the log
     * @return what it held
     * @throws IOException if reading or writing fails
     */
    public static Summary process(Path path) throws IOException {
        Map<String, Integer> levels = new TreeMap<>();
        List<String> slow = new ArrayList<>();
        try (AsyncFile f = AsyncFiles.open(path, "r")) {                          // async with aiofiles.open(path) as f:
            for (String line : f) {                                                //     async for line in f:
                String[] w = line.split(" ");
                levels.merge(w[1], 1, Integer::sum);
                if (Integer.parseInt(w[w.length - 2]) >= SLOW_MS) {
                    slow.add(line);
                }
            }
        }
        try (AsyncFile report = AsyncFiles.open(path.resolveSibling(path.getFileName() + ".slow"), "w")) {
            report.writelines(slow);                                               // await out.writelines(slow)
        }
        return new Summary(path, levels, slow.size());
    }

    /** Log {@code id}'s text: {@link #LINES} lines such as "12:00:01 INFO request 17 served in 120 ms". */
    static String makeLog(int id) {
        StringBuilder sb = new StringBuilder(LINES * 48);
        for (int n = 0; n < LINES; n++) {
            sb.append(String.format(Locale.ROOT, "12:%02d:%02d %s request %d served in %d ms\n",
                    n / 60 % 60, n % 60, LEVELS[(n * 7 + id) % LEVELS.length], id * LINES + n, (n * 37 + id * 11) % 500));
        }
        return sb.toString();
    }
}
