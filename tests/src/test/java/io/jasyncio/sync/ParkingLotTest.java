package io.jasyncio.sync;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.Recording.after;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;

/** The fair wait queue under the synchronization primitives: order, counts, cancellation, lost wake-ups. */
class ParkingLotTest {

    private int lost;
    private final ParkingLot lot = new ParkingLot("<lot>", l -> lost++);

    /** A task that parks once in {@link #lot} and then records its name. */
    private Task<Void> parked(String name, List<String> woke) {
        return after(() -> lot.park(lot.bind("park()")), name, woke);
    }

    @AsyncioTest
    void unparkWakesInArrivalOrder() {
        List<String> woke = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            tasks.add(parked(name, woke));
            TestLoop.waitAllBlocked(); // a parks first, then b, then c
        }
        assertEquals(3, lot.waiting());
        assertEquals(2, lot.unpark(2));
        assertEquals(1, lot.waiting());
        assertTrue(lot.occupied());
        TestLoop.waitAllBlocked();
        assertEquals(List.of("a", "b"), woke);
        assertEquals(1, lot.unparkAll());
        assertEquals(0, lot.unpark(5)); // nobody left
        gather(tasks);
        assertEquals(List.of("a", "b", "c"), woke);
        assertFalse(lot.occupied());
        assertEquals(0, lost);
    }

    @AsyncioTest
    void unparkedTaskOccupiesTheLotUntilItResumes() {
        Task<Void> t = parked("a", new ArrayList<>());
        TestLoop.waitAllBlocked();
        lot.unpark(1);
        assertEquals(0, lot.waiting());
        assertTrue(lot.occupied()); // woken, not yet run: a lock would make newcomers queue behind it
        await(t);
        assertFalse(lot.occupied());
    }

    @AsyncioTest
    void cancelledWaiterLeavesTheQueueAtOnceAndUnparkSkipsIt() {
        List<String> woke = new ArrayList<>();
        Task<Void> a = parked("a", woke);
        Task<Void> b = parked("b", woke);
        TestLoop.waitAllBlocked();
        a.cancel();
        assertEquals(1, lot.waiting()); // before a even ran
        assertEquals(1, lot.unpark(1)); // goes to b
        assertThrows(CancelledError.class, () -> await(a));
        await(b);
        assertEquals(List.of("b"), woke);
        assertEquals(0, lost); // a was never woken: nothing to pass on
        assertFalse(lot.occupied());
    }

    @AsyncioTest
    void wakeUpLostToACancellationIsRelayedOnce() {
        List<String> woke = new ArrayList<>();
        Task<Void> a = parked("a", woke);
        Task<Void> b = parked("b", woke);
        TestLoop.waitAllBlocked();
        lot.unpark(1); // wakes a ...
        a.cancel(); // ... which is cancelled before it runs
        assertThrows(CancelledError.class, () -> await(a));
        assertEquals(1, lost);
        assertEquals(1, lot.waiting()); // the handler here only counts: b still waits
        assertEquals(1, lot.unpark(1));
        await(b);
        assertEquals(List.of("b"), woke);
        assertFalse(lot.occupied());
    }

    @AsyncioTest
    void taskCancelledBeforeItParksLeavesNoTrace() {
        Task<Void> a = parked("a", new ArrayList<>());
        a.cancel(); // not started yet: the cancellation is delivered at the park
        assertThrows(CancelledError.class, () -> await(a));
        assertEquals(0, lot.waiting());
        assertFalse(lot.occupied());
        assertEquals(0, lost);
    }

    @AsyncioTest
    void describeCountsTheWaiters() {
        assertEquals("<String [idle]>", lot.describe("idle"));
        Task<Void> a = parked("a", new ArrayList<>());
        TestLoop.waitAllBlocked();
        assertEquals("<String [idle, waiters:1]>", lot.describe("idle"));
        lot.unparkAll();
        await(a);
    }

    @Test
    void parkingOutsideATaskOrFromTwoLoopsFailsClearly() {
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> lot.bind("Lock.acquire()"));
        assertTrue(outside.getMessage().startsWith("Lock.acquire() must be called from a task"), outside.getMessage());
        TestLoop.run(() -> lot.bind("x"));
        String msg = TestLoop.run(() -> assertThrows(IllegalStateException.class, () -> lot.bind("Lock.acquire()"))
                .getMessage());
        assertTrue(msg.startsWith("<lot> is bound to a different event loop"), msg);
    }
}
