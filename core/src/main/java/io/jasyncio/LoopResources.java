package io.jasyncio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the leaves keep per loop and release when it closes: loop-locals (one value per key and loop, made on
 * first use) and close hooks (run once, in order, by {@link EventLoop#close()}), both reached through the
 * seam ({@link io.jasyncio.internal.KernelAccess#loopLocal}, {@link io.jasyncio.internal.KernelAccess#onClose}).
 * A subprocess registry is the typical user: the loop itself knows nothing of child processes. Loop-confined.
 */
final class LoopResources {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private Map<Object, Object> locals;
    private List<Runnable> closeHooks;

    @SuppressWarnings("unchecked")
    <T> T local(Object key, Supplier<T> init) {
        if (locals == null) {
            locals = new HashMap<>();
        }
        return (T) locals.computeIfAbsent(key, k -> init.get());
    }

    void onClose(Runnable hook) {
        if (closeHooks == null) {
            closeHooks = new ArrayList<>();
        }
        closeHooks.add(Objects.requireNonNull(hook, "hook"));
    }

    /** Runs the close hooks (a failing one is logged, the others still run), then forgets everything. */
    void release(EventLoop loop) {
        if (closeHooks != null) {
            for (Runnable hook : closeHooks) {
                try {
                    hook.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "a close hook of " + loop + " failed", e);
                }
            }
        }
        closeHooks = null;
        locals = null;
    }
}
