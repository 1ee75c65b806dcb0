package io.jasyncio;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Ctrl+C (a real SIGINT to a real JVM) cancels the main task and ends run() with KeyboardInterrupt. */
@Tag("realtime")
class CtrlCTest {

    @Test
    void sigintCancelsTheMainTask() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SigintProbe.class.getName()));
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            // Give the probe SIGINT's default disposition even when this test runs as a background job
            // (which inherits SIGINT ignored): perl resets it, then execs the JVM.
            command.addAll(0, List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                    "--"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                lines.add(line);
                Assumptions.assumeFalse(line.equals("SIGINT-IGNORED"),
                        "SIGINT is ignored in this environment (a background job without perl to reset it)");
            }
            assertEquals("READY", line, "probe output: " + lines);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe exited");
            assertEquals(List.of("main task cancelled: KeyboardInterrupt", "KeyboardInterrupt"), lines);
            assertEquals(130, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
