package io.jasyncio.sync;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.Recording.after;
import static io.jasyncio.fixtures.Recording.cancelAndExpectPassedOn;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;

/** Event: asyncio 3.13 semantics, wake-up order, cancellation after set(), timeouts, statistics. */
class EventTest {

    @AsyncioTest
    void setWakesEveryWaiterInOrderAndLateArrivalsPassAtOnce() {
        // CPython test_locks.EventTests.test_wait
        Event ev = new Event();
        assertFalse(ev.isSet());
        List<String> woke = new ArrayList<>();
        Task<Void> t1 = after(ev::await, "1", woke);
        Task<Void> t2 = after(ev::await, "2", woke);
        sleep(0);
        assertEquals(List.of(), woke);
        assertEquals(new Event.Statistics(false, 2), ev.statistics());
        assertEquals("<Event [unset, waiters:2]>", ev.toString());
        Task<Void> t3 = after(ev::await, "3", woke); // starts in the next turn, before the woken ones resume
        ev.set();
        assertEquals(new Event.Statistics(true, 0), ev.statistics());
        sleep(0);
        assertEquals(List.of("3", "1", "2"), woke);
        gather(t1, t2, t3);
        assertEquals("<Event [set]>", ev.toString());
    }

    @AsyncioTest
    void awaitOnASetEventDoesNotSuspend() {
        Event ev = new Event();
        ev.set();
        Steps steps = new Steps();
        createTask(() -> {
            steps.expect(2);
            return null;
        });
        steps.expect(1);
        ev.await();
        sleep(0);
        steps.finish(3);
    }

    @AsyncioTest
    void aWaiterWokenBySetReturnsEvenIfClearedBeforeItRuns() {
        // CPython test_clear_with_waiters
        Event ev = new Event();
        List<String> woke = new ArrayList<>();
        Task<Void> t = after(ev::await, "t", woke);
        sleep(0);
        ev.set();
        ev.clear();
        assertFalse(ev.isSet());
        ev.set();
        ev.set(); // already set: nothing happens
        sleep(0);
        assertEquals(List.of("t"), woke);
        await(t);
        ev.clear();
        assertEquals("<Event [unset]>", ev.toString());
    }

    @AsyncioTest
    void clearMakesLaterWaitersWaitForTheNextSet() {
        Event ev = new Event();
        ev.set();
        ev.clear();
        List<String> woke = new ArrayList<>();
        Task<Void> t = after(ev::await, "t", woke);
        TestLoop.waitAllBlocked();
        assertEquals(List.of(), woke);
        ev.set();
        await(t);
        assertEquals(List.of("t"), woke);
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation

    @AsyncioTest
    void waiterCancelledAfterSetLosesNothingForTheOthers() {
        Event ev = new Event();
        List<String> woke = new ArrayList<>();
        Task<Void> a = after(ev::await, "a", woke);
        Task<Void> b = after(ev::await, "b", woke);
        TestLoop.waitAllBlocked();
        ev.set(); // wakes a and b; a is cancelled before it runs
        cancelAndExpectPassedOn(a, b, woke);
        assertTrue(ev.isSet()); // the flag is untouched
        assertEquals(new Event.Statistics(true, 0), ev.statistics());
    }

    @AsyncioTest
    void waiterCancelledWhileWaitingLeavesNoTrace() {
        // CPython test_wait_cancel
        Event ev = new Event();
        List<String> woke = new ArrayList<>();
        Task<Void> a = after(ev::await, "a", woke);
        Task<Void> b = after(ev::await, "b", woke);
        TestLoop.waitAllBlocked();
        a.cancel();
        assertThrows(CancelledError.class, () -> await(a));
        assertEquals(new Event.Statistics(false, 1), ev.statistics());
        ev.set();
        await(b);
        assertEquals(List.of("b"), woke);
    }

    @AsyncioTest
    void timeoutAroundAwait(EventLoop loop) {
        Event ev = new Event();
        assertThrows(TimeoutError.class, () -> waitFor(() -> {
            ev.await();
            return null;
        }, 0.5));
        assertEquals(0.5, loop.time());
        assertEquals(new Event.Statistics(false, 0), ev.statistics());
        loop.callLater(1, ev::set);
        timeout(2, () -> {
            ev.await();
            return null;
        });
        assertEquals(1.5, loop.time());
    }

    @AsyncioTest
    void timeoutFiringInTheSameTurnAsSetStillRaises(EventLoop loop) {
        // The set() wakes the waiter, its deadline cancels it before it runs: asyncio raises the
        // TimeoutError (the wake-up is not owed to anybody), and the event stays set.
        Event ev = new Event();
        loop.callLater(0.5, ev::set);
        assertThrows(TimeoutError.class, () -> timeout(0.5, () -> {
            ev.await();
            return null;
        }));
        assertTrue(ev.isSet());
    }
}
