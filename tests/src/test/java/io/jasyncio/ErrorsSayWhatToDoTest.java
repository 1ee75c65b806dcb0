package io.jasyncio;

import io.jasyncio.net.Server;
import io.jasyncio.streams.Streams;
import io.jasyncio.sync.Lock;
import io.jasyncio.testing.AsyncioTest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Errors that say what went wrong and where (issue 8, items 2, 3 and 5). */
class ErrorsSayWhatToDoTest {

    private static String trace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    // ---- item 5

    @AsyncioTest
    void reacquiringALockItsHolderHoldsRaisesInsteadOfHanging() {
        Lock lock = new Lock();
        try (var _ = lock.hold()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
            assertTrue(e.getMessage().startsWith("Lock is not reentrant"), e.getMessage());
            assertTrue(lock.locked());
        }
        assertFalse(lock.locked(), "the failed acquire took nothing");
    }

    @org.junit.jupiter.api.Test
    void createTaskAndGetRunningLoopOutsideATaskSayWhereToCallThem() {
        IllegalStateException a = assertThrows(IllegalStateException.class, () -> createTask(() -> 1));
        assertTrue(a.getMessage().startsWith("createTask() must be called from a task (inside Asyncio.run"), a.getMessage());
        IllegalStateException b = assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
        assertTrue(b.getMessage().startsWith("no running event loop: getRunningLoop() must be called from a task "
                + "(inside Asyncio.run"), b.getMessage());
    }

    @org.junit.jupiter.api.Test
    void drainAfterABrokenPipeRaisesWithATraceThatIncludesDrain() {
        Asyncio.run(() -> {
            Server server = Streams.startServer((r, w) -> {
                ((SocketChannel) w.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
                w.transport().abort();                     // RST: the client's writes fail
            }, "127.0.0.1", 0);
            try (server) {
                Streams.StreamPair c = Streams.openConnection("127.0.0.1", server.port());
                IOException e = assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 10_000; i++) {     // until the RST arrives and a write fails
                        c.writer().write(new byte[64 * 1024]);
                        c.writer().drain();
                    }
                });
                assertTrue(trace(e).contains(".StreamWriter.drain("), trace(e));
                c.writer().close();
            }
            return null;
        });
    }

    @org.junit.jupiter.api.Test
    void aServerIsAutoCloseableAndTellsItsPort() {
        Asyncio.run(() -> {
            Server kept;
            try (Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
                kept = server;
                assertEquals(((InetSocketAddress) server.addresses().get(0)).getPort(), server.port());
                assertTrue(server.port() > 0);
            }
            assertFalse(kept.isServing());
            return null;
        });
    }

    // ---- item 3: the compiler sees the checked exceptions

    @org.junit.jupiter.api.Test
    void aRefusedConnectionCanBeCaughtAsConnectException() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String outcome = Asyncio.run(() -> {
            try {
                Streams.openConnection("127.0.0.1", closedPort);
                return "connected";
            } catch (ConnectException e) {                 // compiles only if openConnection declares it
                return "refused";
            }
        });
        assertEquals("refused", outcome);
    }

    // ---- item 2: where it was awaited, and the caller's frames

    private static int parse(String s) {
        return Integer.parseInt(s);
    }

    private static int awaitParser(Task<Integer> t) {
        return await(t);                                   // the await the trace must show
    }

    @AsyncioTest
    void anExceptionFromAnAwaitedTaskShowsWhereItWasAwaited() {
        Task<Integer> t = createTask(() -> parse("x"), "parser");
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> awaitParser(t));
        String trace = trace(e);
        assertTrue(trace.contains("ErrorsSayWhatToDoTest.parse("), trace);
        assertTrue(trace.contains("ErrorsSayWhatToDoTest.awaitParser("), trace);
    }

    @org.junit.jupiter.api.Test
    void theSingleFileSourceLauncherShowsTheProgramsFrames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // java File.java trims as many frames from the bottom of main's exception as it has itself.
        java.nio.file.Path file = dir.resolve("Boom.java");
        java.nio.file.Files.writeString(file, """
                import static io.jasyncio.Asyncio.*;
                public class Boom {
                    static int parse(String s) { return Integer.parseInt(s); }
                    public static void main(String[] args) { run(() -> { sleep(0.01); return parse("x"); }); }
                }
                """);
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String core = java.nio.file.Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process p = new ProcessBuilder(javaBin, "-cp", core, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor());
        assertTrue(out.contains("at Boom.parse(Boom.java:3)"), out);
        assertTrue(out.contains("at Boom.main(Boom.java:4)"), out);
    }

    @org.junit.jupiter.api.Test
    void anExceptionOutOfRunKeepsTheCallersFrames() {
        NumberFormatException e = assertThrows(NumberFormatException.class,
                () -> Asyncio.run(() -> parse("x")));
        int parse = -1;
        int caller = -1;
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (parse < 0 && frames[i].getMethodName().equals("parse")) {
                parse = i;
            }
            if (frames[i].getMethodName().equals("anExceptionOutOfRunKeepsTheCallersFrames")) {
                caller = i;
            }
        }
        assertTrue(parse >= 0 && parse < 5, "the coroutine's frames stay on top: " + trace(e));
        assertTrue(caller > parse, "the trace goes on below run() to its caller: " + trace(e));
    }
}
