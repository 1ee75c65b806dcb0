package io.jasyncio;

/**
 * How tasks run on a loop: the one place that knows the JDK's virtual-thread machinery
 * (docs/adr/0001-engine.md, 0009-fallback-engine.md). A strategy with two implementations, chosen once per
 * JVM into {@link #CURRENT}, a constant: every call below is then a direct, inlinable call, and no code
 * elsewhere branches on the engine.
 *
 * <ul>
 * <li>{@link VirtualThreadEngine} (main): task threads are virtual threads whose scheduler is the loop.
 *     Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (on the module path:
 *     {@code =io.jasyncio}).</li>
 * <li>{@link BatonEngine} (fallback, public API only): task threads are virtual threads of the JDK's
 *     default scheduler, and a baton lets only the loop or one task run at a time.</li>
 * </ul>
 * The main engine is chosen when {@code java.lang} is open to jasyncio, unless the system property
 * {@code jasyncio.engine=fallback} asks for the fallback.
 */
abstract sealed class Engine permits VirtualThreadEngine, BatonEngine {

    /** The engine of this JVM. */
    static final Engine CURRENT = choose();

    /**
     * Whether {@link #park} is a plain {@code LockSupport.park} (the main engine): {@code Task} then calls it
     * itself, a frame less under every parked stack (fewer bytes to freeze and thaw, smaller stack chunks).
     */
    static final boolean PARKS_DIRECTLY = CURRENT instanceof VirtualThreadEngine;

    /** The engine's name, as {@link EventLoop#engineName()} reports it. */
    abstract String name();

    /** The builder of a loop's task threads; {@code turn} is the loop's executor for continuations. */
    abstract Thread.Builder.OfVirtual builder(LoopTurn turn);

    /** What the thread of task {@code t} runs: its body, wrapped in whatever the engine needs. */
    abstract Runnable body(Task<?> t, Runnable runBody);

    /** Called right after the thread of {@code t} started (on the loop's thread). */
    abstract void started(Task<?> t);

    /**
     * Starts the thread of {@code t} so that its first step runs at once, inside this call, if the caller is
     * the loop's own thread outside any task (asyncio's {@code eager_start}); else as {@link Task#start}.
     */
    abstract void startEagerly(LoopTurn turn, Task<?> t);

    /** Parks task {@code t} (the current one) until something wakes it; may return spuriously. */
    abstract void park(Task<?> t, Object blocker);

    /** Puts task {@code t} (the current one) at the tail of the ready queue and waits for that turn. */
    abstract void yieldTurn(Task<?> t);

    /** Resumes task {@code t}, whose wake-up reached its turn in the ready queue (on the loop's thread). */
    abstract void resume(LoopTurn turn, Task<?> t);

    /**
     * Runs {@code turns}, the loop's turns until it stops, on the thread this engine wants the loop on;
     * returns when they end and rethrows what they throw. Called by {@link EventLoop#runForever()}.
     */
    abstract void runLoop(Runnable turns);

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
                + openFlag());
        return BatonEngine.INSTANCE;
    }

    /** The flag that opens {@code java.lang} to jasyncio, as this program runs it (class path or module path). */
    static String openFlag() {
        Module m = Engine.class.getModule();
        return "--add-opens java.base/java.lang=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }
}
