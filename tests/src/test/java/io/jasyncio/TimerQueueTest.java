package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The timer queue ({@link TimerQueue}: per-delay chains merged by a heap of chain heads): exact
 * (deadline, scheduling order) firing for any mix of relative and absolute timers, against a
 * reference priority queue; chains that must not be joined; bounded memory under endless
 * cancellation.
 */
class TimerQueueTest {

    private static final double[] REPEATED_DELAYS = {0.001, 0.002, 0.01, 0.1, 1.0};

    private static EventLoop virtualLoop() {
        return EventLoop.builder().virtualClock(new VirtualClock()).build();
    }

    /** Runs {@code loop} on virtual time until {@code when} (nanoseconds) and returns. */
    private static void runUntil(EventLoop loop, long when) {
        loop.schedule(when, TimerQueue.NO_CHAIN, loop::stop, null);
        loop.runForever();
    }

    @Test
    void equalDeadlinesFireFifoWhateverWayTheyWereScheduled() {
        try (EventLoop loop = virtualLoop()) {
            List<String> log = new ArrayList<>();
            loop.callLater(1, () -> log.add("later 1"));
            loop.callAt(1, () -> log.add("at 1"));
            loop.callLater(Duration.ofSeconds(1), () -> log.add("duration 1"));
            loop.callLater(1, () -> log.add("later 1 again"));
            loop.callAt(1, () -> log.add("at 1 again"));
            runUntil(loop, 2_000_000_000L);
            assertEquals(List.of("later 1", "at 1", "duration 1", "later 1 again", "at 1 again"), log);
        }
    }

    @Test
    void absoluteTimersInterleaveWithAChainOfEqualDelays() {
        try (EventLoop loop = virtualLoop()) {
            List<String> log = new ArrayList<>();
            loop.callLater(0.5, () -> log.add("a1"));
            loop.callAt(0.2, () -> log.add("at 0.2"));
            loop.callLater(0.5, () -> log.add("a2"));
            loop.callAt(0.5, () -> log.add("at 0.5"));
            loop.callLater(0.5, () -> log.add("a3"));
            loop.callAt(0.7, () -> log.add("at 0.7"));
            loop.callAt(0.1, () -> log.add("at 0.1"));
            runUntil(loop, 300_000_000L);
            loop.callLater(0.5, () -> log.add("b1 (0.8)")); // the same delay, later: joins the chain
            loop.callAt(0.6, () -> log.add("at 0.6"));
            runUntil(loop, 1_000_000_000L);
            assertEquals(List.of("at 0.1", "at 0.2", "a1", "a2", "at 0.5", "a3", "at 0.6", "at 0.7", "b1 (0.8)"), log);
        }
    }

    @Test
    void aClockThatWentBackNeverBreaksTheOrderOfAChain() {
        try (EventLoop loop = virtualLoop()) {
            List<String> log = new ArrayList<>();
            long delay = 1_000_000_000L;
            // The same delay, from "now" readings that go back and forth: deadlines not in order.
            long[] nows = {500, 100, 100, 900, 0, 500};
            for (int i = 0; i < nows.length; i++) {
                String name = "t" + i + "@" + nows[i];
                loop.schedule(nows[i] + delay, delay, () -> log.add(name), null);
            }
            runUntil(loop, 2 * delay);
            assertEquals(List.of("t4@0", "t1@100", "t2@100", "t0@500", "t5@500", "t3@900"), log);
        }
    }

    @Test
    void cancelledTimersNeverFireWhereverTheySitInAChain() {
        try (EventLoop loop = virtualLoop()) {
            List<Integer> log = new ArrayList<>();
            List<TimerHandle> hs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                hs.add(loop.callLater(1, () -> log.add(n)));
            }
            hs.get(0).cancel(); // the head
            hs.get(4).cancel(); // the middle
            hs.get(9).cancel(); // the tail
            loop.callLater(1, () -> log.add(10)); // joins after a cancelled tail
            runUntil(loop, 2_000_000_000L);
            assertEquals(List.of(1, 2, 3, 5, 6, 7, 8, 10), log);
            assertEquals(0, loop.timerCount());
        }
    }

    @Test
    void firingOrderMatchesAReferenceQueueOverRandomOperations() {
        for (long seed : new long[] {1, 42, 20261121, 7_777_777}) {
            try (EventLoop loop = virtualLoop()) {
                new RandomRun(loop, new Random(seed), "seed " + seed).run(400);
            }
        }
    }

    /**
     * Random scheduling (repeated and distinct delays, absolute deadlines, a clock read that goes
     * back), cancellation, and virtual time advances, checked against a {@link PriorityQueue} of
     * (deadline, sequence). Callbacks also schedule and cancel timers that are not due yet.
     */
    private static final class RandomRun {
        private final EventLoop loop;
        private final Random rnd;
        private final String label;
        private final PriorityQueue<Entry> reference =
                new PriorityQueue<>(Comparator.comparingLong(Entry::when).thenComparingLong(Entry::seq));
        private final List<TimerHandle> handles = new ArrayList<>();
        /** Ids that left the reference: fired or cancelled. */
        private final BitSet gone = new BitSet();
        private final List<Integer> fired = new ArrayList<>();
        private final List<Integer> expected = new ArrayList<>();
        private final List<ErrorContext> errors = new ArrayList<>();
        private long seq;

        record Entry(long when, long seq, int id) {
        }

        RandomRun(EventLoop loop, Random rnd, String label) {
            this.loop = loop;
            this.rnd = rnd;
            this.label = label;
            loop.setExceptionHandler((l, ctx) -> errors.add(ctx));
        }

        void run(int rounds) {
            for (int r = 0; r < rounds; r++) {
                for (int n = rnd.nextInt(120); n > 0; n--) {
                    schedule(false);
                }
                int cancels = rnd.nextInt(4) == 0 ? handles.size() / 2 : rnd.nextInt(20);
                for (int n = 0; n < cancels && !handles.isEmpty(); n++) {
                    cancel(rnd.nextInt(handles.size())); // any state: live, fired or cancelled
                }
                advance(loop.nanoTime() + (long) (rnd.nextDouble() * 1.5e9));
            }
            advance(loop.nanoTime() + 10_000_000_000L); // everything left fires
            assertTrue(reference.stream().allMatch(e -> gone.get(e.id())), label);
            assertEquals(0, loop.timerCount(), label);
        }

        private void advance(long until) {
            runUntil(loop, until);
            assertEquals(List.of(), errors, label);
            assertEquals(expected, fired, label + ": firing order");
            assertEquals(until, loop.nanoTime(), label + ": the virtual clock jumps timer by timer");
            Entry next = peekLive();
            assertTrue(next == null || next.when() > until, label + ": a due timer did not fire");
            assertEquals(0, loop.readyCount(), label);
        }

        /** Schedules one timer of a random kind; from a callback, only kinds due strictly later. */
        private void schedule(boolean inCallback) {
            int id = handles.size();
            Runnable cb = () -> fire(id);
            long now = loop.nanoTime();
            TimerHandle h;
            switch (rnd.nextInt(inCallback ? 3 : 6)) {
                case 0 -> {
                    double d = REPEATED_DELAYS[rnd.nextInt(REPEATED_DELAYS.length)];
                    h = loop.callLater(d, cb);
                    assertEquals(now + EventLoop.toNanos(d), h.when, label);
                }
                case 1 -> h = loop.callLater(1e-9 + rnd.nextDouble() * 2, cb); // distinct delays: many keys
                case 2 -> h = loop.callLater(Duration.ofMillis(1 + rnd.nextInt(3)), cb);
                case 3 -> h = loop.callAt(loop.time() + rnd.nextDouble() * 2.5 - 0.5, cb); // some in the past
                case 4 -> h = loop.callLater(rnd.nextBoolean() ? 0 : -0.25, cb);
                default -> { // callLater under a clock read that is off, either way: chains must notice
                    long delay = (long) (REPEATED_DELAYS[rnd.nextInt(REPEATED_DELAYS.length)] * 1e9);
                    h = loop.schedule(now + delay + rnd.nextLong(-1_000_000_000L, 1_000_000_000L), delay, cb, null);
                }
            }
            handles.add(h);
            reference.add(new Entry(h.when, seq++, id));
        }

        private void fire(int id) {
            fired.add(id);
            Entry e = pollLive();
            expected.add(e == null ? -1 : e.id());
            int action = rnd.nextInt(10);
            if (action < 3) {
                schedule(true);
            } else if (action < 4) {
                int victim = rnd.nextInt(handles.size());
                if (handles.get(victim).when > loop.nanoTime()) { // not moved to the ready queue yet
                    cancel(victim);
                }
            }
        }

        private void cancel(int id) {
            handles.get(id).cancel();
            gone.set(id);
        }

        private Entry peekLive() {
            while (!reference.isEmpty() && gone.get(reference.peek().id())) {
                reference.poll();
            }
            return reference.peek();
        }

        private Entry pollLive() {
            Entry e = peekLive();
            if (e != null) {
                reference.poll();
                gone.set(e.id());
            }
            return e;
        }
    }

    @Test
    void aMillionTimersScheduledAndCancelledKeepTheQueueBounded() {
        final int window = 1000;
        try (EventLoop loop = virtualLoop()) {
            int[] firedCount = {0};
            Runnable cb = () -> firedCount[0]++;
            ArrayDeque<TimerHandle> live = new ArrayDeque<>();
            int max = 0;
            for (int i = 0; i < 1_000_000; i++) {
                live.addLast(switch (i % 3) {
                    case 0 -> loop.callLater(REPEATED_DELAYS[i % REPEATED_DELAYS.length], cb); // chains
                    case 1 -> loop.callLater(1 + i * 1e-6, cb); // a new delay each time
                    default -> loop.callAt(loop.time() + 5 - (i % 1000) * 1e-3, cb); // absolute
                });
                if (live.size() > window) {
                    live.pollFirst().cancel();
                }
                max = Math.max(max, loop.timerCount());
            }
            assertTrue(max <= 2 * window + 128, "queue grew to " + max + " with " + window + " live timers");
            runUntil(loop, 10_000_000_000_000L);
            assertEquals(window, firedCount[0]);
            assertEquals(0, loop.timerCount());
        }
    }

    @AsyncioTest
    void aSleepThatIsAlwaysCancelledDoesNotLeakTimers(EventLoop loop) {
        int max = 0;
        for (int i = 0; i < 20_000; i++) {
            assertThrows(TimeoutError.class, () -> timeout(0.001, () -> {
                sleep(100); // a timer in the 100 s chain, cancelled by the timeout
                return null;
            }));
            max = Math.max(max, loop.timerCount());
        }
        assertTrue(max <= 256, "queue grew to " + max);
    }

    @AsyncioTest
    void aTimeoutRescheduledForeverDoesNotLeakTimers(EventLoop loop) {
        int max = timeout(10, scope -> {
            int m = 0;
            for (int i = 0; i < 200_000; i++) {
                scope.reschedule(loop.time() + 10 + (i % 100) * 1e-3); // cancels the previous timer
                m = Math.max(m, loop.timerCount());
            }
            return m;
        });
        assertTrue(max <= 256, "queue grew to " + max);
    }
}
