package io.jasyncio.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of this process from Linux {@code /proc/self/status} (docs/workloads.md section 1, W3):
 * {@code VmRSS} before the measured run, {@code VmHWM} (the peak) after it, with the peak reset first
 * by writing {@code 5} to {@code /proc/self/clear_refs} (Linux 4.0 and later).
 */
public final class ProcStatus {

    private ProcStatus() {
    }

    /**
     * The memory of one measured run.
     *
     * @param rssBaseKb VmRSS before the run
     * @param rssPeakKb VmHWM after the run
     * @param hwmReset whether the peak could be reset before the run
     */
    public record Memory(long rssBaseKb, long rssPeakKb, boolean hwmReset) {
    }

    /**
     * The state before a measured run.
     *
     * @param rssBaseKb VmRSS before the run
     * @param hwmReset whether the peak was reset
     */
    public record Baseline(long rssBaseKb, boolean hwmReset) {

        /**
         * Reads the peak after the run.
         *
         * @return the figures of the run
         */
        public Memory readPeak() {
            return new Memory(rssBaseKb, readKb("VmHWM"), hwmReset);
        }
    }

    /**
     * Resets the peak RSS, then reads the current RSS.
     *
     * @return the baseline
     * @throws BenchFailure if {@code /proc/self/status} cannot be read
     */
    public static Baseline resetPeakAndReadRss() {
        boolean reset;
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            reset = true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            System.err.println("bench: cannot reset VmHWM (" + e + "): the peak includes JVM start-up");
            reset = false;
        }
        return new Baseline(readKb("VmRSS"), reset);
    }

    /**
     * Reads one {@code kB} field of {@code /proc/self/status}.
     *
     * @param field the field name, for example {@code VmRSS}
     * @return its value in KB
     * @throws BenchFailure if it cannot be read
     */
    public static long readKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    String v = line.substring(field.length() + 1).trim();
                    return Long.parseLong(v.substring(0, v.indexOf(' ')));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BenchFailure("cannot read " + field + " from /proc/self/status: " + e);
        }
        throw new BenchFailure("no " + field + " in /proc/self/status");
    }
}
