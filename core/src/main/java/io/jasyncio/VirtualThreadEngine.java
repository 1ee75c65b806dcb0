package io.jasyncio;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The main engine: a coroutine is a virtual thread whose scheduler is the event loop itself, built
 * through the JDK's package-private {@code VirtualThreadBuilder(Executor)} constructor. Needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or the module name when on the module path).
 *
 * <p>Sharp edge 1 of docs/engine.md: the JDK's socket pollers are virtual threads started lazily by the
 * first blocking socket call, and they inherit the scheduler of the thread that starts them. We
 * initialize {@code sun.nio.ch.Poller} here, from whichever platform thread first touches the engine,
 * so that the pollers never bind to a loop.
 */
final class VirtualThreadEngine extends Engine {

    static final VirtualThreadEngine INSTANCE = new VirtualThreadEngine();

    private static final MethodHandle NEW_BUILDER;
    private static final Throwable UNAVAILABLE;

    static {
        MethodHandle mh = null;
        Throwable failure = null;
        try {
            Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            var lookup = MethodHandles.privateLookupIn(builderClass, MethodHandles.lookup());
            mh = lookup.findConstructor(builderClass, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = e;
        }
        NEW_BUILDER = mh;
        UNAVAILABLE = failure;
        initPollers();
    }

    private VirtualThreadEngine() {}

    /** Whether {@code java.lang} is open to us, so that this engine can work. */
    static boolean available() {
        return NEW_BUILDER != null;
    }

    private static void initPollers() {
        if (Thread.currentThread().isVirtual()) {
            // Started from a virtual thread: do it from a fresh platform thread instead.
            Thread t = Thread.ofPlatform().daemon().name("jasyncio-poller-init").start(VirtualThreadEngine::loadPoller);
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            loadPoller();
        }
    }

    private static void loadPoller() {
        // The socket pollers (sharp edge 1), and the virtual-thread JFR event classes: if C2 compiles
        // VirtualThread.run before any virtual thread has ended, the end-event class is still unloaded
        // and every parked task deoptimizes once when it finishes (docs/engine.md sharp edge 5; measured:
        // ~84k traps in the first W1 run).
        for (String name : new String[] {"sun.nio.ch.Poller", "jdk.internal.event.VirtualThreadStartEvent",
                "jdk.internal.event.VirtualThreadEndEvent"}) {
            try {
                Class.forName(name, true, null);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // Not present in this JDK build: nothing to prepare.
            }
        }
    }

    @Override
    Thread.Builder.OfVirtual builder(LoopTurn turn) {
        if (NEW_BUILDER == null) {
            throw new IllegalStateException("jasyncio's main engine needs " + openFlag(), UNAVAILABLE);
        }
        try {
            return (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact((Executor) turn::schedule);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a virtual thread builder", t);
        }
    }

    @Override
    void runLoop(Runnable turns) {
        // The loop thread is the tasks' scheduler: it must be a platform thread.
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("an event loop must run on a platform thread, not on a virtual thread");
        }
        turns.run();
    }

    @Override
    Runnable body(Task<?> t, Runnable runBody) {
        return runBody;
    }

    @Override
    void started(Task<?> t) {
        // Its first step is already on the loop's ready queue: the JDK submitted it to the loop.
    }

    @Override
    void startEagerly(LoopTurn turn, Task<?> t) {
        if (Thread.currentThread() != t.loop.loopThread()) {
            t.start(); // from a task (itself mounted on the loop's thread) or another thread: no nesting
        } else {
            turn.startInline(t.thread); // the JDK submits the first step to LoopTurn.schedule, which runs it here
        }
    }

    @Override
    void park(Task<?> t, Object blocker) {
        LockSupport.park(blocker);
    }

    @Override
    void yieldTurn(Task<?> t) {
        Thread.yield(); // the JDK re-submits a yielding virtual thread to its scheduler: the loop's tail
    }

    @Override
    void resume(LoopTurn turn, Task<?> t) {
        turn.unparkInline(t.thread);
    }

    @Override
    String name() {
        return "virtual-thread-on-loop";
    }
}
