package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;

/**
 * Running coroutines concurrently: {@code gather} starts them all and returns results in argument order;
 * {@code createTask} starts one in the background at once; tasks interleave at every suspension.
 *
 * <p>Ports of seed 000 ("Running things concurrently with tasks", "Tasks vs coroutines"), seed 001
 * ("asyncio.gather", "asyncio.create_task", "Interleaved output"), seed 002 ("asyncio.gather() Syntax",
 * the {@code get_page} downloads) and seed 004 ("The basics").
 */
public final class Concurrency {

    private Concurrency() {
    }

    /**
     * The coroutine {@code work(n)} of seed 000: one second, then twice n.
     *
     * @param n the input
     * @return {@code 2 * n}
     */
    static int work(int n) {
        sleep(1);
        return n * 2;
    }

    /**
     * Seed 000: three one-second {@code work} calls through {@code gather} finish in one second, not three.
     *
     * @param out where to print: {@code [2, 4, 6] in 1.0s}
     */
    public static void gatherWork(PrintStream out) {
        double start = getRunningLoop().time();
        List<Integer> results = gather(() -> work(1), () -> work(2), () -> work(3));
        out.println(Py.str(results) + " " + f("in %.1fs", getRunningLoop().time() - start));
    }

    /**
     * Seed 000: a task starts at once; the main coroutine does other things, then collects the result
     * (after one second in all, not one and a half).
     *
     * @param out where to print: {@code 20}
     */
    public static void createTaskWork(PrintStream out) {
        Task<Integer> t = createTask(() -> work(10)); // starts running now
        sleep(0.5);                                   // do other things meanwhile
        out.println(await(t));                        // collect the result later
    }

    /**
     * The coroutine {@code fetch_data(name, delay)} of seed 001.
     *
     * @param out where to print
     * @param name what to fetch
     * @param delay simulated latency, in seconds
     * @return "data from " + name
     */
    static String fetchData(PrintStream out, String name, int delay) {
        out.println("Start fetching " + name);
        sleep(delay);
        out.println("Done fetching " + name);
        return "data from " + name;
    }

    /**
     * Seed 001, {@code asyncio.gather}: all three start at once; the total is the slowest (2 s), not the sum.
     *
     * @param out where to print
     */
    public static void gatherFetchData(PrintStream out) {
        List<String> results = gather(
                () -> fetchData(out, "API A", 1),
                () -> fetchData(out, "API B", 2),
                () -> fetchData(out, "API C", 1));
        out.println(Py.str(results));
    }

    /**
     * The coroutine {@code background_job(name, delay)} of seed 001.
     *
     * @param out where to print
     * @param name the job's name
     * @param delay seconds
     * @return name + " done"
     */
    static String backgroundJob(PrintStream out, String name, int delay) {
        out.println(name + ": start");
        sleep(delay);
        out.println(name + ": end");
        return name + " done";
    }

    /**
     * Seed 001, {@code asyncio.create_task}: both tasks are scheduled at once; awaiting collects results.
     *
     * @param out where to print
     */
    public static void createTasks(PrintStream out) {
        Task<String> t1 = createTask(() -> backgroundJob(out, "Task A", 1));
        Task<String> t2 = createTask(() -> backgroundJob(out, "Task B", 2));
        // Both tasks are already scheduled; await collects their results.
        String result1 = await(t1);
        String result2 = await(t2);
        out.println(result1 + " " + result2);
    }

    /**
     * The coroutine {@code count_down(name, seconds)} of seed 001.
     *
     * @param out where to print
     * @param name the counter's name
     * @param seconds where to start
     * @return nothing
     */
    static Void countDown(PrintStream out, String name, int seconds) {
        for (int i = seconds; i > 0; i--) {
            out.println(name + ": " + i);
            sleep(1);
        }
        out.println(name + ": done!");
        return null;
    }

    /**
     * Seed 001, interleaved output: two countdowns on one thread take turns at each {@code sleep(1)}.
     *
     * @param out where to print
     */
    public static void interleavedCountdown(PrintStream out) {
        gather(() -> countDown(out, "Task A", 3), () -> countDown(out, "Task B", 2));
    }

    /**
     * Seed 004, the basics: Bob is greeted after one second, Alice after two.
     *
     * @param out where to print
     */
    public static void greetings(PrintStream out) {
        gather(() -> greet(out, "Alice", 2), () -> greet(out, "Bob", 1));
    }

    private static Void greet(PrintStream out, String name, int delay) {
        sleep(delay); // pause without blocking others
        out.println("Hello, " + name + "!");
        return null;
    }

    /**
     * The coroutine {@code worker(name, delay)} of seed 002.
     *
     * @param out where to print
     * @param name the worker's name
     * @param delay seconds
     * @return the delay
     */
    static int worker(PrintStream out, String name, int delay) {
        out.println(name + " started");
        sleep(delay);
        out.println(name + " finished after " + delay + " seconds");
        return delay;
    }

    /**
     * Seed 002, {@code asyncio.gather()} syntax: two tasks, gathered; two seconds in all.
     *
     * @param out where to print: ends with {@code All done! Results: [2, 1]}
     */
    public static void workers(PrintStream out) {
        Task<Integer> task1 = createTask(() -> worker(out, "Task A", 2));
        Task<Integer> task2 = createTask(() -> worker(out, "Task B", 1));
        // Wait for both tasks concurrently.
        List<Integer> results = gather(task1, task2);
        out.println("All done! Results: " + Py.str(results));
    }

    /**
     * The coroutine {@code get_page(url)} of seed 002: a simulated 1.5 s download.
     *
     * @param out where to print
     * @param url the page
     * @return fake HTML
     */
    static String getPage(PrintStream out, String url) {
        out.println("Downloading " + url + " ...");
        sleep(1.5); // simulate network delay
        out.println("Finished " + url);
        return "<html>Fake content for " + url + "</html>";
    }

    /**
     * Seed 002: three pages downloaded by three tasks in 1.5 s.
     *
     * @param out where to print
     */
    public static void downloadPages(PrintStream out) {
        List<String> urls = List.of("https://example.com", "https://example.com/blog", "https://example.com/about");
        List<Task<String>> tasks = urls.stream().map(u -> createTask(() -> getPage(out, u))).toList();
        List<String> pages = gather(tasks);
        out.println();
        out.println("Downloaded pages:");
        for (int i = 0; i < urls.size(); i++) {
            out.println(urls.get(i) + " -> " + pages.get(i).length() + " chars");
        }
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("gather-work", "running things concurrently: gather(work(1), work(2), work(3))",
                        Concurrency::gatherWork),
                Section.of("task-vs-coroutine", "tasks vs coroutines: create_task(work(10)) starts right away",
                        Concurrency::createTaskWork),
                Section.of("gather-fetch", "asyncio.gather: three fetches concurrently", Concurrency::gatherFetchData),
                Section.of("create-task", "asyncio.create_task: background jobs", Concurrency::createTasks),
                Section.of("countdown", "interleaved output: two countdowns", Concurrency::interleavedCountdown),
                Section.of("greet", "the basics: greet Alice (2 s) and Bob (1 s)", Concurrency::greetings),
                Section.of("workers", "asyncio.gather() syntax: two workers", Concurrency::workers),
                Section.of("get-page", "get_page: three simulated downloads", Concurrency::downloadPages));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("Concurrency", sections(), args);
    }
}
