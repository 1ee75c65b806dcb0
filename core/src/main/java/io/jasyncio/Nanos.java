package io.jasyncio;

/** Seconds and nanoseconds of loop time, saturating instead of overflowing. */
final class Nanos {

    private Nanos() {
    }

    static long toNanos(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("delay or time must be a number, got NaN");
        }
        double n = seconds * 1e9;
        if (n >= Long.MAX_VALUE / 2.0) {
            return Long.MAX_VALUE / 2;
        }
        if (n <= Long.MIN_VALUE / 2.0) {
            return Long.MIN_VALUE / 2;
        }
        return (long) n;
    }

    /** {@code d} in seconds, as the {@code double} asyncio's APIs take. */
    static double seconds(java.time.Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
        }
        return Math.min(r, Long.MAX_VALUE / 2);
    }
}
