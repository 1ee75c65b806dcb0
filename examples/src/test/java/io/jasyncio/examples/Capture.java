package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.TestLoop;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs an example on virtual time (or on real time, for the examples over sockets) and captures what
 * it prints.
 *
 * @param lines the printed lines
 * @param elapsed the time it took, in seconds
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
        return capture(out -> TestLoop.run(() -> timed(body, out)));
    }

    /**
     * Runs {@code body} as the main coroutine of a loop on real time ({@link Asyncio#run}): for examples
     * over real sockets, which a virtual clock does not wait for.
     *
     * @param body the example
     * @return its output and the real time it took
     */
    static Capture realTime(Section.Example body) {
        return capture(out -> Asyncio.run(() -> timed(body, out)));
    }

    /**
     * Runs a whole program on {@link Section.Env#virtual()}.
     *
     * @param program the example
     * @return its output and virtual (plus simulated synchronous) time
     * @throws Exception what the program throws
     */
    static Capture program(Section.Program program) throws Exception {
        Section.Env env = Section.Env.virtual();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        program.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), env);
        return new Capture(lines(bytes), env.now());
    }

    /**
     * Asserts the exact lines printed (not the time: for {@link #realTime} runs).
     *
     * @param expected the expected lines
     */
    void assertLines(String... expected) {
        assertEquals(List.of(expected), lines);
    }

    private static Capture capture(ToDoubleFunction<PrintStream> run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double elapsed = run.applyAsDouble(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Capture(lines(bytes), elapsed);
    }

    /** Runs {@code body} in the current task; the loop time it took. */
    private static double timed(Section.Example body, PrintStream out) throws Exception {
        double start = Asyncio.getRunningLoop().time();
        body.run(out);
        return Asyncio.getRunningLoop().time() - start;
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
