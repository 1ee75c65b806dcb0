package io.jasyncio.debug;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class of the test class path with the engine's flag: tests inspect it
 * from outside. Its output lines are collected; {@link #awaitLine} waits (bounded) for one.
 */
final class SecondJvm implements AutoCloseable {

    final Process process;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    private final StringBuilder all = new StringBuilder();

    SecondJvm(Class<?> main, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread.ofPlatform().daemon().name("second-jvm-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (all) {
                        all.append(l).append('\n');
                    }
                    lines.offer(l);
                }
            } catch (IOException e) {
                lines.offer("<output failed: " + e + ">");
            }
        });
    }

    long pid() {
        return process.pid();
    }

    /** Waits (up to 60 s of real time) for a line containing {@code text}; returns it. */
    String awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("the second JVM did not print \"" + text + "\" in 60 s; its output:\n" + output());
            }
            if (l.contains(text)) {
                return l;
            }
        }
    }

    String output() {
        synchronized (all) {
            return all.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
