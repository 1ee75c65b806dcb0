package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The loop stays responsive while many file operations are in flight: a task that sleeps 10 ms at a
 * time keeps waking on time while 100 tasks copy files line by line and four more wait on reads that
 * take two seconds (named pipes whose writers wait). If file I/O ran on the loop's thread, those reads
 * would hold the loop for two seconds. Real time, one generous bound: under a second of lateness, so
 * that a busy machine does not fail it (the benchmark F1 measures the real figure, a few ms; see
 * docs/adr/0019-file-pool.md).
 */
@Tag("realtime")
class FileTickerTest {

    @TempDir
    Path dir;

    @Test
    void aTenMillisecondTickerStaysOnTimeWhileFilesAreCopied() throws Exception {
        int copies = 100;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 256 * 1024; i++) {
            sb.append("2026-12-06 12:00:00 INFO request ").append(i).append(" served in ").append(i % 97).append(" ms\n");
        }
        String content = sb.toString();
        for (int i = 0; i < copies; i++) {
            Files.writeString(dir.resolve("in-" + i), content);
        }
        List<Path> fifos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path f = dir.resolve("slow-" + i);
            assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).inheritIO().start().waitFor());
            fifos.add(f);
            Thread.ofPlatform().daemon().start(() -> {         // a writer that makes the read take 2 s
                try (FileOutputStream out = new FileOutputStream(f.toFile())) {
                    Thread.sleep(2000);
                    out.write("late line\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
        }
        double[] worst = new double[1];
        int[] ticks = new int[1];
        Asyncio.run(() -> {
            EventLoop loop = getRunningLoop();
            Task<Void> ticker = createTask(() -> {
                double next = loop.time();
                while (true) {
                    next += 0.01;
                    sleep(Math.max(0, next - loop.time()));
                    worst[0] = Math.max(worst[0], loop.time() - next);
                    ticks[0]++;
                }
            });
            double t0 = loop.time();
            List<io.jasyncio.Coroutine<String>> work = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                int id = i;
                work.add(() -> {
                    try (AsyncFile in = AsyncFiles.open(dir.resolve("in-" + id), "r");
                         AsyncFile out = AsyncFiles.open(dir.resolve("out-" + id), "w")) {
                        for (String line : in) {
                            out.write(line.toUpperCase(Locale.ROOT));
                        }
                    }
                    return "copied";
                });
            }
            for (Path f : fifos) {
                work.add(() -> {
                    try (AsyncFile in = AsyncFiles.open(f, "r")) {
                        return in.readline();
                    }
                });
            }
            List<String> results = gather(work);
            double elapsed = loop.time() - t0;
            ticker.cancel();
            try {
                await(ticker);
            } catch (CancelledError expected) {
                // it ticks until cancelled
            }
            assertEquals(copies + fifos.size(), results.size());
            assertEquals("late line\n", results.get(copies));
            assertTrue(elapsed >= 1.9, "the slow reads took their two seconds: " + elapsed);
            assertTrue(ticks[0] >= 0.5 * elapsed / 0.01, ticks[0] + " ticks in " + elapsed + " s");
            return null;
        });
        assertTrue(worst[0] < 1.0, String.format(Locale.ROOT, "the ticker was %.1f ms late", worst[0] * 1000));
        String upper = content.toUpperCase(Locale.ROOT);
        for (int i = 0; i < copies; i++) {
            assertEquals(upper, Files.readString(dir.resolve("out-" + i)));
        }
    }
}
