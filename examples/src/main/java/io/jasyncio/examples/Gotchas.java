package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.Coroutine;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;

/**
 * The common mistakes of the seeds, and what they look like in Java.
 *
 * <p>Ports of seed 000 ("What a coroutine actually is"), seed 001 and seed 004 ("Common gotchas" /
 * "Common mistakes": forgetting to await, calling {@code asyncio.run()} inside async code).
 */
public final class Gotchas {

    private Gotchas() {
    }

    /**
     * The coroutine {@code fetch(name)} of seed 000.
     *
     * @param out where to print
     * @param name the name
     * @return the name in upper case
     */
    static String fetch(PrintStream out, String name) {
        out.println("start " + name);
        return name.toUpperCase();
    }

    /**
     * Forgetting to await: a coroutine lambda is inert. Creating one runs nothing (seed 000's
     * {@code coro = fetch("a")}); a forgotten nap does not sleep (seed 001's {@code asyncio.sleep(1)}
     * without await); awaiting runs them.
     *
     * @param out where to print
     */
    public static void forgettingAwait(PrintStream out) {
        double start = getRunningLoop().time();
        Coroutine<String> coro = () -> fetch(out, "a"); // nothing printed yet: just a coroutine object
        Coroutine<Void> nap = () -> sleep(1, null);     // BUG if left like this: creates a coroutine, does not sleep
        out.println(f("two coroutines created, nothing ran: %.1fs", getRunningLoop().time() - start));
        await(nap);                                     // correct
        out.println(f("after await(nap): %.1fs", getRunningLoop().time() - start));
        String result = await(coro);                    // actually runs and returns the result
        out.println(result);
    }

    /**
     * The coroutine {@code other_coroutine()} of seed 004.
     *
     * @return a result
     */
    static String otherCoroutine() {
        sleep(0.1);
        return "other coroutine done";
    }

    /**
     * Seed 004: {@code asyncio.run()} inside async code fails, because a loop is already running on this
     * thread; await the coroutine directly instead.
     *
     * @param out where to print
     */
    public static void runInsideLoop(PrintStream out) {
        try {
            run(Gotchas::otherCoroutine); // bad: cannot start a new loop inside one
        } catch (IllegalStateException e) {
            out.println("Error: " + e.getMessage());
        }
        out.println(await(Gotchas::otherCoroutine)); // good: just await it directly
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("forgetting-await", "gotcha: forgetting await (a coroutine runs nothing until awaited)",
                        Gotchas::forgettingAwait),
                Section.of("run-inside-loop", "gotcha: calling asyncio.run() inside async code",
                        Gotchas::runInsideLoop));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Gotchas", sections(), args);
    }
}
