package io.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * The turns of one {@link EventLoop}: the only place callbacks run (CPython's {@code _run_once}), the
 * wait between turns, and how task continuations and wake-ups enter the ready queue. The state it works
 * on (ready queue, timers, inbox, I/O driver, clock) belongs to the loop; this class is its engine room,
 * kept apart so that the loop's class holds its public API. Loop-confined, except {@link #schedule},
 * which the JDK may call from any thread.
 */
final class LoopTurn {

    private final EventLoop loop;
    /** Set while {@link #resume} unparks a task: its continuation then runs inline in {@link #schedule}. */
    private boolean runInline;

    LoopTurn(EventLoop loop) {
        this.loop = loop;
    }

    /** The executor the engine gives continuations to: the loop's thread runs them. Never blocks. */
    void schedule(Runnable continuation) {
        if (runInline) {
            runInline = false;
            if (Thread.currentThread() == loop.thread) {
                continuation.run(); // a wake-up reached its turn: the task resumes right here
                return;
            }
        }
        if (loop.inLoop()) {
            loop.ready.addLast(continuation);
        } else {
            loop.inbox.offer(continuation);
            loop.wakeup();
        }
    }

    void resume(Task.Binding b) {
        if (loop.baton) {
            Baton.runTurn(loop, b.task);
            return;
        }
        runInline = true;
        LockSupport.unpark(b.task.thread);
        runInline = false; // the thread was not parked (nothing was submitted): never run inline later
    }

    /** One turn of the loop; the one place where callbacks run. */
    void runOnce() {
        drainInbox();
        boolean waited = false;
        if (loop.ready.isEmpty() && !loop.stopping) {
            TimerHandle next = loop.timers.peekLive();
            long timeout = next == null ? -1 : Math.max(0, next.when - loop.nanoTime());
            if (timeout != 0) {
                block(timeout, next);
                drainInbox();
                waited = true;
            }
        }
        if (!waited) {
            loop.io.pollNow(); // asyncio polls its selector every turn, with timeout 0 when work is ready
        }
        if (!loop.timers.isEmpty()) {
            loop.timers.moveDue(loop.nanoTime(), loop.ready);
        }
        // Run only what is ready now; what these schedule runs in the next turn.
        for (int n = loop.ready.size(); n > 0; n--) {
            Object o = loop.ready.pollFirst();
            if (o instanceof Handle h) {
                h.run(loop);
            } else if (o instanceof Task.Binding b) {
                resume(b);
            } else if (o instanceof IoDriver.Registration r) {
                runIo(r);
            } else {
                ((Runnable) o).run();
            }
        }
    }

    private void runIo(IoDriver.Registration r) {
        r.queued = false;
        try {
            r.handle.onReady(r.readyOps);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            loop.callExceptionHandler(new ErrorContext("Exception in I/O callback of " + r.handle, t, null, null));
        }
    }

    private void drainInbox() {
        Object o;
        while ((o = loop.inbox.poll()) != null) {
            loop.ready.addLast(o);
        }
    }

    /**
     * A callback of {@link #callSoonThreadsafe} that must learn when {@link #close()} drops it, because
     * another thread waits for it ({@code Asyncio.runCoroutineThreadsafe}).
     */
    interface Droppable {
        /** Called on the closing loop.thread, instead of running. */
        void dropped();
    }

    /**
     * Empties {@code q} at close, telling droppable callbacks they will never run. A callback another
     * thread offers after this sees {@code closed} set (it is set first) and handles it there.
     */
    static void drop(java.util.Queue<Object> q) {
        Object o;
        while ((o = q.poll()) != null) {
            if (o instanceof Handle h && h.callback instanceof Droppable d) {
                d.dropped();
            }
        }
    }

    /**
     * Waits until the next timer is due ({@code timeout} nanoseconds, -1: no timer), an I/O event, or
     * work handed over by another thread. On a virtual clock, time jumps to the next timer instead,
     * unless outside work is pending (then the loop waits for it for real) or channels are registered
     * (then real I/O gets a short grace period first, like trio's autojump threshold).
     */
    private void block(long timeout, TimerHandle next) {
        if (loop.virtualClock != null && loop.externalPending == 0) {
            if (!loop.inbox.isEmpty()) {
                return;
            }
            if (loop.io.hasChannels()) {
                if (loop.io.await(next == null ? -1 : EventLoop.VIRTUAL_IO_GRACE_NANOS) || next == null) {
                    return;
                }
            } else if (next == null) {
                throw new IllegalStateException("deadlock on a virtual-clock loop: every task is blocked and "
                        + "nothing can wake them (no timer, no I/O, no outside work pending; a task parked in a JDK "
                        + "blocking call such as Thread.sleep is invisible to virtual time: test it on a real-clock loop)");
            }
            if (loop.inbox.isEmpty()) {
                loop.virtualClock.advanceTo(next.when);
            }
            return;
        }
        loop.io.await(loop.virtualClock != null ? -1 : timeout);
    }
}
