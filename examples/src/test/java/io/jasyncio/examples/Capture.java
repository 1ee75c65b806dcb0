package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.TestLoop;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs an example on virtual time and captures what it prints.
 *
 * @param lines the printed lines
 * @param elapsed the virtual time it took, in seconds
 */
record Capture(List<String> lines, double elapsed) {

    /**
     * Runs {@code body} as the main coroutine of a {@link TestLoop} (virtual clock, strict checks: no
     * leaked task, no unretrieved exception).
     *
     * @param body the example
     * @return its output and loop time
     */
    static Capture body(Section.Example body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        double elapsed = TestLoop.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            body.run(out);
            return Asyncio.getRunningLoop().time() - start;
        });
        return new Capture(lines(bytes), elapsed);
    }

    /**
     * Runs a whole program on {@link Section.Env#virtual()}.
     *
     * @param program the example
     * @return its output and virtual (plus simulated synchronous) time
     * @throws Exception what the program throws
     */
    static Capture program(Section.Program program) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Section.Env env = Section.Env.virtual();
        program.run(out, env);
        return new Capture(lines(bytes), env.now());
    }

    /**
     * Asserts the exact lines printed and the exact virtual time taken.
     *
     * @param seconds the expected virtual time
     * @param expected the expected lines
     */
    void assertOutput(double seconds, String... expected) {
        assertEquals(List.of(expected), lines);
        assertEquals(seconds, elapsed, 1e-9, "virtual time");
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
