package io.jasyncio;

import io.jasyncio.sync.Semaphore;
import io.jasyncio.testing.AsyncioTest;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The snippet of docs/performance.md, compiled and run, so that it stays true. */
class PerformanceDocTest {

    @AsyncioTest
    void engineCheckAndBoundedBurst() {
        List<String> warnings = new ArrayList<>();
        // docs/performance.md: "Which engine runs your tasks"
        if (!EventLoop.engineName().equals("virtual-thread-on-loop")) {
            warnings.add("slow engine: start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED");
        }
        int[] live = new int[1];
        int[] maxLive = new int[1];
        Semaphore slots = new Semaphore(1000);
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int v = i;
            slots.acquire();
            tasks.add(createTask(() -> {
                maxLive[0] = Math.max(maxLive[0], ++live[0]);
                try {
                    sleep(0);
                    return v;
                } finally {
                    live[0]--;
                    slots.release();
                }
            }));
        }
        int sum = gather(tasks).stream().mapToInt(Integer::intValue).sum();
        // end of the snippet
        assertEquals(10_000 * 9_999 / 2, sum);
        assertTrue(maxLive[0] <= 1000, "at most 1000 tasks ran at once: " + maxLive[0]);
        assertEquals(EventLoop.engineName().equals("baton-fallback"), warnings.size() == 1, warnings.toString());
    }
}
