package io.jasyncio.queues;

import io.jasyncio.testing.TestLoop;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.createTask;
import io.jasyncio.Task;

/** Shared arrangements of the queue tests. */
final class QueueFixtures {

    private QueueFixtures() {
    }

    /** Starts one putter task per item and returns once all of them are blocked on the full queue. */
    static List<Task<Void>> blockedPutters(Queue<String> q, String... items) {
        List<Task<Void>> putters = new ArrayList<>();
        for (String item : items) {
            putters.add(createTask(() -> {
                q.put(item);
                return null;
            }));
        }
        TestLoop.waitAllBlocked();
        return putters;
    }
}
