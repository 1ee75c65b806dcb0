package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Async generators ({@code async for}) and their closing, errors and cancellation, on virtual time. */
class AsyncGeneratorTest {

    /** Yields 0..n-1, sleeping {@code delay} before each; logs its cleanup. */
    private static AsyncGenerator<Integer> counter(int n, double delay, List<String> log) {
        return asyncGenerator(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    sleep(delay);
                    out.yield(i);
                }
                log.add("exhausted");
            } finally {
                log.add("finally");
            }
        });
    }

    @AsyncioTest
    void theBodyRunsLazilyOneItemAtATime() {
        Steps steps = new Steps();
        steps.expect(1);
        try (AsyncGenerator<String> gen = asyncGenerator(out -> {
            steps.expect(3);
            out.yield("a");
            steps.expect(6);
            out.yield("b");
            steps.expect(9);
        })) {
            steps.expect(2); // created: nothing ran
            assertTrue(gen.hasNext());
            steps.expect(4);
            assertTrue(gen.hasNext(), "an item is waiting: no new step");
            assertEquals("a", gen.next());
            steps.expect(5);
            assertEquals("b", gen.next());
            steps.expect(7);
            sleep(1); // the body does not read ahead while the consumer is busy
            steps.expect(8);
            assertFalse(gen.hasNext());
            steps.expect(10);
            assertThrows(NoSuchElementException.class, gen::next);
        }
        steps.finish(11);
    }

    @AsyncioTest
    void producerAndConsumerTimesAddUpBecauseNothingIsProducedAhead(EventLoop loop) {
        List<String> log = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        try (AsyncGenerator<Integer> gen = counter(3, 1.0, log)) {
            for (int i : gen) {
                times.add(loop.time());
                sleep(0.5); // consumer work: the producer waits meanwhile
            }
        }
        assertEquals(List.of(1.0, 2.5, 4.0), times);
        assertEquals(4.5, loop.time());
        assertEquals(List.of("exhausted", "finally"), log);
    }

    @AsyncioTest
    void breakingOutEarlyClosesTheBodyAndItsFinallyCanAwait(EventLoop loop) {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> gen = asyncGenerator(out -> {
            try {
                for (int i = 0; ; i++) {
                    out.yield(i);
                }
            } catch (GeneratorExit e) {
                log.add("GeneratorExit at the yield");
                throw e;
            } finally {
                sleep(2); // an await in cleanup works
                log.add("cleaned up at " + loop.time());
            }
        });
        try (gen) {
            for (int i : gen) {
                if (i == 2) {
                    break;
                }
            }
        }
        assertEquals(List.of("GeneratorExit at the yield", "cleaned up at 2.0"), log);
        assertEquals(2.0, loop.time(), "close() waited for the cleanup");
        assertEquals("<AsyncGenerator closed>", gen.toString());
    }

    @AsyncioTest
    void anExceptionOfTheBodyReachesTheConsumerUnchangedOnce() {
        List<String> log = new ArrayList<>();
        try (AsyncGenerator<String> gen = asyncGenerator(out -> {
            try {
                out.yield("ok");
                sleep(1);
                throw new IOException("connection reset");
            } finally {
                log.add("finally");
            }
        })) {
            assertEquals("ok", gen.next());
            IOException e = assertThrows(IOException.class, gen::hasNext);
            assertEquals("connection reset", e.getMessage());
            assertEquals(List.of("finally"), log);
            assertFalse(gen.hasNext(), "finished: the error is raised once");
        }
    }

    @AsyncioTest
    void cancellingTheConsumerCancelsTheBodyAtItsAwait(EventLoop loop) {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> gen = counter(10, 1.0, log);
        Task<List<Integer>> consumer = createTask(() -> {
            List<Integer> got = new ArrayList<>();
            try (gen) {
                for (int i : gen) {
                    got.add(i);
                }
            }
            return got;
        });
        sleep(2.5);
        consumer.cancel("stop");
        CancelledError e = assertThrows(CancelledError.class, () -> await(consumer));
        assertEquals("stop", e.getMessage());
        assertEquals(List.of("finally"), log, "the body's sleep raised the cancellation");
        assertEquals(2.5, loop.time(), "at once");
        assertThrows(IllegalStateException.class, gen::hasNext, "closed by the consumer's try-with-resources");
    }

    @AsyncioTest
    void aBodyThatCatchesTheCancellationAndYieldsResumesTheConsumer() {
        AsyncGenerator<String> gen = asyncGenerator(out -> {
            try {
                sleep(10);
                out.yield("slept");
            } catch (CancelledError e) {
                out.yield("cancelled: " + e.getMessage());
            }
        });
        Task<String> consumer = createTask(() -> {
            try (gen) {
                return gen.next();
            }
        });
        sleep(1);
        consumer.cancel("hurry");
        assertEquals("cancelled: hurry", await(consumer));
    }

    @AsyncioTest
    void anItemYieldedJustBeforeTheConsumerIsCancelledIsNotLost(EventLoop loop) {
        List<Task<?>> consumer = new ArrayList<>();
        AsyncGenerator<String> gen = asyncGenerator(out -> {
            loop.callSoon(() -> consumer.getFirst().cancel()); // runs before the consumer wakes up
            out.yield("kept");
        });
        Task<String> c = createTask(() -> {
            try (gen) {
                try {
                    gen.hasNext();
                    return "no cancellation?";
                } catch (CancelledError e) {
                    return "cancelled, then " + gen.next();
                }
            }
        });
        consumer.add(c);
        assertEquals("cancelled, then kept", await(c));
    }

    @AsyncioTest
    void aTimeoutOfTheConsumerReachesTheBody(EventLoop loop) {
        List<String> log = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        assertThrows(TimeoutError.class, () -> timeout(2.5, () -> {
            try (AsyncGenerator<Integer> gen = counter(10, 1.0, log)) {
                for (int i : gen) {
                    got.add(i);
                }
            }
            return null;
        }));
        assertEquals(List.of(0, 1), got);
        assertEquals(List.of("finally"), log);
        assertEquals(2.5, loop.time());
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void closeIsIdempotentAndWorksBeforeStartAndAfterTheEnd() {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> unstarted = counter(3, 1, log);
        unstarted.close();
        unstarted.close();
        assertEquals(List.of(), log, "a generator never started has nothing to clean up");
        AsyncGenerator<Integer> done = counter(1, 1, log);
        assertEquals(List.of(0), toList(done));
        done.close();
        done.aclose();
        assertEquals(List.of("exhausted", "finally"), log);
        AsyncGenerator<Integer> open = counter(3, 1, log);
        assertEquals(0, open.next());
        open.close();
        open.close();
        assertEquals(List.of("exhausted", "finally", "finally"), log);
    }

    @AsyncioTest
    void usingAClosedGeneratorFailsClearly() {
        AsyncGenerator<Integer> gen = counter(3, 1, new ArrayList<>());
        assertEquals(0, gen.next());
        gen.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, gen::hasNext);
        assertEquals("<AsyncGenerator closed> is closed: it cannot be iterated any more", e.getMessage());
        assertThrows(IllegalStateException.class, gen::next);
    }

    @AsyncioTest
    void twoConsumersCannotIterateOneGeneratorAtTheSameTime() {
        AsyncGenerator<Integer> gen = counter(3, 1, new ArrayList<>());
        Task<Integer> first = createTask(gen::next);
        sleep(0.5); // first waits in hasNext() for the body's sleep
        Task<Integer> second = createTask(gen::next);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(second));
        assertTrue(e.getMessage().startsWith("anext(): asynchronous generator is already running (in <Task"),
                e.getMessage());
        assertThrows(IllegalStateException.class, gen::close, "closing it meanwhile fails too");
        assertEquals(0, await(first));
        assertEquals(1, await(createTask(gen::next)), "one after the other is fine");
        gen.close();
    }

    @AsyncioTest
    void misuseInsideTheBodyFailsClearly() {
        List<AsyncGenerator.Emitter<String>> leaked = new ArrayList<>();
        List<AsyncGenerator<String>> self = new ArrayList<>();
        AsyncGenerator<String> gen = asyncGenerator(out -> {
            leaked.add(out);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> self.getFirst().hasNext());
            out.yield(e.getMessage().substring(0, e.getMessage().indexOf(':')));
        });
        self.add(gen);
        try (gen) {
            assertEquals("anext()", gen.next());
        }
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> leaked.getFirst().yield("x"));
        assertTrue(outside.getMessage().startsWith("Emitter.yield() called outside the body"), outside.getMessage());
    }

    @AsyncioTest
    void aBodyThatIgnoresGeneratorExitFailsTheClose() {
        List<String> log = new ArrayList<>();
        AsyncGenerator<String> gen = asyncGenerator(out -> {
            try {
                out.yield("first");
            } catch (GeneratorExit e) {
                log.add("caught");
                out.yield("second"); // Python: RuntimeError
            }
        });
        assertEquals("first", gen.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, gen::close);
        assertEquals("async generator ignored GeneratorExit", e.getMessage());
        assertEquals(List.of("caught"), log);
        assertThrows(IllegalStateException.class, gen::hasNext);
    }

    @AsyncioTest
    void theBodyRunsInTheConsumersContext() {
        ContextVar<String> user = new ContextVar<>("user", "nobody");
        user.set("alice");
        try (AsyncGenerator<String> gen = asyncGenerator(out -> {
            out.yield(user.get());
            user.set("set by the generator");
            out.yield("done");
        })) {
            assertEquals("alice", gen.next());
            assertEquals("done", gen.next());
            assertEquals("set by the generator", user.get(), "a Python generator has no context of its own");
        }
    }

    @AsyncioTest
    void generatorsNestAndCancellationFlowsThroughBoth(EventLoop loop) {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> inner = counter(10, 1.0, log);
        AsyncGenerator<String> outer = asyncGenerator(out -> {
            try (inner) {
                for (int i : inner) {
                    out.yield("#" + i);
                }
            } finally {
                log.add("outer finally");
            }
        });
        try (outer) {
            assertEquals(List.of("#0", "#1", "#2"), take(outer, 3));
        }
        assertEquals(List.of("finally", "outer finally"), log, "closing the outer closed the inner");
        assertEquals(3.0, loop.time());
        log.clear();
        AsyncGenerator<Integer> inner2 = counter(10, 1.0, log);
        Task<Object> consumer = createTask(() -> {
            try (AsyncGenerator<Integer> g = asyncGenerator(out -> {
                try (inner2) {
                    for (int i : inner2) {
                        out.yield(i);
                    }
                }
            })) {
                return toList(g);
            }
        });
        sleep(1.5);
        consumer.cancel();
        assertThrows(CancelledError.class, () -> await(consumer));
        assertEquals(List.of("finally"), log, "the cancellation reached the innermost sleep");
    }

    @AsyncioTest
    void anUnstartedGeneratorNeedsNoLoopAndIteratorIsItself() {
        AsyncGenerator<String> gen = AsyncGenerator.of("named", out -> out.yield("x"));
        assertSame(gen, gen.iterator());
        assertEquals("<AsyncGenerator named created>", gen.toString());
        Iterator<String> it = gen;
        assertEquals("x", it.next());
        assertEquals("<AsyncGenerator named suspended>", gen.toString());
        assertFalse(it.hasNext());
        assertEquals("<AsyncGenerator named finished>", gen.toString());
        gen.close();
    }

    private static <T> List<T> toList(AsyncGenerator<T> gen) {
        List<T> out = new ArrayList<>();
        gen.forEachRemaining(out::add);
        return out;
    }

    private static <T> List<T> take(AsyncGenerator<T> gen, int n) {
        List<T> out = new ArrayList<>();
        for (T x : gen) {
            out.add(x);
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }
}
