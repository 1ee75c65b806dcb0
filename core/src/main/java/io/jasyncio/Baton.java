package io.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * The turn hand-over of the fallback engine ({@link io.jasyncio.internal.BatonEngine}): the loop
 * thread and a task's thread take turns, so that exactly one of them runs at any time, as on the main
 * engine. A task's {@code turn} field says who holds the turn; its volatile writes and reads order
 * everything each side did before handing over (happens-before), so the loop's structures stay
 * confined to "whoever holds the turn".
 *
 * <pre>
 *   loop: runTurn(t)    turn = TASK, unpark(task)   ... park until turn != TASK
 *   task: suspend(t)    turn = LOOP, unpark(loop)   ... park until turn == TASK
 *   task: finish(t)     turn = DONE, unpark(loop)   (the thread then ends)
 * </pre>
 */
final class Baton {

    static final int LOOP = 0;
    static final int TASK = 1;
    static final int DONE = 2;

    private Baton() {
    }

    /** Loop side: lets {@code t} run until it suspends or finishes. A finished task is skipped. */
    static void runTurn(EventLoop loop, Task<?> t) {
        if (t.turn == DONE) {
            return;
        }
        t.turn = TASK;
        LockSupport.unpark(t.thread);
        boolean interrupted = false;
        while (t.turn == TASK) {
            LockSupport.park(loop);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Task side: gives the turn back to the loop and waits for the next one. */
    static void suspend(Task<?> t) {
        Thread loopThread = t.loop.loopThread();
        t.turn = LOOP;
        LockSupport.unpark(loopThread);
        awaitTurn(t);
    }

    /** Task side: waits for the turn; an interrupt meanwhile is kept for the task to see afterwards. */
    static void awaitTurn(Task<?> t) {
        boolean interrupted = false;
        while (t.turn != TASK) {
            LockSupport.park(t);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Task side, last: the task is done; the loop goes on. */
    static void finish(Task<?> t) {
        Thread loopThread = t.loop.loopThread();
        t.turn = DONE;
        LockSupport.unpark(loopThread);
    }
}
