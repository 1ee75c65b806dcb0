package io.jasyncio.debug;

/**
 * A loop's metrics at one moment. Lag, busy and idle time, turns and slow callbacks are counted from
 * the moment the loop's monitor was attached (debug mode); the counts of tasks, timers and I/O
 * registrations are read from the loop itself.
 *
 * @param loop the loop ({@code EventLoop-N})
 * @param lagSeconds how late the last timer (a {@code sleep} ending, a {@code callLater}) started
 *     after its due time: the loop's lag, as Node.js measures event loop delay
 * @param maxLagSeconds the largest such lag seen
 * @param busySeconds time spent running callbacks and task steps
 * @param idleSeconds the rest of the time since the monitor was attached (waiting for I/O, timers or
 *     work, and the loop's own bookkeeping)
 * @param busyRatio {@code busy / (busy + idle)}: 1.0 is a saturated loop
 * @param turns the loop's turns
 * @param items the callbacks and task steps run
 * @param slowCallbacks items that held the loop longer than the slow-callback threshold
 * @param longestSeconds the longest item
 * @param tasksAlive pending tasks now
 * @param timersPending timers in the queue now (cancelled ones not yet dropped included)
 * @param ioRegistrations channels registered with the loop's selector now
 */
public record LoopMetrics(String loop, double lagSeconds, double maxLagSeconds, double busySeconds,
                          double idleSeconds, double busyRatio, long turns, long items, long slowCallbacks,
                          double longestSeconds, int tasksAlive, int timersPending, int ioRegistrations) {

    /**
     * One line of text.
     *
     * @return the metrics, formatted
     */
    public String format() {
        return String.format("%s: lag %.1f ms (max %.1f ms), busy %.1f%% (%.3f s busy, %.3f s idle), %d turns, "
                        + "%d items (%d slow, longest %.1f ms), tasks alive %d, timers pending %d, I/O registrations %d",
                loop, lagSeconds * 1e3, maxLagSeconds * 1e3, busyRatio * 100, busySeconds, idleSeconds, turns, items,
                slowCallbacks, longestSeconds * 1e3, tasksAlive, timersPending, ioRegistrations);
    }
}
