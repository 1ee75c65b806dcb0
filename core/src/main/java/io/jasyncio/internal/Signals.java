package io.jasyncio.internal;

import java.util.function.BooleanSupplier;

/**
 * Ctrl+C handling through {@code sun.misc.Signal} (module jdk.unsupported), used only when present
 * and only on the JVM's main thread, as asyncio installs its SIGINT handler only there.
 */
public final class Signals {

    private Signals() {
    }

    /** Undoes a registration. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static final Registration NONE = () -> { };

    /**
     * While the returned registration is open, SIGINT calls {@code handler}; if it returns false, the
     * previous handler runs instead.
     */
    public static Registration onInterrupt(Thread caller, BooleanSupplier handler) {
        if (!"main".equals(caller.getName()) || Boolean.getBoolean("jasyncio.noSignalHandlers")) {
            return NONE;
        }
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
            previous[0] = sun.misc.Signal.handle(sig, s -> {
                if (!handler.getAsBoolean()) {
                    sun.misc.SignalHandler p = previous[0];
                    if (p == sun.misc.SignalHandler.SIG_DFL || p == sun.misc.SignalHandler.SIG_IGN || p == null) {
                        Runtime.getRuntime().exit(130);
                    } else {
                        p.handle(s);
                    }
                }
            });
            return () -> sun.misc.Signal.handle(sig, previous[0]);
        } catch (Throwable e) {
            return NONE; // no signal support here (or SIGINT is reserved): run without Ctrl+C handling
        }
    }
}
