package io.jasyncio.internal;

import java.util.concurrent.Executor;

/**
 * How a coroutine is made runnable on a loop: the one seam between jasyncio and the JDK's
 * virtual-thread machinery (docs/adr/0001-engine.md, 0009-fallback-engine.md).
 *
 * <ul>
 * <li>{@link VirtualThreadEngine} (main): task threads are virtual threads whose scheduler is the loop.
 *     Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.</li>
 * <li>{@link BatonEngine} (fallback, public API only): task threads are virtual threads of the JDK's
 *     default scheduler, and a baton lets only the loop or one task run at a time.</li>
 * </ul>
 * The engine is chosen once per JVM: the main one when {@code java.lang} is open to jasyncio, unless
 * the system property {@code jasyncio.engine=fallback} asks for the fallback.
 */
public sealed interface Engine permits VirtualThreadEngine, BatonEngine {

    /**
     * Returns the builder of the loop's task threads. Called once per loop.
     *
     * @param scheduler the loop's executor (used by the main engine only)
     * @return a builder of unstarted virtual threads
     */
    Thread.Builder.OfVirtual builder(Executor scheduler);

    /**
     * Whether task turns are handed over with a baton (the fallback) rather than scheduled by the loop.
     *
     * @return true for the fallback engine
     */
    boolean baton();

    /**
     * A short name for diagnostics.
     *
     * @return the engine's name
     */
    String name();

    /**
     * The engine of this JVM, chosen on first use.
     *
     * @return the engine
     */
    static Engine get() {
        return Choice.ENGINE;
    }

    /** Lazy holder: the choice, and its one warning line, happen once. */
    final class Choice {
        static final Engine ENGINE = choose();

        private Choice() {
        }

        private static Engine choose() {
            String forced = System.getProperty("jasyncio.engine", "");
            if (forced.equals("fallback") || forced.equals("baton")) {
                return BatonEngine.INSTANCE;
            }
            if (VirtualThreadEngine.available()) {
                return VirtualThreadEngine.INSTANCE;
            }
            System.err.println("jasyncio: java.lang is not open to jasyncio, so it runs on its fallback engine "
                    + "(slower, and a JDK blocking call in a task stalls the loop); add the JVM flag "
                    + "--add-opens java.base/java.lang=ALL-UNNAMED");
            return BatonEngine.INSTANCE;
        }
    }
}
