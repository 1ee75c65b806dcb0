package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.util.concurrent.locks.LockSupport;

/**
 * The fallback engine: public API only, no JVM flag. Each task is a virtual thread of the JDK's default
 * scheduler; the loop hands the turn to one task at a time and waits until the task hands it back at its next
 * suspension point. A JDK blocking call inside a task keeps the turn, so it stalls the loop, as a blocking call
 * does in Python's asyncio (docs/adr/0009-fallback-engine.md).
 *
 * <h2>The baton</h2>
 * The loop thread and a task's thread take turns, so that exactly one of them runs at any time, as on the main
 * engine. A task's {@code turn} field says who holds the turn; its volatile writes and reads order everything
 * each side did before handing over (happens-before), so the loop's structures stay confined to "whoever holds
 * the turn".
 *
 * <pre>
 *   loop: resume(t)      turn = TASK, unpark(task)   ... park until turn != TASK
 *   task: park(t)        turn = LOOP, unpark(loop)   ... park until turn == TASK
 *   task: body ends      turn = DONE, unpark(loop)   (the thread then ends)
 * </pre>
 */
final class BatonEngine extends Engine {

    static final BatonEngine INSTANCE = new BatonEngine();

    /** Values of {@code Task.turn}. */
    static final int LOOP = 0;
    static final int TASK = 1;
    static final int DONE = 2;

    private BatonEngine() {
    }

    @Override
    String name() {
        return "baton-fallback";
    }

    @Override
    Thread.Builder.OfVirtual builder(LoopTurn turn) {
        return Thread.ofVirtual();
    }

    /**
     * Runs the loop on a virtual thread of the JDK's default scheduler, beside its tasks (or on the
     * caller's thread if that is already virtual). A turn handed between two virtual threads stays on
     * one carrier thread: a queue push and a park. Between a platform loop thread and a task's carrier
     * thread every hand-over was an OS wake-up, two per task switch: 25-34 us per round trip against
     * 0.5-1.2 us (docs/adr/0023-kernel-speed.md). The caller waits for the loop; an interrupt of the
     * caller is passed on to it.
     */
    @Override
    void runLoop(Runnable turns) {
        if (Thread.currentThread().isVirtual()) {
            turns.run();
            return;
        }
        Throwable[] failure = new Throwable[1];
        Thread vt = Thread.ofVirtual().name("jasyncio-loop").unstarted(() -> {
            try {
                turns.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        vt.start();
        boolean interrupted = false;
        while (true) {
            try {
                vt.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                vt.interrupt(); // the loop's thread is interrupted: the loop reacts as on the main engine
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // and the caller keeps its interrupt status, as there
        }
        if (failure[0] != null) {
            throw Throw.sneaky(failure[0]);
        }
    }

    @Override
    Runnable body(Task<?> t, Runnable runBody) {
        return () -> { // wait for the first turn, run, hand the turn back for good
            awaitTurn(t);
            try {
                runBody.run();
            } finally {
                Thread loopThread = t.loop.loopThread();
                t.turn = DONE;
                LockSupport.unpark(loopThread);
            }
        };
    }

    @Override
    void started(Task<?> t) {
        t.loop.scheduleWakeup(t.binding); // its first turn, in the next turn of the loop
    }

    @Override
    void startEagerly(LoopTurn turn, Task<?> t) {
        t.start(); // the baton's hand-over has no inline form: the first step waits for the next turn
    }

    @Override
    void park(Task<?> t, Object blocker) {
        Thread loopThread = t.loop.loopThread();
        t.turn = LOOP;
        LockSupport.unpark(loopThread);
        awaitTurn(t);
    }

    @Override
    void yieldTurn(Task<?> t) {
        t.loop.scheduleWakeup(t.binding);
        park(t, t);
    }

    @Override
    void resume(LoopTurn turn, Task<?> t) {
        if (t.turn == DONE) {
            return;
        }
        t.turn = TASK;
        LockSupport.unpark(t.thread);
        boolean interrupted = false;
        while (t.turn == TASK) {
            LockSupport.park(t.loop);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTurn(Task<?> t) {
        boolean interrupted = false;
        while (t.turn != TASK) {
            LockSupport.park(t);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // keep it for the task: a cancellation may be behind it
        }
    }
}
