package io.jasyncio.testing;

import io.jasyncio.Handle;
import io.jasyncio.internal.LoopMonitor;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The seeded scheduling of a {@link TestLoop}: in each turn, the task steps that became ready together
 * run in an order drawn from a random generator seeded with the test's seed, instead of first come,
 * first served. Callbacks ({@link Handle}s) keep their places and their order, which asyncio
 * guarantees; only task steps and I/O handlers, whose relative order no program may rely on, move.
 * The same seed gives the same orders, so a failing interleaving replays exactly.
 */
final class SeededSchedule implements LoopMonitor {

    private final SplittableRandom random;
    private final LoopMonitor next;
    private Object[] items = new Object[64];
    private int[] movable = new int[64];

    /**
     * @param seed the seed
     * @param next a monitor already attached to the loop (debug mode), told everything as before, or null
     */
    SeededSchedule(long seed, LoopMonitor next) {
        this.random = new SplittableRandom(seed);
        this.next = next;
    }

    @Override
    public void batch(ArrayDeque<Object> ready, int n) {
        if (n > 1) {
            if (items.length < n) {
                items = new Object[n * 2];
                movable = new int[n * 2];
            }
            int m = 0;
            for (int i = 0; i < n; i++) {
                Object o = ready.pollFirst();
                items[i] = o;
                if (!(o instanceof Handle)) {
                    movable[m++] = i;
                }
            }
            for (int i = m - 1; i > 0; i--) { // Fisher-Yates over the movable positions
                int j = random.nextInt(i + 1);
                Object t = items[movable[i]];
                items[movable[i]] = items[movable[j]];
                items[movable[j]] = t;
            }
            for (int i = n - 1; i >= 0; i--) {
                ready.addFirst(items[i]);
                items[i] = null;
            }
        }
        if (next != null) {
            next.batch(ready, n);
        }
    }

    @Override
    public void enter(Object item) {
        if (next != null) {
            next.enter(item);
        }
    }

    @Override
    public void exit(Object item) {
        if (next != null) {
            next.exit(item);
        }
    }
}
