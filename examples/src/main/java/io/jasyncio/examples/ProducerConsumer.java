package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.queues.Queue;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;

/**
 * {@link Queue} decouples producers from consumers: {@code put} and {@code get} suspend only the task
 * that must wait. A {@code null} item can serve as the "no more work" sentinel; with several consumers,
 * {@code taskDone()} and {@code join()} tell when every item has been processed.
 *
 * <p>Ports of seed 001 ("asyncio.Queue for producer-consumer patterns", and its closing advice "for
 * multiple consumers, use queue.task_done() and queue.join()").
 */
public final class ProducerConsumer {

    private ProducerConsumer() {
    }

    /**
     * The coroutine {@code producer(queue)} of seed 001: three items, a tenth of a second apart, then the
     * sentinel.
     *
     * @param out where to print
     * @param queue where to put
     * @return nothing
     */
    static Void producer(PrintStream out, Queue<Integer> queue) {
        for (int i = 1; i < 4; i++) {
            out.println("Produced item " + i);
            queue.put(i);
            sleep(0.1);
        }
        queue.put(null); // sentinel to signal consumers to stop
        return null;
    }

    /**
     * The coroutine {@code consumer(queue)} of seed 001: takes items until the sentinel.
     *
     * @param out where to print
     * @param queue where to get
     * @return nothing
     */
    static Void consumer(PrintStream out, Queue<Integer> queue) {
        while (true) {
            Integer item = queue.get();
            if (item == null) {
                break;
            }
            out.println("Consumed item " + item);
        }
        return null;
    }

    /**
     * Seed 001: one producer and one consumer, gathered.
     *
     * @param out where to print
     */
    public static void producerConsumer(PrintStream out) {
        Queue<Integer> q = new Queue<>();
        gather(() -> producer(out, q), () -> consumer(out, q));
    }

    /**
     * A consumer that runs until cancelled, marking each item done.
     *
     * @param out where to print
     * @param name the consumer's name
     * @param queue where to get
     * @return never returns normally
     */
    static Void worker(PrintStream out, String name, Queue<Integer> queue) {
        while (true) {
            int item = queue.get();
            try {
                sleep(0.1); // process the item
                out.println(name + " processed item " + item);
            } finally {
                queue.taskDone();
            }
        }
    }

    /**
     * Seed 001's advice for several consumers: three workers share six items; {@code join()} returns once
     * all six are marked done (0.2 s); then the workers are cancelled and awaited.
     *
     * @param out where to print
     */
    public static void workersWithJoin(PrintStream out) {
        double start = getRunningLoop().time();
        Queue<Integer> queue = new Queue<>();
        for (int i = 1; i <= 6; i++) {
            queue.putNowait(i);
        }
        List<Task<Void>> workers = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            String name = "worker-" + n;
            workers.add(createTask(() -> worker(out, name, queue)));
        }
        queue.join(); // until every item is processed
        out.println(f("all items processed in %.1fs", getRunningLoop().time() - start));
        workers.forEach(Task::cancel);
        gatherReturnExceptions(workers); // wait until they are all cancelled
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("queue", "asyncio.Queue: producer and consumer, null as the None sentinel",
                        ProducerConsumer::producerConsumer),
                Section.of("queue-join", "asyncio.Queue: three consumers, task_done() and join()",
                        ProducerConsumer::workersWithJoin));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("ProducerConsumer", sections(), args);
    }
}
