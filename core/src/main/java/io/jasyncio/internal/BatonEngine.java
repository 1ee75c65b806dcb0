package io.jasyncio.internal;

import java.util.concurrent.Executor;

/**
 * The fallback engine: public API only, no JVM flag. Each task is a virtual thread of the JDK's
 * default scheduler; the loop hands the turn to one task at a time and waits until the task hands it
 * back at its next suspension point (io.jasyncio.Baton). A JDK blocking call inside a task keeps the
 * turn, so it stalls the loop, as a blocking call does in Python's asyncio.
 */
public final class BatonEngine implements Engine {

    static final BatonEngine INSTANCE = new BatonEngine();

    private BatonEngine() {
    }

    @Override
    public Thread.Builder.OfVirtual builder(Executor scheduler) {
        return Thread.ofVirtual();
    }

    @Override
    public boolean baton() {
        return true;
    }

    @Override
    public String name() {
        return "baton-fallback";
    }
}
