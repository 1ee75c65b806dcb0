package io.jasyncio.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR events of debug mode, recorded when a JFR recording runs ({@code -XX:StartFlightRecording}
 * or {@code jcmd PID JFR.start}): {@code io.jasyncio.SlowCallback} for each item that held a loop past
 * its threshold, {@code io.jasyncio.BlockedLoop} for each watchdog report. Without the
 * {@code jdk.jfr} module nothing is recorded.
 */
final class JfrEvents {

    private static final boolean JFR = classPresent();
    private static final java.util.Queue<Runnable> PENDING = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private JfrEvents() {
    }

    private static boolean classPresent() {
        try {
            Class.forName("jdk.jfr.Event");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loads and registers the event classes now. */
    static void warmUp() {
        if (JFR) {
            Events.warmUp();
        }
    }

    static void slowCallback(String loop, String what, long nanos) {
        if (JFR) {
            PENDING.offer(() -> Events.slow(loop, what, nanos));
            Watchdog.wake();
        }
    }

    static void blockedLoop(BlockedLoopReport r) {
        if (JFR) {
            PENDING.offer(() -> Events.blocked(r));
            Watchdog.wake();
        }
    }

    /**
     * Commits the events queued since the last call; the watchdog's thread calls it. Events are not
     * committed on a loop's thread: there, the first commit after a virtual thread unmounts from it was
     * seen lost (JDK 25), and the loop's thread has better things to do.
     */
    static void commitPending() {
        Runnable r;
        while ((r = PENDING.poll()) != null) {
            r.run();
        }
    }

    /** Loaded only when jdk.jfr is there. */
    private static final class Events {
        static void warmUp() {
            new SlowCallback().isEnabled();
            new BlockedLoop().isEnabled();
        }

        static void slow(String loop, String what, long nanos) {
            SlowCallback e = new SlowCallback();
            if (e.isEnabled()) {
                e.loop = loop;
                e.holder = what;
                e.held = nanos;
                e.commit();
            }
        }

        static void blocked(BlockedLoopReport r) {
            BlockedLoop e = new BlockedLoop();
            if (e.isEnabled()) {
                e.loop = r.loop();
                e.holder = r.holder();
                e.held = (long) (r.seconds() * 1e9);
                e.released = r.released();
                e.commit();
            }
        }
    }

    @Name("io.jasyncio.SlowCallback")
    @StackTrace(false) // committed by the watchdog: its stack says nothing
    @Label("Slow Callback")
    @Category("jasyncio")
    @Description("A callback or task step held its event loop's thread past the slow-callback threshold")
    static final class SlowCallback extends Event {
        @Label("Loop")
        String loop;
        @Label("Holder")
        String holder;
        @Label("Held")
        @Description("How long it held the loop's thread")
        @Timespan
        long held;
    }

    @Name("io.jasyncio.BlockedLoop")
    @StackTrace(false)
    @Label("Blocked Loop")
    @Category("jasyncio")
    @Description("The watchdog found an event loop blocked (or saw it released)")
    static final class BlockedLoop extends Event {
        @Label("Loop")
        String loop;
        @Label("Holder")
        String holder;
        @Label("Held")
        @Timespan
        long held;
        @Label("Released")
        boolean released;
    }
}
