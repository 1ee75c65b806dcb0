package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * W3 sleepers: N tasks that each sleep 1.0 s once, gathered. Timed: spawn + sleep + gather (ideal
 * 1 s plus the spawn time); the spawn part alone goes to {@code extra.spawn_ns}. The first run of the
 * process also measures memory (docs/workloads.md section 1): the peak RSS is reset and the RSS read
 * before it, the peak RSS read after it.
 */
public final class W3Sleepers implements Workload {

    private final int n;
    private final List<Long> spawnNs = new ArrayList<>();
    private ProcStatus.Memory memory;

    /**
     * Creates the workload.
     *
     * @param n the number of tasks
     */
    public W3Sleepers(int n) {
        this.n = n;
    }

    private static Integer task(int i) {
        Asyncio.sleep(1.0);
        return i;
    }

    @Override
    public long run(int rep) {
        ProcStatus.Baseline base = rep == 0 ? ProcStatus.resetPeakAndReadRss() : null;
        long t0 = System.nanoTime();
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            tasks.add(Asyncio.createTask(() -> task(v)));
        }
        long tSpawned = System.nanoTime();
        List<Integer> res = Asyncio.gather(tasks);
        long t1 = System.nanoTime();
        if (base != null) {
            memory = base.readPeak();
        }
        long sum = 0;
        for (Integer r : res) {
            sum += r;
        }
        Workload.checkSum("w3", sum, n);
        spawnNs.add(tSpawned - t0);
        return t1 - t0;
    }

    @Override
    public void writeExtra(Json extra) {
        if (memory != null) {
            extra.put("rss_base_kb", memory.rssBaseKb())
                    .put("rss_peak_kb", memory.rssPeakKb())
                    .put("hwm_reset", memory.hwmReset());
        }
        extra.put("spawn_ns", spawnNs.stream().mapToLong(Long::longValue).toArray());
    }
}
