package io.jasyncio.examples.tour;

/**
 * The clock of the seeds' synchronous code ({@code time.perf_counter()} and {@code time.sleep()}), for
 * the examples that block on purpose to show what asyncio saves. A blocking sleep outside any event loop
 * has no virtual twin, so tests and {@code Demo --fast} use {@link #simulated()}, whose sleep just moves
 * its own time forward.
 */
public interface SyncClock {

    /**
     * The current time: Python's {@code time.perf_counter()}.
     *
     * @return seconds since an arbitrary origin
     */
    double now();

    /**
     * Blocks the calling thread: Python's {@code time.sleep()}.
     *
     * @param seconds how long
     */
    void sleep(double seconds);

    /**
     * The real clock: {@link System#nanoTime()} and {@link Thread#sleep}.
     *
     * @return the system clock
     */
    static SyncClock system() {
        return new SyncClock() {
            @Override
            public double now() {
                return System.nanoTime() / 1e9;
            }

            @Override
            public void sleep(double seconds) {
                try {
                    Thread.sleep((long) (seconds * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        };
    }

    /**
     * A simulated clock starting at zero: {@code sleep(s)} returns at once and adds {@code s} to
     * {@link #now()}.
     *
     * @return a fresh simulated clock
     */
    static SyncClock simulated() {
        return new SyncClock() {
            private double now;

            @Override
            public synchronized double now() {
                return now;
            }

            @Override
            public synchronized void sleep(double seconds) {
                now += Math.max(0, seconds);
            }
        };
    }
}
