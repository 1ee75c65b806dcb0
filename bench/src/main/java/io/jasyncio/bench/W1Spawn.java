package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * W1 spawn: create N tasks that each yield once ({@code sleep(0)}) and return their index, then
 * gather them all. Timed: creation + first step + yield + completion + gather.
 */
public final class W1Spawn implements Workload {

    private final int n;

    /**
     * Creates the workload.
     *
     * @param n the number of tasks
     */
    public W1Spawn(int n) {
        this.n = n;
    }

    private static Integer task(int i) {
        Asyncio.sleep(0);
        return i;
    }

    @Override
    public long run(int rep) {
        long t0 = System.nanoTime();
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            tasks.add(Asyncio.createTask(() -> task(v)));
        }
        List<Integer> res = Asyncio.gather(tasks);
        long t1 = System.nanoTime();
        long sum = 0;
        for (Integer r : res) {
            sum += r;
        }
        Workload.checkSum("w1", sum, n);
        return t1 - t0;
    }
}
