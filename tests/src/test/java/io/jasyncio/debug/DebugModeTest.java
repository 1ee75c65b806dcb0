package io.jasyncio.debug;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.debug.programs.PrintDebug;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debug mode's switches, its wrong-thread checks, the loop's metrics (in-process, JMX) and JFR events. */
class DebugModeTest {

    private static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void runWithDebugTrueTurnsDebugModeOn() {
        assertTrue(run(() -> getRunningLoop().getDebug(), true));
        assertFalse(run(() -> getRunningLoop().getDebug(), false));
    }

    /** What {@link PrintDebug} prints in a second JVM with these options and environment. */
    private static String debugIn(List<String> jvmOptions, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintDebug.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JASYNCIO_DEBUG");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return out.lines().filter(l -> l.startsWith("debug=")).findFirst().orElse(out);
    }

    @Test
    @Tag("realtime")
    void theEnvironmentVariableAndTheSystemPropertySwitchDebugModeOn() throws Exception {
        assertEquals("debug=false", debugIn(List.of(), Map.of()));
        assertEquals("debug=true", debugIn(List.of(), Map.of("JASYNCIO_DEBUG", "1")));
        assertEquals("debug=false", debugIn(List.of(), Map.of("JASYNCIO_DEBUG", "0")));
        assertEquals("debug=true", debugIn(List.of("-Djasyncio.debug=true"), Map.of()));
    }

    @Test
    void loopOnlyCallsFromAnotherThreadFailWithAClearError() {
        String message = run(() -> {
            EventLoop loop = getRunningLoop();
            Future<String> f = loop.createFuture();
            Task<?> sleeper = createTask(() -> sleep(10, null));
            String m = toThread(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.createTask(() -> null));
                assertThrows(IllegalStateException.class, () -> f.setResult("from a thread"));
                assertThrows(IllegalStateException.class, () -> sleeper.cancel());
                assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
                loop.callSoonThreadsafe(() -> f.setResult("handed over")); // the right way
                return e.getMessage();
            });
            assertEquals("handed over", await(f));
            sleeper.cancel();
            return m;
        }, true);
        assertTrue(message.startsWith("Non-thread-safe operation createTask invoked on EventLoop-"), message);
        assertTrue(message.contains("callSoonThreadsafe"), message);
    }

    @Test
    @Tag("realtime")
    void metricsCountTurnsBusyTimeLagAndWhatIsPending() throws Exception {
        LoopMetrics m = run(() -> {
            EventLoop loop = getRunningLoop();
            Task<?> sleeper = createTask(() -> sleep(3600, null), "sleeper");
            for (int i = 0; i < 3; i++) {
                sleep(0.01);
            }
            spin(30);
            sleep(0);
            LoopMetrics now = Debug.metrics(loop);
            ObjectName name = new ObjectName("io.jasyncio:type=EventLoop,name=" + now.loop());
            var server = ManagementFactory.getPlatformMBeanServer();
            assertEquals(2, server.getAttribute(name, "TasksAlive"));
            assertTrue((Long) server.getAttribute(name, "Turns") >= 4);
            sleeper.cancel();
            return now;
        }, true);
        assertEquals(2, m.tasksAlive(), m.format());     // main and the sleeper
        assertTrue(m.timersPending() >= 1, m.format());  // the sleeper's hour
        assertEquals(0, m.ioRegistrations(), m.format());
        assertTrue(m.turns() >= 4 && m.items() >= 4, m.format());
        assertTrue(m.busySeconds() >= 0.03, m.format());
        assertTrue(m.idleSeconds() >= 0.02, m.format()); // three sleeps of 10 ms
        assertTrue(m.busyRatio() > 0 && m.busyRatio() < 1, m.format());
        assertTrue(m.lagSeconds() >= 0 && m.maxLagSeconds() >= m.lagSeconds(), m.format());
    }

    @Test
    @Tag("realtime")
    void metricsCountIoRegistrations() throws Exception {
        int[] during = new int[1];
        run(() -> {
            var server = io.jasyncio.streams.Streams.startServer((r, w) -> { }, "127.0.0.1", 0);
            during[0] = Debug.metrics(getRunningLoop()).ioRegistrations();
            server.close();
            server.waitClosed();
            return null;
        }, true);
        assertEquals(1, during[0], "the listening socket");
    }

    @Test
    void aLoopWithoutDebugModeHasNoMetrics() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(() -> Debug.metrics(getRunningLoop()), false));
        assertTrue(e.getMessage().contains("is not in debug mode"), e.getMessage());
    }

    @Test
    @Tag("realtime")
    void slowCallbacksAreJfrEvents() throws Exception {
        CompletableFuture<RecordedEvent> got = new CompletableFuture<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("io.jasyncio.SlowCallback");
            stream.onEvent("io.jasyncio.SlowCallback", e -> {
                if (e.getString("holder").contains("slowpoke")) {
                    got.complete(e);
                }
            });
            stream.startAsync();
            run(() -> {
                Debug.setSlowCallbackDuration(getRunningLoop(), 0.02);
                await(createTask(() -> {
                    spin(40);
                    return null;
                }, "slowpoke"));
                return null;
            }, true);
            RecordedEvent e = got.get(30, TimeUnit.SECONDS); // committed by the watchdog's thread, soon after
            assertTrue(e.getDuration("held").toMillis() >= 40, e.toString());
        }
    }

    @Test
    void callGraphShowsTheTaskItsStackAndWhoAwaitsIt() {
        String graph = run(() -> {
            Future<String> out = getRunningLoop().createFuture();
            Task<Object> inner = createTask(() -> {
                sleep(0);
                out.setResult(Debug.formatCallGraph(Task.current()));
                return null;
            }, "inner");
            createTask(() -> await(inner), "outer");
            return await(out);
        }, false);
        assertTrue(graph.startsWith("* Task(name='inner', id="), graph);
        assertTrue(graph.contains("state=running)"), graph);
        assertFalse(graph.contains("Debug.formatCallGraph"), graph);
        assertTrue(graph.contains("+ Call stack:\n|   File 'DebugModeTest.java', line "), graph);
        assertTrue(graph.contains("+ Awaited by:\n   * Task(name='outer'"), graph);
        assertTrue(graph.contains("awaiting=task inner"), graph);
    }
}
