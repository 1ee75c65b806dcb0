package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.http.client.ClientResponse;
import io.jasyncio.http.client.ClientSession;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * H3 of WEB-WORKLOADS.md, the HTTP client contract:
 * <pre>
 * Bench --wl http-client --url U [--n 10000] [--conc 100] [--runs 3] [--warmup-s 5]
 * </pre>
 * One {@link ClientSession} (one pool) for the process, on one loop; {@code conc} request chains share a
 * counter, each does {@code GET U}, reads the whole body and checks status 200 and a 13-byte body, until
 * {@code n} are done. Whole batches until {@code warmup-s} seconds have passed are warm-up, then {@code runs}
 * timed batches. Prints {@code {"client":"jasyncio","n":N,"conc":C,"runs_s":[...],"rps":[...]}}, plus
 * {@code cpu_us_per_req}: the process's CPU time (all threads, user and system) per request in each timed run,
 * a figure the machine's other load moves less than the rate.
 */
final class H3HttpClient {

    private H3HttpClient() {
    }

    /** Runs the workload; returns the process exit status. */
    static int run(String[] args, PrintStream stdout) {
        String url = null;
        int n = 10_000;
        int conc = 100;
        int runs = 3;
        double warmupS = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--wl" -> { }
                case "--url" -> url = v;
                case "--n" -> n = Integer.parseInt(v);
                case "--conc" -> conc = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--warmup-s" -> warmupS = Double.parseDouble(v);
                default -> {
                    System.err.println("bench: unknown option " + args[i]);
                    System.err.println("usage: bench --wl http-client --url U [--n N] [--conc C] [--runs R] [--warmup-s S]");
                    return 2;
                }
            }
        }
        if (url == null || n < 1 || conc < 1 || runs < 1) {
            System.err.println("usage: bench --wl http-client --url U [--n N] [--conc C] [--runs R] [--warmup-s S]");
            return 2;
        }
        String u = url;
        int total = n;
        int chains = conc;
        int timed = runs;
        double warm = warmupS;
        try {
            double[] cpuUs = new double[timed];
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            double[] seconds = Asyncio.run(() -> {
                try (ClientSession session = ClientSession.create()) {
                    EventLoop loop = Asyncio.getRunningLoop();
                    double start = loop.time();
                    int batches = 0;
                    while (loop.time() - start < warm) {
                        batch(session, u, total, chains);
                        batches++;
                    }
                    System.err.printf("bench http-client: %d warm-up batches in %.1f s%n", batches, loop.time() - start);
                    double[] out = new double[timed];
                    for (int r = 0; r < timed; r++) {
                        long t0 = System.nanoTime();
                        long c0 = os.getProcessCpuTime();
                        batch(session, u, total, chains);
                        out[r] = (System.nanoTime() - t0) / 1e9;
                        cpuUs[r] = (os.getProcessCpuTime() - c0) / 1e3 / total;
                        System.err.printf("bench http-client run %d/%d: %.3f s, %.0f req/s%n", r + 1, timed, out[r], total / out[r]);
                    }
                    return out;
                }
            });
            long[] rps = new long[seconds.length];
            for (int i = 0; i < seconds.length; i++) {
                rps[i] = Math.round(total / seconds[i]);
            }
            stdout.println(new Json().put("client", "jasyncio").put("n", total).put("conc", chains)
                    .put("runs_s", seconds).put("rps", rps)
                    .put("cpu_us_per_req", cpuUs));
            stdout.flush();
            return 0;
        } catch (Throwable e) {
            System.err.println("bench: FAILED: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** {@code n} GETs over {@code conc} chains sharing one counter. */
    private static void batch(ClientSession session, String url, int n, int conc) throws Exception {
        int[] next = {0};
        List<Task<Void>> tasks = new ArrayList<>(conc);
        for (int c = 0; c < conc; c++) {
            tasks.add(Asyncio.createTask(() -> {
                while (next[0] < n) {
                    next[0]++;
                    try (ClientResponse resp = session.get(url)) {
                        byte[] body = resp.read();
                        if (resp.status() != 200 || body.length != 13) {
                            throw new BenchFailure("GET " + url + ": status " + resp.status() + ", " + body.length + " bytes");
                        }
                    }
                }
                return null;
            }));
        }
        for (Task<Void> t : tasks) {
            t.call();
        }
    }
}
