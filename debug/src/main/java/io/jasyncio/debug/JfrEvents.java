package io.jasyncio.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * The JFR events of debug mode, recorded when a JFR recording runs ({@code -XX:StartFlightRecording}
 * or {@code jcmd PID JFR.start}): {@code io.jasyncio.SlowCallback} for each item that held a loop past
 * its threshold, {@code io.jasyncio.BlockedLoop} for each watchdog report. Without the
 * {@code jdk.jfr} module nothing is recorded.
 */
final class JfrEvents {

    private static final boolean JFR = classPresent();

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
            Events.slow(loop, what, nanos);
        }
    }

    static void blockedLoop(BlockedLoopReport r) {
        if (JFR) {
            Events.blocked(r);
        }
    }

    /** Loaded only when jdk.jfr is there. */
    private static final class Events {
        static void warmUp() {
            new SlowCallback().shouldCommit();
            new BlockedLoop().shouldCommit();
        }

        static void slow(String loop, String what, long nanos) {
            SlowCallback e = new SlowCallback();
            if (e.shouldCommit()) {
                e.loop = loop;
                e.holder = what;
                e.held = nanos;
                e.commit();
            }
        }

        static void blocked(BlockedLoopReport r) {
            BlockedLoop e = new BlockedLoop();
            if (e.shouldCommit()) {
                e.loop = r.loop();
                e.holder = r.holder();
                e.held = (long) (r.seconds() * 1e9);
                e.released = r.released();
                e.commit();
            }
        }
    }

    @Name("io.jasyncio.SlowCallback")
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
