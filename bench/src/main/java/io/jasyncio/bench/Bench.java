package io.jasyncio.bench;

import io.jasyncio.Asyncio;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The benchmark entry point of docs/workloads.md section 3:
 * <pre>
 * Bench --wl w1|w2|w3|w4|w5 [--n N] [--reps R] [--warmup W] [--peer NAME]
 * Bench --wl w6 --port P [--style streams|protocol]
 * Bench --wl http --port P [--loops N]
 * </pre>
 * W6 is an echo server that runs until SIGTERM (see {@link W6Echo}); the rest of this comment is about
 * W1 to W5.
 * One workload per process: R runs back to back in one event loop (one {@link Asyncio#run} whose main
 * task does them all), then exactly one JSON line on stdout; diagnostics go to stderr. Defaults: N
 * from section 3, R and W from the JVM policy of section 1, peer {@code jasyncio}. A run whose result
 * is wrong ends the process with status 1; bad arguments with status 2. W is only reported: the
 * warm-up runs are in {@code runs_ns}, and the report drops them.
 *
 * <p>Not in the contract: {@code Bench --summary < results.jsonl} prints best and median per line;
 * {@code Bench --floor --wl w1|w2 ...} runs W1 and W2 on bare virtual threads ({@link Floor}), and
 * {@code Bench --floor --wl http --mode nio|ffm --port P} H1's server loop without jasyncio ({@link HttpFloor}).
 */
public final class Bench {

    private Bench() {
    }

    /**
     * The parsed command line.
     *
     * @param wl the workload
     * @param n its size
     * @param reps the number of runs
     * @param warmup how many of them are warm-up
     * @param peer the peer name reported
     * @param port the W6 server's port (0 for the other workloads)
     * @param style the W6 API style, {@code streams} (the default) or {@code protocol}
     */
    record Options(String wl, int n, int reps, int warmup, String peer, int port, String style) {

        static Options parse(String[] args) {
            String wl = null;
            String peer = "jasyncio";
            Integer n = null;
            Integer reps = null;
            Integer warmup = null;
            Integer port = null;
            String style = null;
            for (String[] option : Args.pairs(args)) {
                String a = option[0];
                String v = option[1];
                switch (a) {
                    case "--wl" -> wl = v;
                    case "--n" -> n = parseInt(a, v, 1);
                    case "--reps" -> reps = parseInt(a, v, 1);
                    case "--warmup" -> warmup = parseInt(a, v, 0);
                    case "--peer" -> peer = v;
                    case "--port" -> port = parseInt(a, v, 1);
                    case "--style" -> style = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (wl == null) {
                throw new IllegalArgumentException("--wl is required");
            }
            if (wl.equals("w6")) {
                if (port == null || port > 65535) {
                    throw new IllegalArgumentException("w6 needs --port P (1..65535)");
                }
                if (n != null || reps != null || warmup != null) {
                    throw new IllegalArgumentException("w6 takes no --n, --reps or --warmup (the load client times it)");
                }
                String s = style != null ? style : "streams";
                if (!s.equals("streams") && !s.equals("protocol")) {
                    throw new IllegalArgumentException("unknown --style " + s + " (expected streams or protocol)");
                }
                return new Options(wl, 0, 0, 0, peer, port, s);
            }
            if (!List.of("w1", "w2", "w3", "w4", "w5").contains(wl)) {
                throw new IllegalArgumentException("unknown workload " + wl + " (expected w1 to w6)");
            }
            if (port != null || style != null) {
                throw new IllegalArgumentException("--port and --style are for w6 only");
            }
            int[] policy = Workload.defaultPolicy(wl);
            int r = reps != null ? reps : policy[0];
            int w = warmup != null ? warmup : Math.min(policy[1], r - 1);
            return new Options(wl, n != null ? n : Workload.defaultN(wl), r, w, peer, 0, null);
        }

        private static int parseInt(String opt, String v, int min) {
            try {
                int x = Integer.parseInt(v.replace("_", "").replace(",", ""));
                if (x >= min) {
                    return x;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(opt + " needs an integer >= " + min + ", got " + v);
        }
    }

    /**
     * Runs one workload and prints its JSON line; with the single argument {@code --summary}, prints
     * a table of the JSON lines read from stdin instead (see {@link Summary}).
     *
     * @param args see the class comment
     * @throws IOException if {@code --summary} cannot read stdin
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--summary")) {
            Summary.main(args); // a table of JSON lines read from stdin (bench/run-all.sh)
            return;
        }
        if (args.length > 0 && args[0].equals("--floor")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            if (HttpFloor.handles(rest)) {
                HttpFloor.main(rest); // H1's floors: the canned-response loop on plain NIO or raw epoll
            } else {
                Floor.main(rest); // bare virtual threads (Floor)
            }
            return;
        }
        PrintStream stdout = System.out;
        System.setOut(System.err); // whatever else prints goes to stderr: stdout carries the JSON line only
        if (List.of(args).contains("http-client")) { // H3 of WEB-WORKLOADS.md: options of its own
            System.exit(H3HttpClient.run(args, stdout));
            return;
        }
        if (HttpBench.handles(args)) {
            System.exit(HttpBench.serve(args, stdout)); // --wl http: the server contract of WEB-WORKLOADS.md
            return;
        }
        if (F1Files.wanted(args)) {
            System.exit(F1Files.run(args, stdout)); // F1 of WEB-WORKLOADS.md: bench --wl files --dir D
            return;
        }
        if (DbBench.handles(args)) {
            System.exit(DbBench.main(args, stdout)); // D1, D2: bench --wl db-sleep|db-query --dsn DSN
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: bench --wl w1|w2|w3|w4|w5 [--n N] [--reps R] [--warmup W] [--peer NAME]");
            System.err.println("       bench --wl w6 --port P [--style streams|protocol]");
            System.exit(2);
            return;
        }
        if (o.wl().equals("w6")) {
            System.exit(W6Echo.serve(o.port(), o.style(), stdout));
            return;
        }
        try {
            Workload wl = Workload.create(o.wl(), o.n());
            loopThreadId = Thread.currentThread().threadId(); // Asyncio.run's loop runs on this thread
            long[] runs = Asyncio.run(() -> runAll(wl, o));
            Json extra = new Json();
            wl.writeExtra(extra);
            Json line = new Json()
                    .put("peer", o.peer())
                    .put("wl", o.wl())
                    .put("n", o.n())
                    .put("reps", o.reps())
                    .put("warmup", o.warmup())
                    .put("runs_ns", runs)
                    .put("extra", extra)
                    .put("runtime", runtime());
            stdout.println(line);
            stdout.flush();
        } catch (Throwable e) {
            System.exit(failed(e));
        }
    }

    /**
     * Reports a failed workload on stderr: a {@link BenchFailure} (a wrong result) by its message, anything
     * else with its stack trace.
     *
     * @return the exit status, 1
     */
    static int failed(Throwable e) {
        if (e instanceof BenchFailure) {
            System.err.println("bench: FAILED: " + e.getMessage());
        } else {
            System.err.println("bench: FAILED with an exception:");
            e.printStackTrace();
        }
        return 1;
    }

    private static long loopThreadId;

    /**
     * The main task: every run, back to back, in this one loop. Stderr also gets the CPU time the
     * loop's thread spent in each run (tasks run on it): unlike the wall time, it hardly moves when
     * other processes take the CPU, so it compares builds on a busy machine.
     */
    private static long[] runAll(Workload wl, Options o) throws Exception {
        long[] runs = new long[o.reps()];
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs.length; i++) {
            long cpu0 = mx.getThreadCpuTime(loopThreadId);
            runs[i] = wl.run(i);
            long cpu = mx.getThreadCpuTime(loopThreadId) - cpu0;
            System.err.printf("bench %s n=%d run %d/%d%s: %.3f ms (loop thread CPU %.3f ms)%n", o.wl(), o.n(), i + 1,
                    runs.length, i < o.warmup() ? " (warm-up)" : "", runs[i] / 1e6, cpu / 1e6);
        }
        return runs;
    }

    /** Free text for the {@code runtime} field: jasyncio version, engine, JDK, GC and JVM options. */
    static String runtime() {
        StringBuilder sb = new StringBuilder("jasyncio ").append(version())
                .append(" (engine ").append(engineName()).append(", one loop thread); Java ")
                .append(Runtime.version()).append(' ').append(System.getProperty("java.vm.vendor", ""))
                .append(' ').append(System.getProperty("java.vm.name", ""));
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        sb.append("; GC ").append(String.join(" + ", gcs));
        sb.append("; JVM options: ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return sb.toString();
    }

    private static String version() {
        try (InputStream in = Bench.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // reported as unknown
        }
        return "unknown";
    }

    /** The engine's name ({@code virtual-thread-on-loop} or {@code baton-fallback}). */
    private static String engineName() {
        return io.jasyncio.EventLoop.engineName();
    }

}
