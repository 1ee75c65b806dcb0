package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.queues.Queue;
import io.jasyncio.Task;

/**
 * W4 queue: one producer puts N integers and a sentinel (-1) into an unbounded queue, one consumer
 * gets and sums them. The consumer is created first, so it starts by waiting on the empty queue; as
 * in asyncio, neither {@code put} on an unbounded queue nor {@code get} on a non-empty one suspends.
 * Timed: from creating the consumer until both tasks have been awaited.
 */
public final class W4Queue implements Workload {

    private final int n;

    /**
     * Creates the workload.
     *
     * @param n the number of items
     */
    public W4Queue(int n) {
        this.n = n;
    }

    @Override
    public long run(int rep) {
        Queue<Integer> q = new Queue<>();
        int items = n;
        long t0 = System.nanoTime();
        Task<Long> consumer = Asyncio.createTask(() -> {
            long s = 0;
            while (true) {
                int v = q.get();
                if (v < 0) {
                    return s;
                }
                s += v;
            }
        });
        Task<Void> producer = Asyncio.createTask(() -> {
            for (int i = 0; i < items; i++) {
                q.put(i);
            }
            q.put(-1);
            return null;
        });
        long s = Asyncio.await(consumer);
        Asyncio.await(producer);
        long t1 = System.nanoTime();
        Workload.checkSum("w4", s, items);
        return t1 - t0;
    }
}
