package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.queues.Queue;
import io.jasyncio.Task;

/**
 * W2 switch: the main task and a "pong" task pass an integer token back and forth M times through
 * two single-slot queues ({@code maxsize=1}); every round trip forces at least two task switches.
 * Timed: from creating the pong task until it is awaited after the last round trip.
 */
public final class W2Switch implements Workload {

    private final int m;

    /**
     * Creates the workload.
     *
     * @param m the number of round trips
     */
    public W2Switch(int m) {
        this.m = m;
    }

    @Override
    public long run(int rep) {
        Queue<Integer> q1 = new Queue<>(1);
        Queue<Integer> q2 = new Queue<>(1);
        int rounds = m;
        long t0 = System.nanoTime();
        Task<Void> pong = Asyncio.createTask(() -> {
            for (int i = 0; i < rounds; i++) {
                q2.put(q1.get());
            }
            return null;
        });
        long s = 0;
        for (int i = 0; i < rounds; i++) {
            q1.put(i);
            s += q2.get();
        }
        Asyncio.await(pong);
        long t1 = System.nanoTime();
        Workload.checkSum("w2", s, rounds);
        return t1 - t0;
    }
}
