package io.jasyncio.subprocess;

import io.jasyncio.subprocess.Subprocess.Options;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.subprocess.Subprocess.Redirect.*;
import static io.jasyncio.subprocess.SubprocessTest.OUT;
import static io.jasyncio.subprocess.SubprocessTest.run;
import static io.jasyncio.subprocess.SubprocessTest.text;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;

/**
 * The pipes of a child process: the output readers ({@link StreamReader}
 * methods, limits, flow control) and the input writer (a {@link StreamWriter} over {@code PipeWriteTransport}: write, drain, close).
 */
@Tag("realtime")
class SubprocessPipesTest {

    @Test
    void readuntilReadexactlyAndIncompleteRead() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("printf", "abc:def"), OUT);
            StreamReader r = p.stdout();
            String a = text(r.readuntil(":".getBytes()));
            String b = text(r.readexactly(2));
            IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> r.readexactly(5));
            return List.of(a, b, text(e.partial()), e.expected(), r.atEof(), text(r.read(10)), p.await());
        });
        assertEquals(List.of("abc:", "de", "f", 5, true, "", 0), got);
    }

    @Test
    void readReturnsWhatIsThereUpToN() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.shell("printf 12345; sleep 0.1; printf 678", OUT);
            StreamReader r = p.stdout();
            String first = text(r.read(3));
            String second = text(r.read(100)); // what is left of the first write: no waiting for more
            String rest = text(r.read(-1));
            return List.of(first, second, rest, r.read(0).length, p.await());
        });
        assertEquals(List.of("123", "45", "678", 0, 0), got);
    }

    @Test
    void aLineLongerThanTheLimitIsAnErrorAndIsSkipped() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("printf", "0123456789abcdef\\nxy\\n"), OUT.withLimit(8));
            StreamReader r = p.stdout();
            assertEquals(8, r.limit());
            assertThrows(LimitOverrunError.class, r::readline);
            return List.of(text(r.readline()), p.await());
        });
        assertEquals(List.of("xy\n", 0), got);
    }

    @Test
    void readuntilOverTheLimitLeavesTheData() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("printf", "0123456789;"), OUT.withLimit(4));
            StreamReader r = p.stdout();
            LimitOverrunError e = assertThrows(LimitOverrunError.class,
                    () -> r.readuntil(";".getBytes()));
            assertThrows(IllegalArgumentException.class, () -> r.readuntil(new byte[0]));
            return List.of(e.consumed(), text(r.read(-1)), p.await());
        });
        assertEquals(List.of(10, "0123456789;", 0), got);
    }

    @Test
    void aReadLargerThanTheBufferStillCompletes() {
        // With a 1 KiB limit the pipe pauses above 2 KiB buffered; readexactly must resume it.
        int n = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("head", "-c", "300000", "/dev/zero"), OUT.withLimit(1024));
            int len = p.stdout().readexactly(300_000).length;
            assertTrue(p.stdout().atEof() || p.stdout().read(1).length == 0);
            p.await();
            return len;
        });
        assertEquals(300_000, n);
    }

    @Test
    void onlyOneTaskMayWaitForData() {
        run(() -> {
            AsyncProcess p = Subprocess.shell("sleep 0.2; echo x", OUT);
            Task<byte[]> first = createTask(p.stdout()::readline);
            sleep(0.05);
            assertThrows(IllegalStateException.class, p.stdout()::readline);
            assertEquals("x\n", text(await(first)));
            return p.await();
        });
    }

    @Test
    void cancellingAReadlineLosesNoData() {
        String line = run(() -> {
            AsyncProcess p = Subprocess.shell("printf 'par'; sleep 0.3; echo 'tial'", OUT);
            Task<byte[]> reader = createTask(p.stdout()::readline);
            sleep(0.1);
            reader.cancel();
            assertThrows(CancelledError.class, () -> await(reader));
            String l = text(p.stdout().readline());
            p.await();
            return l;
        });
        assertEquals("partial\n", line);
    }

    @Test
    void drainWaitsUntilTheChildHasTakenTheBytes() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("cat"), Options.defaults().withStdin(PIPE).withStdout(DEVNULL));
            StreamWriter in = p.stdin();
            in.write(new byte[1 << 20]);
            long queued = in.transport().getWriteBufferSize();
            in.drain();
            long afterDrain = in.transport().getWriteBufferSize();
            in.close();
            assertTrue(in.isClosing());
            assertThrows(IllegalStateException.class, () -> in.write(new byte[1]));
            in.waitClosed();
            return List.of(queued, afterDrain <= 16 * 1024, p.await());
        });
        assertEquals(List.of((long) (1 << 20), true, 0), got);
    }

    @Test
    void stdinOfAnExitedChildIsLost() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("true"), Options.defaults().withStdin(PIPE));
            p.await();
            StreamWriter in = p.stdin();
            assertTrue(in.isClosing());
            // As on a socket whose connection is lost: nothing is written after the end (asyncio drops it silently).
            assertThrows(IllegalStateException.class, () -> in.write("dropped".getBytes()));
            IOException e = assertThrows(IOException.class, in::drain);
            in.close();
            in.waitClosed();
            return List.of(e.getMessage().contains("Connection lost"), in.transport().getWriteBufferSize());
        });
        assertEquals(List.of(true, 0), got);
    }

    @Test
    void aChildThatStopsReadingBreaksThePipe() {
        List<Object> got = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("head", "-c", "1"), Options.pipes());
            StreamWriter in = p.stdin();
            in.write(new byte[4 << 20]);                         // head exits after one byte
            IOException e = assertThrows(IOException.class, in::drain);
            AsyncProcess.Output out = p.communicate(null);       // the broken pipe is ignored here
            return List.of(e.getClass().getSimpleName(), out.stdout().length, p.returncode());
        });
        assertEquals(List.of("IOException", 1, 0), got);
    }

    @Test
    void writeEofIsClose() {
        String out = run(() -> {
            AsyncProcess p = Subprocess.exec(List.of("cat"), Options.pipes());
            assertTrue(p.stdin().canWriteEof());
            p.stdin().write("abc".getBytes());
            p.stdin().writeEof();
            String s = text(p.stdout().read(-1));
            p.await();
            return s;
        });
        assertEquals("abc", out);
    }
}
