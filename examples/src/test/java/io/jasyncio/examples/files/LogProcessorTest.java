package io.jasyncio.examples.files;

import io.jasyncio.examples.tour.Demo;
import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The log-file processor: its counts and reports, and its stop of the tour. */
class LogProcessorTest {

    @TempDir
    Path dir;

    @AsyncioTest
    void countsLevelsAndReportsSlowRequests() throws IOException {
        Path log = dir.resolve("a.log");
        Files.writeString(log, "12:00:00 INFO request 1 served in 12 ms\n"
                + "12:00:01 ERROR request 2 served in 450 ms\n"
                + "12:00:02 INFO request 3 served in 400 ms\n"
                + "12:00:03 WARN request 4 served in 399 ms\n");
        LogProcessor.Summary s = LogProcessor.process(log);
        assertEquals(Map.of("INFO", 2, "ERROR", 1, "WARN", 1), s.levels());
        assertEquals(2, s.slow());
        assertEquals("12:00:01 ERROR request 2 served in 450 ms\n12:00:02 INFO request 3 served in 400 ms\n",
                Files.readString(dir.resolve("a.log.slow")));
    }

    @Test
    void theTourStopProcessesEightLogsAndCleansUp() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Demo.run("LogProcessor", LogProcessor.sections(), new String[] {"--fast"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("processed 160000 lines in 8 files at once: {DEBUG=26666, ERROR=26666, INFO=80002, WARN=26666}"), out);
        assertTrue(out.contains("32000 slow requests (>= 400 ms)"), out);
        assertTrue(out.contains("first slow request of app-0.log: 12:00:11 ERROR request 11 served in 407 ms"), out);
        assertFalse(List.of(out.split("\n")).stream().anyMatch(l -> l.startsWith("!!")), out);
    }
}
