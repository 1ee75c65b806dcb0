package io.jasyncio.debug;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's {@code jcmd} (next to this JVM's {@code java}) against another JVM. */
final class Jcmd {

    private Jcmd() {
    }

    /**
     * Runs {@code jcmd pid command...} and returns its output.
     *
     * @throws IOException if jcmd is missing, times out (30 s) or fails; the message has its output
     */
    static String run(long pid, String... command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IOException("no jcmd at " + jcmd + ": run this tool with a JDK, not a JRE");
        }
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " did not answer in 30 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for jcmd", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || out.contains("Exception") && out.contains("AttachNotSupported")) {
            throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed (exit " + p.exitValue()
                    + "): " + out.strip());
        }
        return out;
    }
}
