package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;

/**
 * Exceptions in coroutines: they propagate through {@code await} like in synchronous code, {@code gather}
 * re-raises the first one (the other children keep running), and {@code gatherReturnExceptions} collects
 * them as values.
 *
 * <p>Ports of seed 001 ("Handling exceptions") and of seed 002's exercise "Compare
 * {@code gather(..., return_exceptions=True)} vs the default behavior".
 */
public final class Errors {

    private Errors() {
    }

    /**
     * The coroutine {@code risky_task()} of seed 001 (Python's {@code ValueError} is Java's
     * {@link IllegalArgumentException}).
     *
     * @return never
     */
    static Void riskyTask() {
        sleep(0.1);
        throw new IllegalArgumentException("something went wrong");
    }

    /**
     * Seed 001: an exception raised after an await is caught by an ordinary try/catch around the await.
     *
     * @param out where to print: {@code Caught: something went wrong}
     */
    public static void caught(PrintStream out) {
        try {
            await(Errors::riskyTask);
        } catch (IllegalArgumentException e) {
            out.println("Caught: " + e.getMessage());
        }
    }

    /**
     * The coroutine {@code good()} of seed 001.
     *
     * @return "ok"
     */
    static String good() {
        return "ok";
    }

    /**
     * The coroutine {@code bad()} of seed 001 (Python's {@code RuntimeError} is {@link RuntimeException}).
     *
     * @return never
     */
    static String bad() {
        throw new RuntimeException("oops");
    }

    /**
     * Seed 001, {@code gather(good(), bad(), return_exceptions=True)}: results and exceptions in order.
     *
     * @param out where to print: {@code Result: ok}, {@code Error: oops}
     */
    public static void returnExceptions(PrintStream out) {
        List<Object> results = gatherReturnExceptions(Errors::good, Errors::bad);
        for (Object r : results) {
            if (r instanceof Exception e) {
                out.println("Error: " + e.getMessage());
            } else {
                out.println("Result: " + r);
            }
        }
    }

    /**
     * Seed 002's exercise: by default {@code gather} raises the first exception at once and does not
     * cancel the other children; with return_exceptions it waits for all and returns the exception
     * as a value.
     *
     * @param out where to print
     */
    public static void gatherDefaultVsReturnExceptions(PrintStream out) {
        Task<String> slow = createTask(() -> sleep(0.1, "finished anyway"));
        try {
            gather(Errors::good, Errors::bad, slow);
        } catch (RuntimeException e) {
            out.println("default: gather raised " + Py.repr(e) + ", slow task done? " + Py.repr(slow.done()));
        }
        out.println("the slow task was not cancelled: " + await(slow));
        List<Object> results = gatherReturnExceptions(Errors::good, Errors::bad, () -> sleep(0.1, "slow"));
        out.println("return_exceptions: " + Py.repr(results));
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("caught", "handling exceptions: try/except around await", Errors::caught),
                Section.of("return-exceptions", "gather(good(), bad(), return_exceptions=True)",
                        Errors::returnExceptions),
                Section.of("gather-default", "exercise: gather's default vs return_exceptions=True",
                        Errors::gatherDefaultVsReturnExceptions));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Errors", sections(), args);
    }
}
