package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

class GatherTest {

    @AsyncioTest
    void gatherOverlapsSleepsAndKeepsArgumentOrder(EventLoop loop) {
        List<String> r = gather(() -> sleep(2, "User"), () -> sleep(3, "Orders"), () -> sleep(1, "Notifications"));
        assertEquals(List.of("User", "Orders", "Notifications"), r);
        assertEquals(3.0, loop.time());
    }

    @AsyncioTest
    void anHourOfVirtualTimeIsInstant(EventLoop loop) {
        long t0 = System.nanoTime();
        sleep(3600);
        assertEquals(3600.0, loop.time());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @AsyncioTest
    void countdownsInterleaveAtEachSleep() {
        List<String> out = new ArrayList<>();
        gather(() -> countDown(out, "Task A", 3), () -> countDown(out, "Task B", 2));
        assertEquals(List.of("Task A: 3", "Task B: 2", "Task A: 2", "Task B: 1", "Task A: 1", "Task B: done!",
                "Task A: done!"), out);
    }

    private static Void countDown(List<String> out, String name, int seconds) {
        for (int i = seconds; i > 0; i--) {
            out.add(name + ": " + i);
            sleep(1);
        }
        out.add(name + ": done!");
        return null;
    }

    @AsyncioTest
    void firstErrorPropagatesAndOthersKeepRunning(EventLoop loop) {
        Steps steps = new Steps();
        Task<String> slow = createTask(() -> {
            sleep(2);
            steps.expect(2);
            return "slow";
        });
        RuntimeException e = assertThrows(RuntimeException.class, () -> gather(slow, () -> {
            sleep(0.1);
            throw new RuntimeException("oops");
        }));
        assertEquals("oops", e.getMessage());
        assertEquals(0.1, loop.time(), 1e-9);
        steps.expect(1);
        assertFalse(slow.done());
        assertEquals("slow", await(slow));
        steps.finish(3);
    }

    @AsyncioTest
    void returnExceptionsCollectsErrorsInOrder() {
        List<Object> r = gatherReturnExceptions(() -> "ok", () -> {
            throw new IllegalStateException("oops");
        });
        assertEquals("ok", r.get(0));
        assertInstanceOf(IllegalStateException.class, r.get(1));
        assertEquals("oops", ((Throwable) r.get(1)).getMessage());
    }

    @AsyncioTest
    void checkedExceptionsPropagateUnchanged() {
        Exception e = assertThrows(Exception.class, () -> await(createTask(() -> {
            throw new java.io.IOException("disk on fire");
        })));
        assertInstanceOf(java.io.IOException.class, e);
    }

    @AsyncioTest
    void cancellingTheGatherCancelsChildren() {
        Task<String> a = createTask(() -> sleep(10, "a"));
        Task<List<String>> outer = createTask(() -> gather(a, () -> sleep(10, "b")));
        sleep(1);
        outer.cancel();
        assertThrows(CancelledError.class, () -> await(outer));
        assertTrue(a.cancelled());
    }

    @AsyncioTest
    void theSameFutureTwiceIsAwaitedOnceAndReportedTwice() {
        Task<String> t = createTask(() -> sleep(1, "x"));
        assertEquals(List.of("x", "y", "x"), gather(t, () -> "y", t));
    }

    @AsyncioTest
    void emptyGatherReturnsEmptyList() {
        assertEquals(List.of(), gather());
    }

    @Test
    void leakedTaskFailsTheTest() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(() -> {
            createTask(() -> sleep(5, "forgotten"), "forgotten");
            return null;
        }));
        assertTrue(e.getMessage().contains("leaked tasks"), e.getMessage());
        assertTrue(e.getMessage().contains("forgotten"), e.getMessage());
    }

    @Test
    void unretrievedExceptionFailsTheTest() {
        AssertionError e = assertThrows(AssertionError.class, () -> TestLoop.run(() -> {
            createTask(() -> {
                throw new IllegalStateException("nobody looks at me");
            }, "lonely");
            sleep(1);
            return null;
        }));
        assertTrue(e.getMessage().contains("never retrieved"), e.getMessage());
        assertTrue(e.getMessage().contains("lonely"), e.getMessage());
    }
}
