package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;

/**
 * First steps: a coroutine is a lambda that runs only when driven, {@code sleep} suspends it,
 * {@code await} runs another coroutine to its end, and {@code run} starts a loop and returns the result.
 *
 * <p>Ports of seed 000 ("await suspends, it doesn't block"), seed 001 ("Coroutines: async def and
 * await", "The event loop") and seed 002 ("asyncio.run() Syntax").
 */
public final class Basics {

    private Basics() {
    }

    /**
     * Seed 002, {@code asyncio.run()} syntax: "Hello ...", a one-second non-blocking delay, "... AsyncIO!".
     *
     * @param out where to print
     */
    public static void helloAsyncio(PrintStream out) {
        out.println("Hello ...");
        sleep(1); // non-blocking delay
        out.println("... AsyncIO!");
    }

    /**
     * The coroutine {@code greet(name)} of seed 001.
     *
     * @param out where to print
     * @param name who to greet
     * @return nothing
     */
    static Void greet(PrintStream out, String name) {
        out.println("Hello, " + name + "!");
        return null;
    }

    /**
     * Seed 001: creating a coroutine prints nothing; {@code run} drives it.
     *
     * @param out where to print
     * @param loop the loop to run it on ({@code EventLoop.builder()} for a plain {@code asyncio.run})
     */
    public static void helloWorld(PrintStream out, EventLoop.Builder loop) {
        // Creating the coroutine object runs nothing: nothing is printed yet.
        Coroutine<Void> coro = () -> greet(out, "World");
        out.println("<class '" + Coroutine.class.getSimpleName() + "'>"); // Python: <class 'coroutine'>
        // Run it properly.
        run(loop, coro);
    }

    /**
     * The coroutine {@code step_one()} of seed 001.
     *
     * @param out where to print
     * @return "result-1"
     */
    static String stepOne(PrintStream out) {
        out.println("Step 1: start");
        sleep(1); // suspend for 1 second
        out.println("Step 1: end");
        return "result-1";
    }

    /**
     * Seed 001: {@code value = await step_one()}, then print it.
     *
     * @param out where to print
     */
    public static void awaitStepOne(PrintStream out) {
        String value = await(() -> stepOne(out)); // wait for stepOne to finish (a plain call is the same)
        out.println(value);
    }

    /**
     * The coroutine {@code compute()} of seed 001: yields once, returns 6 * 7.
     *
     * @return 42
     */
    static int compute() {
        sleep(0); // yield control once
        return 6 * 7;
    }

    /**
     * Seed 001, the event loop: {@code result = asyncio.run(compute()); print(result)}.
     *
     * @param out where to print
     * @param loop the loop to run it on
     */
    public static void computeProgram(PrintStream out, EventLoop.Builder loop) {
        int result = run(loop, Basics::compute);
        out.println(result); // 42
    }

    /**
     * The coroutine {@code task(name, delay)} of seed 000.
     *
     * @param out where to print
     * @param name its name
     * @param delay seconds to sleep
     * @return the name
     */
    static String task(PrintStream out, String name, int delay) {
        sleep(delay); // yields to the loop; doesn't block the thread
        out.println(name + " done after " + delay + "s");
        return name;
    }

    /**
     * Seed 000: {@code result = await task("a", 1)} runs to completion before continuing.
     *
     * @param out where to print
     */
    public static void awaitTask(PrintStream out) {
        String result = await(() -> task(out, "a", 1));
        out.println(result);
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("hello", "asyncio.run(): Hello ... AsyncIO!", Basics::helloAsyncio),
                Section.program("greet-world", "coroutines: greet('World') runs only when driven",
                        (out, env) -> helloWorld(out, env.loop())),
                Section.of("step-one", "await: value = await step_one()", Basics::awaitStepOne),
                Section.program("compute", "the event loop: asyncio.run(compute()) returns 42",
                        (out, env) -> computeProgram(out, env.loop())),
                Section.of("await-task", "await suspends, it doesn't block: task('a', 1)", Basics::awaitTask));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Basics", sections(), args);
    }
}
