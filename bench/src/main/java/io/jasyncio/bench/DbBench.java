package io.jasyncio.bench;

import static io.jasyncio.Asyncio.gather;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.db.Database;
import io.jasyncio.db.Pool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Database workloads D1 and D2 of WEB-WORKLOADS.md, on a real PostgreSQL:
 * <pre>
 * Bench --wl db-sleep --dsn DSN [--reps R] [--warmup W]            D1: 100 tasks, SELECT pg_sleep(0.5), pool of 100
 * Bench --wl db-query --dsn DSN [--n N] [--reps R] [--warmup W]    D2: 100 tasks, 10 connections, SELECT $1::int + 1
 * </pre>
 * Prints one JSON line {@code {"wl":..., "n":..., "runs_s":[...], "rate":[...], "runtime":"..."}}
 * (rate = queries/s; D1 also {@code wall_s}, the median run), warm-up runs left out. Everything runs
 * in one loop thread. D2's 100 tasks share a counter and each takes the next query number until N
 * are done, checking every result; the statement is prepared on the server (pgjdbc named statement,
 * from the pool connection's statement cache), as asyncpg's {@code pool.fetchval} does with its own.
 */
final class DbBench {

    private DbBench() {
    }

    static boolean handles(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--wl") && args[i + 1].startsWith("db-")) {
                return true;
            }
        }
        return false;
    }

    static int main(String[] args, PrintStream stdout) {
        String wl = null;
        String dsn = System.getenv("JASYNCIO_PG_DSN");
        Integer n = null;
        Integer reps = null;
        Integer warmup = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--wl" -> wl = v;
                case "--dsn" -> dsn = v;
                case "--n" -> n = Integer.parseInt(v.replace("_", ""));
                case "--reps" -> reps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                default -> {
                    System.err.println("bench: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (dsn == null || !(wl.equals("db-sleep") || wl.equals("db-query"))) {
            System.err.println("usage: bench --wl db-sleep|db-query --dsn postgresql://user:password@127.0.0.1:5432/db"
                    + " [--n N] [--reps R] [--warmup W]   (or set JASYNCIO_PG_DSN)");
            return 2;
        }
        boolean sleep = wl.equals("db-sleep");
        int size = n != null ? n : sleep ? 100 : 100_000;
        int r = reps != null ? reps : sleep ? 4 : 5;
        int w = warmup != null ? warmup : 1;
        String theDsn = dsn;
        try {
            double[] runs = Asyncio.run(() -> sleep ? d1(theDsn, size, r, w) : d2(theDsn, size, r, w));
            double[] timed = Arrays.copyOfRange(runs, Math.min(w, runs.length - 1), runs.length);
            StringBuilder line = new StringBuilder("{\"wl\": \"").append(wl).append("\", \"n\": ").append(size)
                    .append(", \"runs_s\": ").append(list(timed, "%.4f"));
            double[] rate = new double[timed.length];
            for (int i = 0; i < timed.length; i++) {
                rate[i] = size / timed[i];
            }
            line.append(", \"rate\": ").append(list(rate, "%.1f"));
            if (sleep) {
                double[] sorted = timed.clone();
                Arrays.sort(sorted);
                line.append(", \"wall_s\": ").append(String.format(Locale.ROOT, "%.4f", sorted[sorted.length / 2]));
            }
            line.append(", \"runtime\": \"").append(Bench.runtime().replace("\"", "'")).append("\"}");
            stdout.println(line);
            stdout.flush();
            return 0;
        } catch (Throwable e) {
            return Bench.failed(e);
        }
    }

    private static String list(double[] xs, String fmt) {
        List<String> out = new ArrayList<>();
        for (double x : xs) {
            out.add(String.format(Locale.ROOT, fmt, x));
        }
        return "[" + String.join(", ", out) + "]";
    }

    /** D1: {@code n} tasks each sleep 0.5 s in the server, over a pool of {@code n} connections. */
    private static double[] d1(String dsn, int n, int reps, int warmup) {
        Pool pool = Database.createPool(dsn, n, n);
        try {
            double[] runs = new double[reps];
            for (int i = 0; i < reps; i++) {
                List<Coroutine<Object>> tasks = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    tasks.add(() -> pool.fetchval("SELECT pg_sleep(0.5)"));
                }
                long t0 = System.nanoTime();
                gather(tasks);
                runs[i] = (System.nanoTime() - t0) / 1e9;
                System.err.printf("bench db-sleep n=%d run %d/%d%s: %.3f s%n", n, i + 1, reps, i < warmup ? " (warm-up)" : "", runs[i]);
            }
            return runs;
        } finally {
            pool.close();
        }
    }

    /** D2: 100 tasks share a counter and run {@code SELECT $1::int + 1} through a pool of 10 until {@code n} are done. */
    private static double[] d2(String dsn, int n, int reps, int warmup) {
        Pool pool = Database.createPool(dsn, 10, 10);
        try {
            double[] runs = new double[reps];
            for (int i = 0; i < reps; i++) {
                int[] next = {0};
                List<Coroutine<Void>> tasks = new ArrayList<>(100);
                for (int k = 0; k < 100; k++) {
                    tasks.add(() -> {
                        while (next[0] < n) {
                            int q = next[0]++;
                            Object got = pool.fetchval("SELECT $1::int + 1", q);
                            if (!(got instanceof Integer v) || v != q + 1) {
                                throw new BenchFailure("SELECT " + q + " + 1 returned " + got);
                            }
                        }
                        return null;
                    });
                }
                long t0 = System.nanoTime();
                gather(tasks);
                runs[i] = (System.nanoTime() - t0) / 1e9;
                System.err.printf("bench db-query n=%d run %d/%d%s: %.3f s (%.0f queries/s)%n", n, i + 1, reps,
                        i < warmup ? " (warm-up)" : "", runs[i], n / runs[i]);
            }
            return runs;
        } finally {
            pool.close();
        }
    }
}
