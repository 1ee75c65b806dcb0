package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocked-loop watchdog of debug mode: it reports while the loop is blocked (the holder and its live
 * stack), and again with the total when released. Each block lasts until the report has arrived, which
 * proves the report came while the loop was still blocked.
 */
@Tag("realtime")
class WatchdogTest {

    private final List<BlockedLoopReport> reports = new CopyOnWriteArrayList<>();
    private final Consumer<BlockedLoopReport> listener = reports::add;

    WatchdogTest() {
        Debug.addBlockedLoopListener(listener);
    }

    @AfterEach
    void removeListener() {
        Debug.removeBlockedLoopListener(listener);
    }

    /** Spins on the loop's thread until the watchdog has reported {@code loop} as blocked (at most 20 s). */
    private boolean spinUntilReported(String loop) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long x = 0;
        while (System.nanoTime() < deadline) {
            x++;
            for (BlockedLoopReport r : reports) {
                if (!r.released() && r.loop().equals(loop)) {
                    return x > 0;
                }
            }
        }
        return false;
    }

    private BlockedLoopReport the(boolean released) {
        return reports.stream().filter(r -> r.released() == released).findFirst()
                .orElseThrow(() -> new AssertionError("no " + (released ? "release" : "blocked") + " report in " + reports));
    }

    @Test
    void aCpuLoopInATaskIsReportedWithItsLiveStackThenWithTheTotal() {
        EventLoop.Builder b = EventLoop.builder().debug(true);
        boolean[] reported = new boolean[1];
        String[] loopName = new String[1];
        run(b, () -> {
            loopName[0] = TaskTable.loopName(getRunningLoop());
            Task<?> t = createTask(() -> {
                reported[0] = spinUntilReported(loopName[0]);
                return null;
            }, "cruncher");
            await(t);
            return null;
        });
        assertTrue(reported[0], "no report while the loop was blocked: " + reports);
        BlockedLoopReport blocked = the(false);
        assertEquals("task 'cruncher' (id " + blocked.taskId() + ")", blocked.holder());
        assertTrue(blocked.seconds() >= 0.1, blocked.format());
        assertTrue(blocked.stack().stream().anyMatch(e -> e.getMethodName().equals("spinUntilReported")),
                blocked.format());
        assertTrue(blocked.format().contains("has held its thread for"), blocked.format());
        BlockedLoopReport released = the(true);
        assertEquals(blocked.holder(), released.holder());
        assertEquals(blocked.taskId(), released.taskId());
        assertTrue(released.seconds() >= blocked.seconds(), released.format());
        assertTrue(released.format().contains("was blocked for"), released.format());
    }

    @Test
    void aFileReadOnTheLoopsThreadIsReportedWhileItBlocks() throws Exception {
        Path fifo = Files.createTempDirectory("jasyncio-watchdog").resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        // The writer opens the pipe only once the watchdog has reported the reader: until then
        // Files.readAllBytes blocks in the kernel, holding the loop's thread.
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (reports.stream().noneMatch(r -> !r.released()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            try {
                Files.writeString(fifo, "config", StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String read = run(EventLoop.builder().debug(true), () -> await(createTask(
                () -> new String(Files.readAllBytes(fifo), StandardCharsets.UTF_8), "config-reader")));
        writer.join();
        assertEquals("config", read);
        BlockedLoopReport blocked = the(false);
        assertTrue(blocked.holder().startsWith("task 'config-reader'"), blocked.format());
        assertTrue(blocked.stack().stream().anyMatch(e -> e.getClassName().equals("java.nio.file.Files")
                && e.getMethodName().equals("readAllBytes")), blocked.format());
        assertTrue(the(true).seconds() >= blocked.seconds());
        Files.delete(fifo);
    }

    /** Set by a listener once the watchdog reported the class initializer below. */
    static volatile boolean initReported;

    /** A class whose static initializer holds the thread that first touches it until it is reported. */
    static final class SlowToInitialize {
        static final long VALUE;

        static {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!initReported && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            VALUE = initReported ? 42 : -1;
        }
    }

    @Test
    void aStaticInitializerThatHoldsTheLoopIsReported() {
        Consumer<BlockedLoopReport> flag = r -> initReported |= !r.released();
        Debug.addBlockedLoopListener(flag);
        try {
            long v = run(EventLoop.builder().debug(true), () -> await(createTask(() -> SlowToInitialize.VALUE, "config")));
            assertEquals(42, v, "the initializer ran out of time before the report: " + reports);
        } finally {
            Debug.removeBlockedLoopListener(flag);
        }
        BlockedLoopReport blocked = the(false);
        assertTrue(blocked.holder().startsWith("task 'config'"), blocked.format());
        assertTrue(blocked.stack().stream().anyMatch(e -> e.getMethodName().equals("<clinit>")), blocked.format());
    }

    @Test
    void aSlowCallbackIsNamedWithTheLoopThreadsStack() {
        boolean[] reported = new boolean[1];
        run(EventLoop.builder().debug(true), () -> {
            String loop = TaskTable.loopName(getRunningLoop());
            getRunningLoop().callSoon(() -> reported[0] = spinUntilReported(loop));
            sleep(0);
            sleep(0);
            return null;
        });
        assertTrue(reported[0]);
        BlockedLoopReport blocked = the(false);
        assertTrue(blocked.holder().startsWith("callback Handle["), blocked.format());
        assertEquals(-1, blocked.taskId());
        assertTrue(blocked.stack().stream().anyMatch(e -> e.getMethodName().equals("spinUntilReported")),
                blocked.format());
        assertFalse(blocked.stack().stream().anyMatch(e -> e.getClassName().equals("io.jasyncio.LoopTurn")),
                "the loop's own frames are cut: " + blocked.format());
    }

    @Test
    void withoutDebugModeTheLoopHasNoMonitorAndNothingIsReported() {
        run(EventLoop.builder().debug(false), () -> {
            assertEquals(null, io.jasyncio.internal.Kernel.access().monitor(getRunningLoop()));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return null;
        });
        assertEquals(List.of(), reports);
    }
}
