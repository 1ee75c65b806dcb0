package io.jasyncio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON lines of {@link Bench} into a human-readable table, as the comparison report would:
 * the warm-up runs are dropped, and each workload shows best and median of the remaining runs in its
 * own unit, next to the bar of docs/workloads.md section 5. {@code Bench --summary < results.jsonl}.
 * It reads only lines this bench writes (a regex per field, not a JSON parser).
 */
public final class Summary {

    private Summary() {
    }

    /**
     * Reads JSON lines from {@code in}, prints one table row per line to {@code out}.
     *
     * @param in the lines
     * @param out where the table goes
     * @throws IOException if reading fails
     */
    public static void print(BufferedReader in, PrintStream out) throws IOException {
        out.printf("%-4s %9s %22s %22s  %s%n", "wl", "n", "best", "median", "bar (median) / extra");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("{")) {
                out.println(row(line));
            }
        }
    }

    static String row(String json) {
        String wl = str(json, "wl");
        long n = num(json, "n");
        int warmup = (int) num(json, "warmup");
        long[] runs = array(json, "runs_ns");
        long[] kept = Arrays.copyOfRange(runs, Math.min(warmup, runs.length - 1), runs.length);
        Arrays.sort(kept);
        double best = kept[0];
        double median = kept.length % 2 == 1 ? kept[kept.length / 2]
                : (kept[kept.length / 2 - 1] + kept[kept.length / 2]) / 2.0;
        String extra = switch (wl) {
            case "w1" -> "<= 33 ms";
            case "w2" -> "< 210 ns/rt";
            case "w3" -> String.format(Locale.ROOT, "<= 1080 ms, <= 0.65 KB/task; RSS %.3f KB/task",
                    (num(json, "rss_peak_kb") - num(json, "rss_base_kb")) / (double) n);
            case "w4" -> "> 21 M items/s";
            case "w5" -> "< 520 ms";
            default -> "";
        };
        return String.format(Locale.ROOT, "%-4s %9d %22s %22s  %s", wl, n, unit(wl, n, best), unit(wl, n, median), extra);
    }

    private static String unit(String wl, long n, double ns) {
        return switch (wl) {
            case "w2" -> String.format(Locale.ROOT, "%.0f ns/rt (%.1f ms)", ns / n, ns / 1e6);
            case "w4" -> String.format(Locale.ROOT, "%.1f M/s (%.1f ms)", n / ns * 1e3, ns / 1e6);
            default -> String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        };
    }

    private static String str(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static long num(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long[] array(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \\[([^]]*)]").matcher(json);
        if (!m.find() || m.group(1).isBlank()) {
            return new long[] {0};
        }
        return Arrays.stream(m.group(1).split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    /**
     * Runs the summary on stdin.
     *
     * @param args ignored
     * @throws IOException if reading fails
     */
    public static void main(String[] args) throws IOException {
        print(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    }
}
