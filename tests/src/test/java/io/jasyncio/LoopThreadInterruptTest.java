package io.jasyncio;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import io.jasyncio.fixtures.RealTime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An interrupt of the thread that runs a loop (a JUnit {@code @Timeout}, an executor's {@code shutdownNow})
 * ends the loop instead of making every wait return at once (a loop spinning at 100 % CPU): under
 * {@code run} it cancels the main task, and the thread gets its interrupt status back afterwards. The tests
 * interrupt the loop's thread while it waits: an interrupt that arrives while a task's virtual thread is mounted on
 * it is cleared by the JDK when the task unmounts (the carrier takes the virtual thread's interrupt status), so it
 * is not seen; the case that matters, a loop blocked waiting, is the one that used to spin.
 */
@Tag("realtime")
class LoopThreadInterruptTest {

    /**
     * Once the loop on {@code t} has started and waits (parked for the next timer), interrupts {@code t} and
     * checks that it ends.
     */
    private static void interruptWhileWaiting(Thread t, CompletableFuture<Void> started, String what) throws Exception {
        started.get(RealTime.BOUND, SECONDS);
        for (int i = 0; t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING; i++) {
            assertTrue(i < RealTime.BOUND * 1000, "the loop never waited");
            Thread.sleep(1);
        }
        t.interrupt();
        t.join(RealTime.BOUND * 1000);
        assertFalse(t.isAlive(), what + " did not end after the interrupt");
    }

    @Test
    void interruptingTheThreadOfRunCancelsTheMainTaskAndKeepsTheInterrupt() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Asyncio.run(() -> {
                    started.complete(null);
                    Asyncio.sleep(3600);
                    return null;
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        interruptWhileWaiting(t, started, "run()");
        assertInstanceOf(CancelledError.class, thrown.get());
        assertEquals("the loop's thread was interrupted", thrown.get().getMessage());
        assertTrue(stillInterrupted.get(), "the thread's interrupt status is given back");
    }

    @Test
    void interruptingTheThreadOfRunForeverStopsTheLoop() throws Exception {
        EventLoop loop = EventLoop.newEventLoop();
        CompletableFuture<Void> started = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            loop.callSoon(() -> started.complete(null));
            loop.callLater(3600, () -> { });
            loop.runForever();
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        interruptWhileWaiting(t, started, "runForever()");
        assertTrue(stillInterrupted.get());
        loop.close();
    }

    @Test
    void interruptingTheThreadWhileItWaitsForIoStopsTheLoop() throws Exception {
        // With a channel registered the loop waits in its I/O backend (epoll_wait or a selector), not parked.
        org.junit.jupiter.api.Assumptions.assumeTrue(EventLoop.engineName().equals("virtual-thread-on-loop"),
                "the fallback engine runs the loop on a virtual thread of its own, not on the interrupted one");
        EventLoop loop = EventLoop.newEventLoop();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        pipe.source().configureBlocking(false);
        CompletableFuture<Void> started = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            loop.callSoon(() -> {
                try {
                    loop.io.register(pipe.source(), java.nio.channels.SelectionKey.OP_READ, ops -> { });
                } catch (java.io.IOException e) {
                    started.completeExceptionally(e);
                    return;
                }
                started.complete(null);
            });
            loop.callLater(3600, () -> { });
            loop.runForever();
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        started.get(RealTime.BOUND, SECONDS);
        // In native code the thread is RUNNABLE: wait for the wait's frame instead of a thread state.
        for (int i = 0; !java.util.Arrays.stream(t.getStackTrace()).anyMatch(f ->
                f.getClassName().equals("io.jasyncio.IoDriver") && f.getMethodName().equals("await")); i++) {
            assertTrue(i < RealTime.BOUND * 1000, "the loop never waited for I/O");
            Thread.sleep(1);
        }
        Thread.sleep(20); // from the frame to the system call itself: an interrupt before it is kept anyway
        t.interrupt();
        t.join(RealTime.BOUND * 1000);
        assertFalse(t.isAlive(), "runForever() did not end after the interrupt");
        assertTrue(stillInterrupted.get());
        loop.close();
        pipe.source().close();
        pipe.sink().close();
    }
}
