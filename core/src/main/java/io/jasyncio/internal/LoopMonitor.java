package io.jasyncio.internal;

import java.util.ArrayDeque;
import java.util.ServiceLoader;

/**
 * What a loop tells the tools attached to it (jasyncio-debug's watchdog and metrics, the testkit's seeded
 * scheduling): the kernel's one hook in its turn. A loop has a monitor in debug mode (when jasyncio-debug
 * is present) or when a test loop asks for one; without one, a turn reads one field and nothing else.
 * Every call comes on the loop's thread.
 */
public interface LoopMonitor {

    /**
     * A turn is about to run the {@code n} items at the head of {@code ready} (what became ready before the
     * turn). The monitor may reorder those {@code n} items, and only those.
     *
     * @param ready the loop's ready queue
     * @param n how many items at its head this turn runs
     */
    default void batch(ArrayDeque<Object> ready, int n) {
    }

    /**
     * An item of the turn starts on the loop's thread.
     *
     * @param item a {@code Task} (one step of it, until it suspends), a {@code Handle} (a callback or a
     *     timer), a task continuation the JDK queued (a {@code Runnable}: a first step, a {@code sleep(0)},
     *     or a wake-up from a JDK blocking call), or an I/O registration of the loop
     */
    void enter(Object item);

    /**
     * The item given to {@link #enter} returned (or threw).
     *
     * @param item the same item
     */
    void exit(Object item);

    /** Makes monitors; found with {@link ServiceLoader} (jasyncio-debug provides one). */
    interface Provider {
        /**
         * A loop was created; called for every loop, on the creating thread, in debug mode or not.
         *
         * @param loop the new loop ({@code io.jasyncio.EventLoop})
         * @param debug whether the loop is in debug mode
         * @return the loop's monitor, or null for none
         */
        LoopMonitor created(Object loop, boolean debug);

        /**
         * The provider on the class or module path, or null; looked up once per JVM.
         *
         * @return the provider, or null
         */
        static Provider find() {
            return Holder.PROVIDER;
        }
    }

    /** The lazy, once-per-JVM lookup of {@link Provider#find()}. */
    final class Holder {
        static final Provider PROVIDER = lookup();

        private Holder() {
        }

        private static Provider lookup() {
            try {
                return ServiceLoader.load(Provider.class, LoopMonitor.class.getClassLoader()).findFirst().orElse(null);
            } catch (java.util.ServiceConfigurationError e) {
                System.getLogger("io.jasyncio").log(System.Logger.Level.WARNING,
                        "jasyncio: the debug tools on the class path could not be loaded", e);
                return null;
            }
        }
    }
}
