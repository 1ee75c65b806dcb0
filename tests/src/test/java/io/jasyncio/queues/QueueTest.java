package io.jasyncio.queues;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

/** Queue basics: order, capacity, the nowait errors, null items, the seed example. */
class QueueTest {

    private static <T> List<T> drain(Queue<T> q) {
        List<T> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @AsyncioTest
    void fifoOrder() {
        Queue<Integer> q = new Queue<>();
        for (int i = 1; i <= 5; i++) {
            q.put(i);
        }
        assertEquals(5, q.qsize());
        assertFalse(q.empty());
        assertFalse(q.full());
        assertEquals(List.of(1, 2, 3, 4, 5), List.of(q.get(), q.get(), q.get(), q.get(), q.get()));
        assertTrue(q.empty());
    }

    @AsyncioTest
    void lifoOrder() {
        Queue<String> q = new LifoQueue<>();
        q.put("a");
        q.put("b");
        q.put("c");
        assertEquals("c", q.get());
        q.put("d");
        assertEquals(List.of("d", "b", "a"), drain(q));
    }

    @AsyncioTest
    void priorityNaturalOrderSmallestFirst() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        for (int v : new int[] {5, 1, 4, 1, 3, 9, 2}) {
            q.put(v);
        }
        assertEquals(List.of(1, 1, 2, 3, 4, 5, 9), drain(q));
    }

    @AsyncioTest
    void priorityWithComparator() {
        record Job(int priority, String name) {
        }
        PriorityQueue<Job> q = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
        q.put(new Job(3, "low"));
        q.put(new Job(1, "urgent"));
        q.put(new Job(2, "normal"));
        assertEquals("urgent", q.get().name());
        assertEquals("normal", q.get().name());
        assertEquals("low", q.get().name());

        PriorityQueue<String> reversed = new PriorityQueue<>(2, Comparator.reverseOrder());
        reversed.put("a");
        reversed.put("b");
        assertTrue(reversed.full());
        assertEquals(List.of("b", "a"), drain(reversed));
    }

    @AsyncioTest
    void priorityHeapStaysOrderedUnderMixedPutsAndGets() {
        Random rnd = new Random(42);
        PriorityQueue<Integer> q = new PriorityQueue<>();
        java.util.PriorityQueue<Integer> model = new java.util.PriorityQueue<>();
        for (int i = 0; i < 5000; i++) {
            if (model.isEmpty() || rnd.nextInt(3) > 0) {
                int v = rnd.nextInt(1000);
                q.put(v);
                model.add(v);
            } else {
                assertEquals(model.poll(), q.get());
            }
            assertEquals(model.size(), q.qsize());
        }
        while (!model.isEmpty()) {
            assertEquals(model.poll(), q.get());
        }
    }

    @AsyncioTest
    void priorityRejectsNullAndNonComparableBeforeChanging() {
        PriorityQueue<Object> q = new PriorityQueue<>();
        NullPointerException npe = assertThrows(NullPointerException.class, () -> q.put(null));
        assertTrue(npe.getMessage().contains("null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        ClassCastException cce = assertThrows(ClassCastException.class, () -> q.put(new Object()));
        assertTrue(cce.getMessage().contains("Comparator"), cce.getMessage());
        assertTrue(q.empty());

        // A full queue rejects the null at once instead of waiting for room first.
        PriorityQueue<String> full = new PriorityQueue<>(1);
        full.put("x");
        assertThrows(NullPointerException.class, () -> full.put(null));
        assertEquals(1, full.qsize());
    }

    @AsyncioTest
    void maxsizeAndFull() {
        assertEquals(0, new Queue<>().maxsize());
        assertEquals(-3, new Queue<>(-3).maxsize());
        assertEquals(3, new Queue<>(3).maxsize());

        Queue<Integer> unbounded = new Queue<>(-1);
        for (int i = 0; i < 100; i++) {
            unbounded.put(i);
        }
        assertFalse(unbounded.full());

        Queue<Integer> q = new Queue<>(2);
        q.put(1);
        assertFalse(q.full());
        q.put(2);
        assertTrue(q.full());
        assertEquals(2, q.qsize());
    }

    @Test
    void nowaitErrorsLeaveTheQueueUnchanged() {
        // The nowait methods never suspend, so they work outside a task too.
        Queue<String> q = new Queue<>(1);
        assertThrows(QueueEmpty.class, q::getNowait);
        q.putNowait("a");
        assertThrows(QueueFull.class, () -> q.putNowait("b"));
        assertEquals(1, q.qsize());
        assertEquals("a", q.getNowait());
        assertThrows(QueueEmpty.class, q::getNowait);
        assertTrue(q.empty());
    }

    @AsyncioTest
    void nullItemsEverywhere() {
        Queue<String> q = new Queue<>(2);
        q.put(null);
        q.putNowait("x");
        assertTrue(q.full());
        assertThrows(QueueFull.class, () -> q.putNowait(null));
        assertNull(q.get());
        assertEquals("x", q.getNowait());
        q.put(null);
        assertNull(q.getNowait());
        assertTrue(q.empty());

        LifoQueue<String> lifo = new LifoQueue<>();
        lifo.put("a");
        lifo.put(null);
        assertNull(lifo.get());
        assertEquals("a", lifo.get());

        // A getter waiting for an item receives a null item like any other.
        Queue<String> q2 = new Queue<>();
        Task<String> getter = createTask(q2::get);
        TestLoop.waitAllBlocked();
        q2.put(null);
        assertNull(await(getter));
        assertTrue(getter.done());
    }

    @AsyncioTest
    void ringBufferWrapsAndGrowsInOrder() {
        Queue<Integer> q = new Queue<>();
        int next = 0;
        int expected = 0;
        for (int i = 0; i < 10; i++) {
            q.put(next++);
        }
        for (int i = 0; i < 7; i++) {
            assertEquals(expected++, q.get());
        }
        // The head is now in the middle of the array: these puts wrap around, then grow it twice.
        for (int i = 0; i < 50; i++) {
            q.put(next++);
        }
        assertEquals(53, q.qsize());
        while (!q.empty()) {
            assertEquals(expected++, q.get());
        }
        assertEquals(next, expected);
    }

    @AsyncioTest
    void backpressureInterleavesExactly() {
        Steps steps = new Steps();
        Queue<Integer> q = new Queue<>(1);
        steps.expect(1);
        Task<Void> producer = createTask(() -> {
            steps.expect(2);
            q.put(1); // room: does not suspend, wakes the waiting consumer
            steps.expect(3);
            q.put(2); // full: suspends until the consumer takes 1
            steps.expect(5);
            q.put(3); // full again
            steps.expect(7);
            return null;
        });
        assertEquals(1, q.get()); // empty: suspends, the producer runs
        steps.expect(4);
        assertEquals(0, q.qsize()); // the producer was woken, but has not put 2 yet
        assertEquals(2, q.get());
        steps.expect(6);
        assertEquals(3, q.get());
        steps.expect(8);
        await(producer);
        steps.finish(9);
    }

    @AsyncioTest
    void producerConsumerSeedExample(EventLoop loop) {
        List<String> out = new ArrayList<>();
        Queue<Integer> q = new Queue<>();
        gather(() -> {
            for (int i = 1; i <= 3; i++) {
                out.add("Produced item " + i);
                q.put(i);
                sleep(0.1);
            }
            q.put(null); // sentinel to signal the consumer to stop
            return null;
        }, () -> {
            while (true) {
                Integer item = q.get();
                if (item == null) {
                    break;
                }
                out.add("Consumed item " + item);
            }
            return null;
        });
        assertEquals(List.of("Produced item 1", "Consumed item 1", "Produced item 2", "Consumed item 2",
                "Produced item 3", "Consumed item 3"), out);
        assertEquals(0.3, loop.time(), 1e-9);
    }

    @AsyncioTest
    void pingPongThroughTwoSingleSlotQueues() {
        // The shape of benchmark W2, small.
        int m = 1000;
        Queue<Integer> q1 = new Queue<>(1);
        Queue<Integer> q2 = new Queue<>(1);
        Task<Void> pong = createTask(() -> {
            for (int i = 0; i < m; i++) {
                q2.put(q1.get());
            }
            return null;
        });
        long sum = 0;
        for (int i = 0; i < m; i++) {
            q1.put(i);
            sum += q2.get();
        }
        await(pong);
        assertEquals((long) m * (m - 1) / 2, sum);
    }

    @AsyncioTest
    void producerNeverSuspendsOnAnUnboundedQueue() {
        // The shape of benchmark W4, small: the producer runs to the end before the consumer drains.
        int n = 10_000;
        Queue<Integer> q = new Queue<>();
        Task<Long> consumer = createTask(() -> {
            long s = 0;
            for (int v; (v = q.get()) >= 0; ) {
                s += v;
            }
            return s;
        });
        Task<Integer> producer = createTask(() -> {
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            q.put(-1);
            return q.qsize();
        });
        assertEquals((long) n * (n - 1) / 2, await(consumer));
        assertEquals(n + 1, await(producer)); // nothing was taken while the producer ran
    }

    @AsyncioTest
    void toStringLikeAsyncioRepr() {
        Queue<Integer> q = new Queue<>(2);
        assertEquals("<Queue maxsize=2 qsize=0>", q.toString());
        q.put(7);
        q.put(null);
        Task<Void> putter = createTask(() -> {
            q.put(9);
            return null;
        });
        TestLoop.waitAllBlocked();
        assertEquals("<Queue maxsize=2 qsize=2 _queue=[7, null] _putters[1] tasks=2>", q.toString());
        q.shutdown(true);
        assertThrows(QueueShutDown.class, () -> await(putter));
        assertEquals("<Queue maxsize=2 qsize=0 shutdown>", q.toString());

        Queue<Integer> waiting = new Queue<>();
        Task<Integer> getter = createTask(waiting::get);
        TestLoop.waitAllBlocked();
        assertEquals("<Queue maxsize=0 qsize=0 _getters[1]>", waiting.toString());
        waiting.put(1);
        assertEquals(1, await(getter));
        assertEquals("<Queue maxsize=0 qsize=0 tasks=1>", waiting.toString());

        PriorityQueue<Integer> many = new PriorityQueue<>();
        for (int i = 0; i < 12; i++) {
            many.put(i);
        }
        assertTrue(many.toString().startsWith("<PriorityQueue maxsize=0 qsize=12 _queue=[0, 1, 2,"), many.toString());
        assertTrue(many.toString().contains(", ...] tasks=12>"), many.toString());
    }
}
