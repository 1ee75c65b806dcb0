package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopMonitor;

/**
 * Found by the kernel with {@link java.util.ServiceLoader}: every loop is registered (for
 * {@code ./jasyncio ps}), and a loop in debug mode gets a {@link LoopDebug} watched by the
 * {@link Watchdog}.
 */
public final class DebugProvider implements LoopMonitor.Provider {

    /** Created by the service loader. */
    public DebugProvider() {
    }

    @Override
    public LoopMonitor created(Object loop, boolean debug) {
        EventLoop l = (EventLoop) loop;
        Debug.register(l);
        if (!debug) {
            return null;
        }
        LoopDebug d = new LoopDebug(l);
        Debug.attached(d);
        Watchdog.watch(d);
        return d;
    }
}
