package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Log;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.sync.Barrier;
import io.jasyncio.sync.BoundedSemaphore;
import io.jasyncio.sync.Condition;
import io.jasyncio.sync.Event;
import io.jasyncio.sync.Lock;
import io.jasyncio.sync.Semaphore;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;

/**
 * Tasks coordinating through asyncio's synchronization primitives: {@link Lock}, {@link Event},
 * {@link Condition}, {@link Semaphore}, {@link BoundedSemaphore} and {@link Barrier}. Python's
 * {@code async with lock:} is {@code try (var _ = lock.hold())}, and {@code wait()} is {@code await()}
 * (Java's {@code Object.wait()} is final). Each example prints its steps stamped with the loop time
 * ({@link Log}), and shows a {@code statistics()} snapshot while tasks wait.
 */
public final class Coordination {

    private Coordination() {
    }

    /** A number shared by the tasks of one loop (loop-confined: no thread-safety needed). */
    static final class Counter {
        int value;
        int peak;

        /** Adds {@code delta} and remembers the highest value reached. */
        int add(int delta) {
            value += delta;
            peak = Math.max(peak, value);
            return value;
        }
    }

    /**
     * A deposit that reads the balance, awaits (a database round trip), then writes: without a lock,
     * concurrent deposits overwrite each other.
     *
     * @param balance the shared balance
     * @param amount what to add
     * @return nothing
     */
    static Void unsafeDeposit(Counter balance, int amount) {
        int read = balance.value;
        sleep(0.1); // another task runs here and reads the same old balance
        balance.value = read + amount;
        return null;
    }

    /**
     * The same deposit under {@code async with lock:}: the read, the await and the write happen as one step.
     *
     * @param log where to print
     * @param lock the lock guarding {@code balance}
     * @param balance the shared balance
     * @param name the task's name
     * @param amount what to add
     * @return nothing
     */
    static Void lockedDeposit(Log log, Lock lock, Counter balance, String name, int amount) {
        try (var _ = lock.hold()) { // async with lock:
            int read = balance.value;
            log.say(name + " holds the lock, reads " + read);
            sleep(0.1);
            balance.value = read + amount;
            log.say(name + " writes " + balance.value + ", releases the lock");
        }
        return null;
    }

    /**
     * A {@link Lock} protecting a counter that is updated across an await: three deposits of 100 lose
     * two of them without it, and add up to 300 with it; {@code statistics()} shows the owner and the
     * two waiting tasks.
     *
     * @param out where to print
     */
    public static void lockedCounter(PrintStream out) {
        Counter unsafe = new Counter();
        gather(() -> unsafeDeposit(unsafe, 100), () -> unsafeDeposit(unsafe, 100), () -> unsafeDeposit(unsafe, 100));
        out.println("without a lock: balance " + unsafe.value + " after three deposits of 100 (each read 0, then wrote)");
        out.println("the same deposits, each inside try (var _ = lock.hold()):");
        Log log = Log.start(out);
        Lock lock = new Lock();
        Counter balance = new Counter();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            tasks.add(createTask(() -> lockedDeposit(log, lock, balance, name, 100), name));
        }
        sleep(0); // one loop turn: A takes the lock, B and C queue for it
        Lock.Statistics s = lock.statistics();
        log.say(f("lock.statistics(): locked=%s, owner=%s, tasksWaiting=%d",
                s.locked(), s.owner().getName(), s.tasksWaiting()));
        gather(tasks);
        out.println("with the lock: balance " + balance.value);
    }

    /**
     * An {@link Event} starting several workers at once: each awaits it, then all resume when it is set.
     *
     * @param out where to print
     */
    public static void startSignal(PrintStream out) {
        Log log = Log.start(out);
        Event go = new Event();
        List<Task<Void>> workers = new ArrayList<>();
        for (String name : List.of("worker-1", "worker-2", "worker-3")) {
            workers.add(createTask(() -> {
                log.say(name + " waits for the start signal");
                go.await(); // await go.wait()
                log.say(name + " starts");
                return null;
            }));
        }
        sleep(0);
        log.say("go.statistics(): " + go.statistics());
        sleep(0.3);
        log.say("main: go.set()");
        go.set();
        gather(workers);
    }

    /**
     * A {@link Condition}: a consumer waits with {@code waitFor(predicate)} until three items are ready;
     * the predicate is checked first, then after each {@code notify(1)} of the producer, always with the
     * lock held.
     *
     * @param out where to print
     */
    public static void waitForItems(PrintStream out) {
        Log log = Log.start(out);
        Condition ready = new Condition();
        List<Integer> items = new ArrayList<>();
        gather(() -> {
            try (var _ = ready.hold()) { // async with cond:
                ready.waitFor(() -> {    //     await cond.wait_for(lambda: len(items) >= 3)
                    boolean enough = items.size() >= 3;
                    log.say("consumer checks: " + items.size() + " of 3 ready" + (enough ? "" : ", waits"));
                    return enough;
                });
                log.say("consumer takes " + items);
            }
            return null;
        }, () -> {
            for (int i = 1; i <= 3; i++) {
                sleep(0.1);
                try (var _ = ready.hold()) {
                    items.add(i);
                    log.say("producer adds item " + i + ", notify(1)");
                    ready.notify(1);
                }
            }
            return null;
        });
    }

    /**
     * A download holding one of the semaphore's permits while it runs.
     *
     * @param log where to print
     * @param slots the permits
     * @param inFlight how many downloads run
     * @param name the file
     * @param seconds how long it takes
     * @return nothing
     */
    static Void download(Log log, Semaphore slots, Counter inFlight, String name, double seconds) {
        try (var _ = slots.hold()) { // async with slots:
            log.say(name + " starts (" + inFlight.add(1) + " in flight)");
            sleep(seconds);
            inFlight.add(-1);
            log.say(name + " done");
        }
        return null;
    }

    /**
     * A {@link Semaphore} of two permits limiting five downloads to two at a time: each finished
     * download lets the longest-waiting one start.
     *
     * @param out where to print
     */
    public static void limitedDownloads(PrintStream out) {
        Log log = Log.start(out);
        Semaphore slots = new Semaphore(2);
        Counter inFlight = new Counter();
        List<Task<Void>> downloads = new ArrayList<>();
        String[] names = {"a.zip", "b.zip", "c.zip", "d.zip", "e.zip"};
        double[] seconds = {0.4, 0.1, 0.2, 0.2, 0.2};
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            double s = seconds[i];
            downloads.add(createTask(() -> download(log, slots, inFlight, name, s)));
        }
        sleep(0);
        log.say("slots.statistics(): " + slots.statistics());
        gather(downloads);
        log.say(f("all %d done, at most %d at a time", names.length, inFlight.peak));
    }

    /**
     * A {@link BoundedSemaphore} refusing a release that has no matching acquire (Python's
     * {@code ValueError}), where a plain {@link Semaphore} silently gains a permit.
     *
     * @param out where to print
     */
    public static void boundedRelease(PrintStream out) {
        BoundedSemaphore bounded = new BoundedSemaphore(1);
        try (var _ = bounded.hold()) {
            out.println("BoundedSemaphore(1) held: value " + bounded.value());
        }
        out.println("released when the try block ends: value " + bounded.value());
        try {
            bounded.release(); // one too many
        } catch (IllegalStateException e) {
            out.println("one more release(): IllegalStateException: " + e.getMessage()
                    + " (value still " + bounded.value() + ")");
        }
        Semaphore plain = new Semaphore(1);
        plain.acquire();
        plain.release();
        plain.release();
        out.println("a plain Semaphore(1) takes the same extra release() silently: value " + plain.value());
    }

    /**
     * One party of the barrier: gets ready, then waits for the others.
     *
     * @param log where to print
     * @param barrier the meeting point
     * @param name the party
     * @param seconds how long it takes to get ready
     * @return nothing
     */
    static Void party(Log log, Barrier barrier, String name, double seconds) {
        sleep(seconds);
        int waiting = barrier.nWaiting();
        log.say(name + " arrives, " + waiting + " waiting" + (waiting + 1 == barrier.parties() ? ": it trips the barrier" : ""));
        int index = barrier.await(); // await barrier.wait()
        log.say(name + " passes with arrival index " + index);
        return null;
    }

    /**
     * A {@link Barrier} of three parties: they arrive at different times, all pass when the third
     * arrives, and {@code await()} returns each one's index in order of arrival.
     *
     * @param out where to print
     */
    public static void meetingPoint(PrintStream out) {
        Log log = Log.start(out);
        Barrier barrier = new Barrier(3);
        gather(() -> party(log, barrier, "alice", 0.2), () -> party(log, barrier, "bob", 0.3),
                () -> party(log, barrier, "carol", 0.1));
        log.say("barrier.statistics(): " + barrier.statistics() + " (cyclic: ready for another round)");
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("lock", "asyncio.Lock: a balance updated across an await, without and with the lock",
                        Coordination::lockedCounter),
                Section.of("event", "asyncio.Event: three workers wait for one start signal", Coordination::startSignal),
                Section.of("condition", "asyncio.Condition: wait_for(predicate) until three items are ready",
                        Coordination::waitForItems),
                Section.of("semaphore", "asyncio.Semaphore(2): five downloads, at most two at a time",
                        Coordination::limitedDownloads),
                Section.of("bounded-semaphore", "asyncio.BoundedSemaphore: one release too many is an error",
                        Coordination::boundedRelease),
                Section.of("barrier", "asyncio.Barrier(3): three parties meet, indexes in order of arrival",
                        Coordination::meetingPoint));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Coordination", sections(), args);
    }
}
