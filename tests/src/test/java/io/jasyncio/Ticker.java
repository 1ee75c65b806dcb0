package io.jasyncio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jasyncio.Asyncio.*;

/**
 * A task that counts loop turns, one per {@code sleep(0.01)}: proof that the loop keeps running other
 * tasks (its count grows) or that something holds the loop's thread (its count stands still). Create
 * it inside a task; close it to cancel it.
 */
final class Ticker implements AutoCloseable {

    private final AtomicInteger ticks = new AtomicInteger();
    private final List<CountDownLatch> waiters = new CopyOnWriteArrayList<>();
    private final Task<Void> task;

    private Ticker() {
        task = createTask(this::tick, "ticker");
    }

    /** Code that runs in a task next to a ticker. */
    @FunctionalInterface
    interface Body {
        void run(Ticker ticker) throws Exception;
    }

    /** Runs {@code body} as the main task of a new real-time loop, next to a ticker. */
    static void runWithTicker(Body body) {
        Asyncio.run(() -> {
            try (Ticker ticker = start()) {
                body.run(ticker);
            }
            return null;
        });
    }

    /** Starts a ticker on the running loop; it has ticked once when this returns. */
    static Ticker start() throws InterruptedException {
        Ticker t = new Ticker();
        RealTime.awaitLatch(t.afterTicks(1));
        return t;
    }

    private Void tick() {
        while (true) {
            sleep(0.01);
            ticks.incrementAndGet();
            for (CountDownLatch l : waiters) {
                l.countDown();
            }
            waiters.removeIf(l -> l.getCount() == 0);
        }
    }

    /** The number of ticks so far. */
    int ticks() {
        return ticks.get();
    }

    /**
     * A latch that opens after {@code n} more ticks. A plain thread that waits on it before acting
     * acts only once the loop has visibly kept running; if the loop's thread is held, it never opens.
     */
    CountDownLatch afterTicks(int n) {
        CountDownLatch l = new CountDownLatch(n);
        waiters.add(l);
        return l;
    }

    @Override
    public void close() {
        task.cancel();
        try {
            await(task);
        } catch (CancelledError expected) {
            // the ticker runs until cancelled
        }
    }
}
