package io.jasyncio.subprocess;

import io.jasyncio.subprocess.Subprocess.Options;
import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.subprocess.Subprocess.Redirect.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.fixtures.RealTime;
import io.jasyncio.internal.Signals;

/**
 * Child processes ({@link Subprocess}, {@link AsyncProcess}): real processes ({@code /bin/sh}, echo,
 * cat, printf, sleep, true, false), on real-time loops with every wait bounded, except the one test that
 * checks that a virtual-time loop waits for a child for real. Pipe readers and the stdin writer in
 * detail: {@link SubprocessPipesTest}.
 */
@Tag("realtime")
class SubprocessTest {

    static final Options OUT = Options.defaults().withStdout(PIPE);

    /** Runs {@code body} as the main task of a real-time loop, within {@link RealTime#BOUND}. */
    static <T> T run(Coroutine<T> body) {
        return Asyncio.run(() -> timeout(RealTime.BOUND, body));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Whether {@code pid} still runs (false once it is gone, even as a zombie being reaped). */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    // ------------------------------------------------------------------------------------------
    // Starting, output, return codes

    @Test
    void execEchoWritesALine() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("echo", "hello", "world"), OUT);
            assertNull(p.stdin());
            assertNull(p.stderr());
            String line = text(p.stdout().readline());
            String rest = text(p.stdout().readline());
            int rc = p.await();
            return List.of(line, rest, p.stdout().atEof(), rc, p.returncode());
        });
        assertEquals(List.of("hello world\n", "", true, 0, 0), got);
    }

    @Test
    void shellRunsAPipeline() {
        String out = run(() -> {
            AsyncProcess p = Subprocess.shell("printf 'b\\na\\nb\\n' | sort | uniq -c | tr -s ' '", OUT);
            return p.communicate(null).stdoutText();
        });
        assertEquals(" 1 a\n 2 b\n", out);
    }

    @Test
    void returnCodes() {
        List<Integer> codes = run(() -> List.of(
                Subprocess.exec("false").await(),
                Subprocess.exec("true").await(),
                Subprocess.shell("exit 7", Options.defaults()).await(),
                Subprocess.shell("exit 143", Options.defaults()).await())); // 128 + 15, but no signal was sent
        assertEquals(List.of(1, 0, 7, 143), codes);
    }

    @Test
    void returncodeIsNullWhileRunningAndTwoTasksCanAwait() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("sleep", "0.2"), Options.defaults());
            Integer before = p.returncode();
            List<Integer> both = gather(p::await, p::await);
            return List.of(String.valueOf(before), both, p.await());
        });
        assertEquals(List.of("null", List.of(0, 0), 0), got);
    }

    @Test
    void aCommandThatDoesNotExistRaisesTheIOExceptionOfProcessBuilder() {
        IOException e = run(() -> assertThrows(IOException.class,
                () -> Subprocess.exec("jasyncio-no-such-command-42")));
        assertTrue(e.getMessage().contains("jasyncio-no-such-command-42"), e.getMessage());
    }

    @Test
    void envReplacesTheEnvironmentAndCwdSetsTheDirectory() {
        String out = run(() -> Subprocess.shell("echo \"$FOO:$HOME\"; pwd",
                OUT.withEnv(java.util.Map.of("FOO", "bar")).withCwd(java.nio.file.Path.of("/tmp")))
                .communicate(null).stdoutText());
        assertEquals("bar:\n/tmp\n", out);
    }

    @Test
    void optionsRejectStdoutForStdinAndStdout() {
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withStdout(STDOUT));
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withStdin(STDOUT));
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withLimit(0));
    }

    // ------------------------------------------------------------------------------------------
    // communicate, stderr, DEVNULL

    @Test
    void communicateOneMegabyteThroughCatDoesNotDeadlock() {
        byte[] input = new byte[1 << 20];
        new Random(42).nextBytes(input);
        AsyncProcess.Output out = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("cat"), Options.pipes());
            AsyncProcess.Output o = p.communicate(input);
            assertEquals(0, p.returncode());
            return o;
        });
        assertArrayEquals(input, out.stdout());
        assertEquals(0, out.stderr().length);
    }

    @Test
    void communicateReadsBothPipesAtOnce() {
        // A megabyte to each pipe: reading them one after the other would block the child on the other one.
        AsyncProcess.Output out = run(() -> Subprocess.shell(
                "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2; head -c 1000 /dev/zero",
                Options.pipes()).communicate(null));
        assertEquals(1_001_000, out.stdout().length);
        assertEquals(1_000_000, out.stderr().length);
    }

    @Test
    void stderrSeparateOrMergedIntoStdout() {
        String cmd = "echo out; echo err >&2; echo out2";
        List<Object> got = run(() -> {
            AsyncProcess.Output separate = Subprocess.shell(cmd, OUT.withStderr(PIPE)).communicate(null);
            AsyncProcess merged = Subprocess.shell(cmd, OUT.withStderr(STDOUT));
            assertNull(merged.stderr());
            AsyncProcess.Output m = merged.communicate(null);
            return Arrays.asList(separate.stdoutText(), separate.stderrText(), m.stdoutText(), m.stderr());
        });
        assertEquals(Arrays.asList("out\nout2\n", "err\n", "out\nerr\nout2\n", null), got);
    }

    @Test
    void devnullDiscardsOutputAndGivesNoInput() {
        List<Object> got = run(() -> {
            AsyncProcess quiet = Subprocess.exec(List.of("echo", "lost"), Options.pipes().withStdout(DEVNULL));
            assertNull(quiet.stdout());
            AsyncProcess.Output q = quiet.communicate(null);
            AsyncProcess cat = Subprocess.exec(List.of("cat"), OUT.withStdin(DEVNULL)); // EOF at once
            assertNull(cat.stdin());
            AsyncProcess.Output c = cat.communicate(null);
            return Arrays.asList(q.stdout(), q.stderr().length, c.stdout().length, cat.returncode());
        });
        assertEquals(Arrays.asList(null, 0, 0, 0), got);
    }

    @Test
    void communicateWithInputNeedsAPipedStdin() {
        run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("true"), OUT);
            assertThrows(IllegalStateException.class, () -> p.communicate(new byte[1]));
            return p.await();
        });
    }

    // ------------------------------------------------------------------------------------------
    // The loop goes on

    @Test
    void readlineLoopWhileAnotherTaskKeepsRunning() {
        List<String> log = run(() -> {
            List<String> out = new ArrayList<>();
            int[] ticks = {0};
            Task<Void> ticker = createTask(() -> {
                while (true) {
                    sleep(0.01);
                    ticks[0]++;
                }
            });
            AsyncProcess p = Subprocess.shell("for i in 1 2 3; do echo line $i; sleep 0.1; done", OUT);
            int last = ticks[0];
            for (byte[] line; (line = p.stdout().readline()).length > 0; ) {
                out.add(text(line).strip() + (ticks[0] > last ? " (ticked)" : ""));
                last = ticks[0];
            }
            out.add("rc " + p.await());
            ticker.cancel();
            return out;
        });
        // Lines 2 and 3 come 0.1 s after the one before: the ticker ran meanwhile.
        assertEquals(List.of("line 2 (ticked)", "line 3 (ticked)", "rc 0"), log.subList(1, 4));
        assertTrue(log.get(0).startsWith("line 1"), log.toString());
    }

    @AsyncioTest
    void aVirtualClockWaitsForTheChildForReal(EventLoop loop) throws java.io.IOException {
        List<String> log = new ArrayList<>();
        Task<Boolean> timer = createTask(() -> {
            sleep(10);
            return log.add("timer at " + loop.time());
        });
        AsyncProcess p = Subprocess.shell("sleep 0.2; echo done", OUT);
        String line = text(p.stdout().readline());
        log.add(line.strip() + " at " + loop.time()); // the clock stood still while the child ran
        assertEquals(0, p.await());
        await(timer);
        assertEquals(List.of("done at 0.0", "timer at 10.0"), log);
    }

    // ------------------------------------------------------------------------------------------
    // Signals

    @Test
    void terminateAndKillGiveMinusTheSignal() {
        List<Integer> codes = run(() -> {
            AsyncProcess a = Subprocess.exec("sleep", "60");
            AsyncProcess b = Subprocess.exec("sleep", "60");
            a.terminate();
            b.kill();
            return List.of(a.await(), b.await(), a.returncode(), b.returncode());
        });
        assertEquals(List.of(-15, -9, -15, -9), codes);
    }

    @Test
    void sendSignalRunsKillForOtherSignals() {
        List<Object> got = run(() -> {
            AsyncProcess trapper = Subprocess.shell(
                    "trap 'echo got HUP; exit 3' HUP; echo ready; while :; do sleep 0.02; done", OUT);
            assertEquals("ready\n", text(trapper.stdout().readline()));
            trapper.sendSignal(AsyncProcess.SIGHUP);
            String got1 = text(trapper.stdout().readline());
            AsyncProcess sleeper = Subprocess.exec("sleep", "60");
            sleeper.sendSignal(10); // SIGUSR1: a job started in the background may have SIGINT ignored
            int rc = sleeper.await();
            sleeper.sendSignal(AsyncProcess.SIGKILL); // after the exit: nothing happens
            assertThrows(IllegalArgumentException.class, () -> sleeper.sendSignal(65));
            return List.of(got1, trapper.await(), rc, sleeper.returncode());
        });
        assertEquals(List.of("got HUP\n", 3, -10, -10), got);
    }

    // ------------------------------------------------------------------------------------------
    // Lifetime: cancellation, loop close

    @Test
    void cancellingATaskInAwaitOrCommunicateLeavesTheChildRunning() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("sleep", "60"), OUT);
            Task<Integer> waiter = createTask(p::await);
            Task<AsyncProcess.Output> talker = createTask(() -> p.communicate(null));
            sleep(0.1);
            waiter.cancel();
            talker.cancel();
            assertThrows(CancelledError.class, () -> await(waiter));
            assertThrows(CancelledError.class, () -> await(talker));
            sleep(0.1);
            boolean running = p.returncode() == null && alive(p.pid());
            p.kill();
            return List.of(running, p.await());
        });
        assertEquals(List.of(true, -9), got);
    }

    @Test
    void closingTheLoopTerminatesALeftoverChild() {
        long pid = Asyncio.run(() -> Subprocess.exec("sleep", "60").pid());
        assertFalse(alive(pid), "the loop's close terminated the child and waited for it");
    }

    @Test
    void closingTheLoopKillsAChildThatIgnoresSigterm() {
        long t0 = System.nanoTime();
        long pid = Asyncio.run(() -> {
            AsyncProcess p = Subprocess.shell("trap '' TERM; echo ready; exec sleep 60", OUT);
            assertEquals("ready\n", text(p.stdout().readline()));
            return p.pid();
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(alive(pid), "killed after the grace period");
        assertTrue(seconds >= ChildProcesses.GRACE_MILLIS / 1000.0 * 0.9, "waited for the grace period: " + seconds);
    }
}
