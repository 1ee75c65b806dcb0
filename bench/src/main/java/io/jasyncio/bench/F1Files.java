package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.FilePool;
import io.jasyncio.files.OpenOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import static io.jasyncio.Asyncio.*;

/**
 * Workload F1 of WEB-WORKLOADS.md: {@code bench --wl files --dir D}. {@code --files} tasks (100) each
 * read a file of {@code --kb} KiB (1024) line by line and write a transformed copy (each line
 * upper-cased), all on one loop thread, while a ticker task sleeps 10 ms at a time and records how late
 * it wakes. {@code --reps} runs (5), the first {@code --warmup} (2) not reported. Prints one JSON line:
 * <pre>
 * {"wl":"files","peer":"jasyncio","files":100,"file_bytes":1048576,"runs_s":[...],"mb_per_s":[...],
 *  "ticker_max_late_ms":...,"pool_threads":8,"runtime":"..."}
 * </pre>
 * MB are 10^6 bytes of input; the ticker's lateness is the worst over the reported runs, and
 * {@code ticker_idle_max_late_ms} the same ticker's worst lateness during one second alone before the
 * runs (what the machine itself adds). {@code ticker_max_late_on_cpu_ms} subtracts from each tick's lateness
 * the time the loop's thread waited for a CPU meanwhile (Linux schedstat): the part due to the loop's work. The input
 * files ({@code in-1024k-NNN.log}, log-like ASCII lines of about 80 bytes) are made once in D, outside the
 * timing, exactly as {@code bench/files/f1_aiofiles.py} makes them; outputs go to {@code out-1024k-NNN.log}.
 * Every run checks every output's size, and the first run one output's content. {@code --threads N}
 * runs on a pool of N threads instead of the shared one; {@code --buffer B} sets the files' buffer size.
 */
final class F1Files {

    private F1Files() {
    }

    /** Whether the command line asks for this workload. */
    static boolean wanted(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--wl=files") || args[i].equals("--wl") && i + 1 < args.length && args[i + 1].equals("files")) {
                return true;
            }
        }
        return false;
    }

    private record Options(Path dir, int files, int kb, int reps, int warmup, int threads, int buffer) {
        static Options parse(String[] args) {
            Path dir = null;
            int files = 100;
            int kb = 1024;
            int reps = 5;
            int warmup = 2;
            int threads = 0;
            int buffer = OpenOptions.DEFAULT_BUFFER_SIZE;
            for (String[] option : Args.pairs(args)) {
                String a = option[0];
                String v = option[1];
                switch (a) {
                    case "--wl" -> { }
                    case "--dir" -> dir = Path.of(v);
                    case "--files" -> files = positive(a, v);
                    case "--kb" -> kb = positive(a, v);
                    case "--reps" -> reps = positive(a, v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--threads" -> threads = positive(a, v);
                    case "--buffer" -> buffer = positive(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a + " for --wl files");
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--wl files needs --dir D (a directory for the input and output files)");
            }
            if (warmup < 0 || warmup >= reps) {
                throw new IllegalArgumentException("--warmup must be in 0.." + (reps - 1));
            }
            return new Options(dir, files, kb, reps, warmup, threads, buffer);
        }

        private static int positive(String opt, String v) {
            int x = Integer.parseInt(v);
            if (x < 1) {
                throw new IllegalArgumentException(opt + " must be at least 1");
            }
            return x;
        }
    }

    /** Runs the workload and prints its JSON line; returns the exit status. */
    static int run(String[] args, PrintStream stdout) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: bench --wl files --dir D [--files 100] [--kb 1024] [--reps 5] [--warmup 2] [--threads N] [--buffer BYTES]");
            return 2;
        }
        try {
            long bytes = prepare(o);
            FilePool pool = o.threads > 0 ? FilePool.create(o.threads) : FilePool.shared();
            OpenOptions opts = OpenOptions.defaults().withPool(pool).withBufferSize(o.buffer);
            double[][] result = io.jasyncio.Asyncio.run(() -> runAll(o, opts, bytes));
            double[] runs = result[0];
            double[] rates = new double[runs.length];
            for (int i = 0; i < runs.length; i++) {
                rates[i] = bytes / 1e6 / runs[i];
            }
            String line = "{\"wl\":\"files\",\"peer\":\"jasyncio\",\"files\":" + o.files + ",\"file_bytes\":"
                    + (bytes / o.files) + ",\"runs_s\":" + array(runs, "%.4f") + ",\"mb_per_s\":" + array(rates, "%.1f")
                    + ",\"ticker_max_late_ms\":" + String.format(Locale.ROOT, "%.2f", result[1][0])
                    + ",\"ticker_max_late_on_cpu_ms\":" + String.format(Locale.ROOT, "%.2f", result[1][2])
                    + ",\"ticker_idle_max_late_ms\":" + String.format(Locale.ROOT, "%.2f", result[1][1])
                    + ",\"pool_threads\":" + pool.threads() + ",\"runtime\":\"" + Bench.runtime().replace("\"", "'") + "\"}";
            stdout.println(line);
            stdout.flush();
            return 0;
        } catch (Throwable e) {
            return Bench.failed(e);
        }
    }

    /** The main task: warm-up and timed runs; returns {timed runs in s, {worst ticker lateness in ms}}. */
    private static double[][] runAll(Options o, OpenOptions opts, long bytes) throws Exception {
        Ticker alone = new Ticker(); // the baseline: how late the ticker is on this machine with nothing else to do
        sleep(1.0);
        double[] idleLate = alone.stop();
        System.err.printf(Locale.ROOT, "bench files: ticker alone for 1 s, late max %.2f ms (%.2f ms on the CPU)%n",
                idleLate[0], idleLate[1]);
        List<Double> timed = new ArrayList<>();
        double worstLate = 0;
        double worstOnCpu = 0;
        for (int r = 0; r < o.reps; r++) {
            Ticker ticker = new Ticker();
            long t0 = System.nanoTime();
            List<Coroutine<Void>> copies = new ArrayList<>();
            for (int i = 0; i < o.files; i++) {
                int id = i;
                copies.add(() -> copy(o, id, opts));
            }
            gather(copies);
            double s = (System.nanoTime() - t0) / 1e9;
            double[] late = ticker.stop();
            check(o, r == 0);
            boolean warm = r < o.warmup;
            System.err.printf(Locale.ROOT, "bench files run %d/%d%s: %.3f s, %.1f MB/s, ticker late max %.2f ms"
                    + " (%.2f ms on the CPU)%n", r + 1, o.reps, warm ? " (warm-up)" : "", s, bytes / 1e6 / s, late[0], late[1]);
            if (!warm) {
                timed.add(s);
                worstLate = Math.max(worstLate, late[0]);
                worstOnCpu = Math.max(worstOnCpu, late[1]);
            }
        }
        return new double[][] {timed.stream().mapToDouble(Double::doubleValue).toArray(), {worstLate, idleLate[0], worstOnCpu}};
    }

    /** One task's work: the file, line by line, upper-cased into its copy. */
    private static Void copy(Options o, int id, OpenOptions opts) throws IOException {
        try (AsyncFile in = AsyncFiles.open(input(o, id), "r", opts);
             AsyncFile out = AsyncFiles.open(output(o, id), "w", opts)) {
            for (String line : in) {
                out.write(line.toUpperCase(Locale.ROOT));
            }
        }
        return null;
    }

    /**
     * A task that sleeps 10 ms at a time on a fixed grid and records its worst lateness; also its worst
     * lateness less the time the loop's thread spent waiting for a CPU in that interval (the second field
     * of Linux's {@code /proc/thread-self/schedstat}, read by the task on the loop's own thread), which
     * separates what the loop did from what a busy machine did to it.
     */
    private static final class Ticker {
        private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
        private final Task<Void> task;
        private double worst;
        private double worstOnCpu;

        Ticker() {
            EventLoop loop = getRunningLoop();
            task = createTask(() -> {
                double next = loop.time();
                long waited = runqueueWait();
                while (true) {
                    next += 0.01;
                    sleep(Math.max(0, next - loop.time()));
                    double late = loop.time() - next;
                    long w = runqueueWait();
                    worst = Math.max(worst, late);
                    worstOnCpu = Math.max(worstOnCpu, late - (w - waited) / 1e9);
                    waited = w;
                }
            });
        }

        /** Nanoseconds the current OS thread has waited on a run queue, or 0 where Linux does not say. */
        private static long runqueueWait() {
            try {
                String[] f = new String(Files.readAllBytes(SCHEDSTAT), StandardCharsets.US_ASCII).trim().split(" ");
                return Long.parseLong(f[1]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** Stops it; returns {worst lateness, worst lateness on the CPU}, in ms. */
        double[] stop() {
            task.cancel();
            try {
                await(task);
            } catch (CancelledError expected) {
                // it ticks until cancelled
            }
            return new double[] {worst * 1000, Math.max(0, worstOnCpu) * 1000};
        }
    }

    private static Path input(Options o, int id) {
        return o.dir.resolve(String.format(Locale.ROOT, "in-%dk-%03d.log", o.kb, id));
    }

    private static Path output(Options o, int id) {
        return o.dir.resolve(String.format(Locale.ROOT, "out-%dk-%03d.log", o.kb, id));
    }

    /** Makes the input files (outside the timing, plain blocking I/O) unless they are there; returns their total size. */
    private static long prepare(Options o) throws IOException {
        Files.createDirectories(o.dir);
        long total = 0;
        for (int i = 0; i < o.files; i++) {
            Path p = input(o, i);
            byte[] content = content(i, o.kb * 1024);
            if (!Files.exists(p) || Files.size(p) != content.length) {
                Files.write(p, content);
            }
            total += content.length;
        }
        return total;
    }

    /**
     * File {@code id}'s content: log lines of about 80 bytes, cut to exactly {@code size} bytes (the last
     * line may lack its newline). The same generator as bench/files/f1_aiofiles.py.
     */
    static byte[] content(int id, int size) {
        StringBuilder sb = new StringBuilder(size + 128);
        String[] levels = {"INFO", "WARN", "DEBUG", "ERROR"};
        for (int n = 0; sb.length() < size; n++) {
            int ms = (n * 37 + id * 11) % 1000;
            sb.append("2026-12-06T01:").append(pad(n / 60 % 60)).append(':').append(pad(n % 60)).append('.')
                    .append(ms / 100).append(ms / 10 % 10).append(ms % 10).append("Z ").append(levels[(n + id) % 4])
                    .append(" [worker-").append((n * 7 + id) % 32).append("] request ").append(id * 100_000 + n)
                    .append(" served in ").append((n * 13 + id) % 500).append(" ms\n");
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String pad(int x) {
        return x < 10 ? "0" + x : Integer.toString(x);
    }

    /** Every output has its input's size; on the first run, one output is exactly its input upper-cased. */
    private static void check(Options o, boolean content) throws IOException {
        for (int i = 0; i < o.files; i++) {
            long in = AsyncFiles.getSize(input(o, i));
            long out = AsyncFiles.getSize(output(o, i));
            if (in != out) {
                throw new BenchFailure(output(o, i).getFileName() + " has " + out + " bytes, expected " + in);
            }
        }
        if (content) {
            byte[] in = AsyncFiles.readBytes(input(o, 0));
            byte[] out = AsyncFiles.readBytes(output(o, 0));
            byte[] expected = new String(in, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII);
            if (!Arrays.equals(expected, out)) {
                throw new BenchFailure(output(o, 0).getFileName() + " is not " + input(o, 0).getFileName() + " upper-cased");
            }
        }
    }

    private static String array(double[] xs, String format) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (double x : xs) {
            j.add(String.format(Locale.ROOT, format, x));
        }
        return j.toString();
    }
}
