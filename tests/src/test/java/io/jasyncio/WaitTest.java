package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Asyncio#wait} and {@link Asyncio#asCompleted}. Note {@code Asyncio.wait(...)}: a bare
 * {@code wait(...)} would resolve to {@link Object#wait()}.
 */
class WaitTest {

    private static Task<String> after(double seconds, String value) {
        return createTask(() -> sleep(seconds, value), value);
    }

    private static Task<String> failAfter(double seconds, String message) {
        return createTask(() -> {
            sleep(seconds);
            throw new IllegalStateException(message);
        }, message);
    }

    /** Cancels what is left and waits for it, so the test leaks no task. */
    private static void cleanUp(Set<? extends Future<?>> pending) {
        for (Future<?> f : pending) {
            f.cancel();
        }
        for (Future<?> f : pending) {
            assertThrows(CancelledError.class, () -> await(f));
        }
    }

    @AsyncioTest
    void firstCompleted(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = after(2, "b");
        Task<String> c = after(3, "c");
        Done<String> d = Asyncio.wait(List.of(c, b, a), ReturnWhen.FIRST_COMPLETED);
        assertEquals(1.0, loop.time());
        assertEquals(Set.of(a), d.done());
        assertEquals(List.of(c, b), List.copyOf(d.pending()), "pending keeps the argument order");
        assertEquals("a", a.result());
        assertFalse(b.cancelled());
        cleanUp(d.pending());
    }

    @AsyncioTest
    void firstException(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = failAfter(2, "b failed");
        Task<String> c = after(3, "c");
        Done<String> d = Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION);
        assertEquals(2.0, loop.time());
        assertEquals(List.of(a, b), List.copyOf(d.done()));
        assertEquals(Set.of(c), d.pending());
        assertEquals("b failed", b.exception().getMessage());
        cleanUp(d.pending());
    }

    @AsyncioTest
    void firstExceptionWithoutExceptionWaitsForAllAndIgnoresCancellation(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = after(2, "b");
        Task<String> c = after(3, "c");
        loop.callLater(0.5, b::cancel);
        Done<String> d = Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION);
        assertEquals(3.0, loop.time());
        assertEquals(Set.of(a, b, c), d.done());
        assertTrue(d.pending().isEmpty());
        assertTrue(b.cancelled());
    }

    @AsyncioTest
    void allCompletedIsTheDefault(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = failAfter(2, "b failed");
        Task<String> c = after(3, "c");
        Done<String> d = Asyncio.wait(List.of(a, b, c));
        assertEquals(3.0, loop.time());
        assertEquals(3, d.done().size());
        assertTrue(d.pending().isEmpty());
        // wait never raises the futures' exceptions: they are read from the futures.
        assertThrows(IllegalStateException.class, b::result);
        assertEquals(List.of(a, b, c), List.copyOf(d.done()));
        assertThrows(UnsupportedOperationException.class, () -> d.done().clear());
    }

    @AsyncioTest
    void timeoutReturnsWithoutCancellingOrRaising(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = after(2, "b");
        Task<String> c = after(3, "c");
        Done<String> d = Asyncio.wait(List.of(a, b, c), 1.5);
        assertEquals(1.5, loop.time());
        assertEquals(Set.of(a), d.done());
        assertEquals(Set.of(b, c), d.pending());
        assertFalse(b.cancelled());
        assertFalse(c.cancelled());
        // The same pending set can be waited on again.
        Done<String> d2 = Asyncio.wait(d.pending(), ReturnWhen.ALL_COMPLETED, 10);
        assertEquals(3.0, loop.time());
        assertEquals(Set.of(b, c), d2.done());
    }

    @AsyncioTest
    void timeoutWithFirstCompletedAndDuration(EventLoop loop) {
        Task<String> a = after(5, "a");
        Done<String> d = Asyncio.wait(List.of(a), ReturnWhen.FIRST_COMPLETED, java.time.Duration.ofSeconds(2));
        assertEquals(2.0, loop.time());
        assertEquals(Set.of(a), d.pending());
        d = Asyncio.wait(List.of(a), ReturnWhen.FIRST_COMPLETED, 10);
        assertEquals(5.0, loop.time(), "completion cancels the timer and returns at once");
        assertEquals(Set.of(a), d.done());
    }

    @AsyncioTest
    void alreadyDoneFuturesReturnAtOnce(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setResult("x");
        Task<String> slow = after(5, "slow");
        Done<String> d = Asyncio.wait(List.of(f, slow), ReturnWhen.FIRST_COMPLETED);
        assertEquals(0.0, loop.time());
        assertEquals(Set.of(f), d.done());
        cleanUp(d.pending());
    }

    @AsyncioTest
    void sameFutureTwiceCountsOnce(EventLoop loop) {
        Task<String> a = after(1, "a");
        Done<String> d = Asyncio.wait(List.of(a, a));
        assertEquals(Set.of(a), d.done());
        assertEquals(1.0, loop.time());
    }

    @AsyncioTest
    void emptyOrForeignSetsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.<Future<String>>of()));
        Task<String> x = after(0, "x");
        assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(x), Double.NaN));
        try (EventLoop other = EventLoop.newEventLoop()) {
            Future<String> foreign = other.createFuture();
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(foreign)));
        }
        assertEquals("x", await(x));
    }

    @AsyncioTest
    void cancellingTheWaiterLeavesTheFuturesAlone(EventLoop loop) {
        Task<String> a = after(2, "a");
        Steps steps = new Steps();
        Task<Done<String>> waiter = createTask(() -> {
            steps.expect(1);
            return Asyncio.wait(List.of(a));
        });
        sleep(1);
        steps.expect(2);
        waiter.cancel();
        assertThrows(CancelledError.class, () -> await(waiter));
        steps.finish(3);
        assertFalse(a.done());
        assertEquals("a", await(a));
    }

    // ------------------------------------------------------------------------------------------
    // asCompleted

    @AsyncioTest
    void asCompletedYieldsInCompletionOrder(EventLoop loop) {
        Task<String> a = after(3, "a");
        Task<String> b = after(1, "b");
        Task<String> c = after(2, "c");
        List<String> order = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (Future<String> f : asCompleted(List.of(a, b, c))) {
            assertTrue(f.done());
            order.add(await(f));
            times.add(loop.time());
        }
        assertEquals(List.of("b", "c", "a"), order);
        assertEquals(List.of(1.0, 2.0, 3.0), times);
    }

    @AsyncioTest
    void asCompletedYieldsTheGivenFuturesAndWrapsCoroutines(EventLoop loop) {
        Task<String> a = after(2, "a");
        Iterable<Future<String>> it = asCompleted(List.<Coroutine<String>>of(a, () -> sleep(1, "coro")));
        Iterator<Future<String>> i = it.iterator();
        Future<String> first = i.next();
        assertInstanceOf(Task.class, first, "a coroutine is wrapped in a task");
        assertEquals("coro", first.result());
        assertSame(a, i.next(), "a task is yielded as it is");
        assertFalse(i.hasNext());
        assertThrows(NoSuchElementException.class, i::next);
        assertSame(i, it.iterator(), "one-shot, like Python's iterator");
    }

    @AsyncioTest
    void asCompletedTimeoutRaisesForEachRemainingStep(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = after(5, "b");
        Task<String> c = after(6, "c");
        Iterator<Future<String>> it = asCompleted(List.of(a, b, c), 2.0).iterator();
        assertSame(a, it.next());
        assertEquals(1.0, loop.time());
        TimeoutError e = assertThrows(TimeoutError.class, it::next);
        assertEquals(2.0, loop.time());
        assertTrue(it.hasNext());
        assertThrows(TimeoutError.class, it::next);
        assertFalse(it.hasNext());
        // The timeout does not cancel the futures.
        assertFalse(b.cancelled());
        assertNotNull(e.getMessage());
        assertEquals("b", await(b));
        assertEquals("c", await(c));
    }

    @AsyncioTest
    void asCompletedFuturesDoneBeforeTheTimeoutComeFirst(EventLoop loop) {
        Task<String> a = after(1, "a");
        Task<String> b = after(2, "b");
        Task<String> c = after(10, "c");
        Iterator<Future<String>> it = asCompleted(List.of(a, b, c), 3.0).iterator();
        sleep(5); // everything that will finish in time has, and the timeout passed
        assertSame(a, it.next());
        assertSame(b, it.next());
        assertThrows(TimeoutError.class, it::next);
        assertEquals(5.0, loop.time());
        cleanUp(Set.of(c));
    }

    @AsyncioTest
    void asCompletedOfDoneFuturesAndDuplicates(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setResult("x");
        List<String> out = new ArrayList<>();
        for (Future<String> g : asCompleted(List.of(f, f), 0)) {
            out.add(g.result());
        }
        assertEquals(List.of("x"), out);
        assertFalse(asCompleted(List.<Coroutine<String>>of()).iterator().hasNext());
    }

    @AsyncioTest
    void asCompletedSurvivesACancelledStep(EventLoop loop) {
        Task<String> a = after(2, "a");
        Iterator<Future<String>> it = asCompleted(List.of(a)).iterator();
        Task<Future<String>> stepper = createTask(it::next);
        sleep(1);
        stepper.cancel();
        assertThrows(CancelledError.class, () -> await(stepper));
        assertTrue(it.hasNext(), "nothing was lost");
        assertSame(a, it.next());
        assertEquals(2.0, loop.time());
    }
}
