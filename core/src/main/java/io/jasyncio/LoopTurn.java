package io.jasyncio;

import io.jasyncio.internal.LoopMonitor;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The turns of one {@link EventLoop}, with the state they work on: running them until a stop
 * ({@link #runForever}), the only place callbacks run (CPython's {@code _run_once}), the wait between turns,
 * and how task continuations and wake-ups enter the ready queue.
 * {@code EventLoop} is the public API and delegates here; this class is its engine room. Loop-confined, except
 * {@link #schedule} and the {@link #inbox}, which any thread may use.
 *
 * <h2>One turn ({@link #runOnce})</h2>
 * <ol>
 * <li>Move the work other threads handed over (the inbox) to the tail of the ready queue.</li>
 * <li>If nothing is ready and no stop is asked: wait until the next timer is due, an I/O event, or a wake-up
 *     from another thread (on a virtual clock: {@link VirtualClock#idle} decides, usually by jumping time);
 *     otherwise poll the selector without waiting, as asyncio does every turn.</li>
 * <li>Move the timers that are due to the ready queue, in deadline order (FIFO among equal deadlines).</li>
 * <li>Run exactly the items that are ready now, FIFO; what they schedule runs in the next turn. An item is a
 *     {@link Handle} (a callback), a task's {@link Task.Binding} (its wake-up), an I/O registration that is
 *     ready, or a raw continuation the JDK submitted.</li>
 * </ol>
 */
final class LoopTurn {

    private final EventLoop loop;
    /** What runs in this turn or the next, FIFO: the four kinds of item listed in the class comment. */
    final ArrayDeque<Object> ready = new ArrayDeque<>(1024);
    /** Work from other threads: {@link Handle}s of {@code callSoonThreadsafe}, and task continuations. */
    final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    final TimerQueue timers = new TimerQueue();
    /** How the loop waits: selector or park, and the coalesced wake-up. */
    final IoDriver io;
    /** Set by {@code stop()}: finish this turn, then leave {@code runForever}. */
    boolean stopping;
    /**
     * Outside work (threads, CompletableFutures, child processes) the loop waits for: while there is any, a
     * virtual clock waits for real instead of jumping.
     */
    int outsideWork;
    /** The debugging tools' monitor (debug mode, seeded test scheduling), or null: read once per turn. */
    LoopMonitor monitor;
    /**
     * What an interrupt of the loop's own thread does (it would otherwise make every wait return at once: a
     * spinning loop). {@code Runner} cancels its main task; with none, the loop stops. The interrupt status is
     * given back to the thread when the loop stops, so the caller of {@code runForever} still sees it. (An
     * interrupt that arrives while a task's virtual thread is mounted on the loop's thread is cleared by the JDK
     * when the task unmounts; the loop sees those that find it waiting.)
     */
    Runnable onInterrupt;
    /** The loop's thread was interrupted while the loop ran: re-assert it when the loop stops. */
    boolean interrupted;
    /** Set while {@link #unparkInline} unparks a task: its continuation then runs inline in {@link #schedule}. */
    private boolean runInline;

    LoopTurn(EventLoop loop) {
        this.loop = loop;
        this.io = new IoDriver(loop, ready);
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
            ready.addLast(continuation);
        } else {
            inbox.offer(continuation);
            io.wakeup();
        }
    }

    void resume(Task.Binding b) {
        Engine.CURRENT.resume(this, b.task);
    }

    /**
     * Unparks {@code thread}, a task parked on the main engine, so that its continuation runs right here: the
     * JDK submits the continuation to {@link #schedule} from inside {@code unpark}, on this thread, and
     * {@code runInline} tells {@code schedule} to run it instead of queueing it (one trip through the ready
     * queue instead of two). If the thread was not parked, nothing is submitted and the flag is cleared, so a
     * later submit from elsewhere is queued as usual. Only the loop's thread sets the flag, and only around
     * this one call, so no other submit can see it.
     */
    void unparkInline(Thread thread) {
        runInline = true;
        LockSupport.unpark(thread);
        runInline = false;
    }

    /**
     * Starts {@code thread}, a new task's, so that its first step runs right here, as {@link #unparkInline}
     * does for a wake-up: {@code Thread.start} submits the first step to {@link #schedule} on this thread.
     * The caller is the loop's thread, outside any task.
     */
    void startInline(Thread thread) {
        runInline = true;
        try {
            thread.start();
        } finally {
            runInline = false;
        }
    }

    /**
     * {@link EventLoop#runForever()} on an open loop: checks that it can run here, then runs the turns until
     * {@code stop()} on the thread the engine chooses for the loop.
     */
    void runForever() {
        if (loop.thread != null) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (Task.currentOrNull() != null) {
            throw new IllegalStateException("an event loop must run on a platform thread, not on a virtual thread"
                    + " (this is a task: await instead of starting a loop)");
        }
        if (EventLoop.RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
        Engine.CURRENT.runLoop(this::runTurns);
    }

    /** {@link EventLoop#runUntilComplete} once its argument is a future: the turns until {@code future} is done. */
    <T> T runUntilComplete(Future<T> future) {
        if (future.loop != loop) {
            throw new IllegalArgumentException("the future belongs to a different loop");
        }
        Future.Listener stopper = f -> loop.stop();
        future.addInternalListener(stopper);
        try {
            loop.runForever();
        } finally {
            future.removeInternalListener(stopper);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    /** The turns until {@code stop()}, on the thread the engine chose for the loop. */
    private void runTurns() {
        EventLoop loop = this.loop;
        loop.thread = Thread.currentThread();
        EventLoop.RUNNING.set(loop);
        loop.contextSlot = Context.slotOfCurrentThread();
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            if (interrupted) {
                interrupted = false;
                Thread.currentThread().interrupt(); // consumed to stop spinning: the caller gets it back
            }
            EventLoop.RUNNING.remove();
            loop.contextSlot = null;
            loop.thread = null;
        }
    }

    /** One turn of the loop; the one place where callbacks run. The steps are numbered in the class comment. */
    void runOnce() {
        drainInbox(); // 1
        boolean waited = false;
        if (ready.isEmpty() && !stopping) { // 2
            TimerHandle next = timers.peekLive();
            long timeout = next == null ? -1 : Math.max(0, next.when - loop.nanoTime());
            if (timeout != 0) {
                VirtualClock clock = loop.virtualClock;
                if (clock != null) {
                    clock.idle(this, next);
                } else {
                    io.await(timeout);
                }
                if (Thread.interrupted()) {
                    threadInterrupted();
                }
                drainInbox();
                waited = true;
            }
        }
        if (!waited) {
            io.pollNow(); // asyncio polls its selector every turn, with timeout 0 when work is ready
        }
        if (!timers.isEmpty()) { // 3
            timers.moveDue(loop.nanoTime(), ready);
        }
        // 4: only what is ready now; what these schedule runs in the next turn.
        int n = ready.size();
        LoopMonitor m = monitor; // the debugging tools' one hook: null unless debug mode or a seeded test loop
        if (m != null) {
            runMonitored(m, n);
            return;
        }
        for (; n > 0; n--) {
            run(ready.pollFirst());
        }
    }

    private void run(Object o) {
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

    /** Step 4 with a monitor: it may reorder the batch, and sees each item start and end. */
    private void runMonitored(LoopMonitor m, int n) {
        m.batch(ready, n);
        for (; n > 0; n--) {
            Object o = ready.pollFirst();
            Object item = o instanceof Task.Binding b ? b.task : o;
            m.enter(item);
            try {
                run(o);
            } finally {
                m.exit(item);
            }
        }
    }

    /** See {@link #onInterrupt}: consumes the interrupt, so that the next wait waits again. */
    private void threadInterrupted() {
        interrupted = true;
        Runnable r = onInterrupt;
        if (r != null) {
            r.run();
        } else {
            stopping = true;
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

    /** See {@link TaskList#anyBlockedElsewhere}: for the virtual clock's deadlock check. */
    boolean taskBlockedElsewhere() {
        return loop.tasks.anyBlockedElsewhere();
    }

    private void drainInbox() {
        Object o;
        while ((o = inbox.poll()) != null) {
            ready.addLast(o);
        }
    }

    /** Whether work was handed over from other threads, or a stop requested: then do not wait. */
    boolean hasHandedOverWork() {
        return !inbox.isEmpty() || stopping;
    }

    /** Ready items, handed-over work and due timers: 0 means every task is blocked. */
    int readyCount() {
        int n = ready.size() + inbox.size();
        TimerHandle next = timers.peekLive();
        if (next != null && next.when <= loop.nanoTime()) {
            n++;
        }
        return n;
    }

    /**
     * A callback of {@code callSoonThreadsafe} that must learn when {@code close()} drops it, because another
     * thread waits for it ({@code Asyncio.runCoroutineThreadsafe}).
     */
    interface Droppable {
        /** Called on the closing loop's thread, instead of running. */
        void dropped();
    }

    /**
     * Empties the queues at close, telling droppable callbacks they will never run. A callback another thread
     * offers after this sees the loop closed (it is marked first) and handles it there.
     */
    void dropAll() {
        drop(ready);
        drop(inbox);
        io.close();
    }

    private static void drop(java.util.Queue<Object> q) {
        Object o;
        while ((o = q.poll()) != null) {
            if (o instanceof Handle h && h.callback instanceof Droppable d) {
                d.dropped();
            }
        }
    }
}
