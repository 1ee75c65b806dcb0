package io.jasyncio.internal;

import java.util.concurrent.Executor;

/**
 * How a coroutine is made runnable on a loop: the one small seam between jasyncio and the JDK's
 * virtual-thread machinery (docs/adr/0001-engine.md). Parking and unparking are plain
 * {@link java.util.concurrent.locks.LockSupport} calls on the thread this engine made; only thread
 * creation differs between engines.
 */
public sealed interface Engine permits VirtualThreadEngine {

    /**
     * Returns a factory of unstarted threads, each running one coroutine whose continuation is
     * scheduled on {@code scheduler} (the loop). Called once per loop.
     */
    Thread.Builder.OfVirtual builder(Executor scheduler);

    /** A short name for diagnostics: which engine is in use. */
    String name();

    /** The engine this JVM supports, chosen once. */
    static Engine get() {
        return VirtualThreadEngine.INSTANCE;
    }
}
