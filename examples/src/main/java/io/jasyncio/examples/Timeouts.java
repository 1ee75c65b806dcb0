package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.TimeoutError;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;
import io.jasyncio.CancelledError;

/**
 * Deadlines: {@code waitFor} runs a coroutine and cancels it when it overruns, raising
 * {@link TimeoutError}; a {@code timeout} scope (asyncio 3.11+) puts the same deadline on a block.
 *
 * <p>Ports of seed 001 ("Timeouts with asyncio.wait_for"); the scope form is asyncio's modern
 * spelling of the same thing ({@code wait_for} is built on it since 3.12).
 */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * The coroutine {@code slow_operation()} of seed 001: five seconds, then 42.
     *
     * @return 42
     */
    static int slowOperation() {
        sleep(5);
        return 42;
    }

    /**
     * Seed 001: {@code wait_for(slow_operation(), timeout=1.0)} gives up after one second and cancels it.
     *
     * @param out where to print: {@code Timed out — operation cancelled}
     */
    public static void waitForSlowOperation(PrintStream out) {
        try {
            int result = waitFor(Timeouts::slowOperation, 1.0);
            out.println(result);
        } catch (TimeoutError e) {
            out.println("Timed out — operation cancelled");
        }
    }

    /**
     * {@code async with asyncio.timeout(0.5)}: the scope cancels the task when its deadline passes, the
     * body sees a {@code CancelledError} (here it says so, and rethrows it), and the scope turns it into
     * a {@link TimeoutError}.
     *
     * @param out where to print
     */
    public static void timeoutScope(PrintStream out) {
        double start = getRunningLoop().time();
        try {
            int result = timeout(0.5, scope -> {
                try {
                    return slowOperation();
                } finally {
                    out.println(f("slow_operation stopped at %.1fs, scope expired: %s",
                            getRunningLoop().time() - start, Py.repr(scope.expired())));
                }
            });
            out.println(result);
        } catch (TimeoutError e) {
            out.println("Timed out — operation cancelled");
        }
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("wait-for", "timeouts with asyncio.wait_for: slow_operation(), timeout=1.0",
                        Timeouts::waitForSlowOperation),
                Section.of("timeout-scope", "asyncio.timeout(0.5): the same deadline as a scope",
                        Timeouts::timeoutScope));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Timeouts", sections(), args);
    }
}
