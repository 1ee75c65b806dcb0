package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * W5 timers: N {@code callLater} callbacks (plain callbacks, not tasks) with delays of 0 to 100 ms
 * from the xorshift generator of docs/workloads.md, the last one to fire completes a future that the main
 * task awaits. Timed: scheduling all of them until that future is done; the scheduling part alone goes
 * to {@code extra.sched_ns}. The delays are generated once, when the workload is created.
 */
public final class W5Timers implements Workload {

    /** The sum of the 1,000,000 delays of the reference generator. */
    static final long REFERENCE_CHECKSUM = 50_042_567L;

    private final int n;
    private final int[] delaysMs;
    private final long checksum;
    private final List<Long> schedNs = new ArrayList<>();
    private int count;
    private Future<Void> done;

    /**
     * Creates the workload and generates its delays.
     *
     * @param n the number of callbacks
     * @throws BenchFailure if n is 1,000,000 and the delays do not add up to the reference checksum
     */
    public W5Timers(int n) {
        this.n = n;
        this.delaysMs = delays(n);
        long sum = 0;
        for (int d : delaysMs) {
            sum += d;
        }
        this.checksum = sum;
        if (n == 1_000_000 && sum != REFERENCE_CHECKSUM) {
            throw new BenchFailure("w5: delay checksum " + sum + ", expected " + REFERENCE_CHECKSUM);
        }
    }

    /**
     * The delays of the reference generator: a 32-bit xorshift (13, 17, 5) from 2463534242, each
     * value taken modulo 101 as unsigned.
     *
     * @param n how many
     * @return delays in milliseconds, 0 to 100
     */
    static int[] delays(int n) {
        int[] out = new int[n];
        int x = (int) 2463534242L;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            out[i] = Integer.remainderUnsigned(x, 101);
        }
        return out;
    }

    private void fired() {
        if (++count == n) {
            done.setResult(null);
        }
    }

    @Override
    public long run(int rep) {
        EventLoop loop = Asyncio.getRunningLoop();
        count = 0;
        done = loop.createFuture();
        Runnable cb = this::fired;
        int[] delays = delaysMs;
        long t0 = System.nanoTime();
        for (int d : delays) {
            loop.callLater(d / 1000.0, cb);
        }
        long tSched = System.nanoTime();
        if (n == 0) {
            done.setResult(null);
        }
        done.call();
        long t1 = System.nanoTime();
        if (count != n) {
            throw new BenchFailure("w5: " + count + " callbacks ran, expected " + n);
        }
        schedNs.add(tSched - t0);
        return t1 - t0;
    }

    @Override
    public void writeExtra(Json extra) {
        extra.put("sched_ns", schedNs.stream().mapToLong(Long::longValue).toArray())
                .put("delay_checksum", checksum);
    }
}
