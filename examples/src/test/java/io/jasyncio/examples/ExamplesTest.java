package io.jasyncio.examples;

import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The first steps and the concurrency examples: exact lines, exact virtual time. */
class ExamplesTest {

    private static void check(Capture run, double seconds, String... lines) {
        assertEquals(List.of(lines), run.lines());
        assertEquals(seconds, run.elapsed(), 1e-9, "virtual time");
    }

    @Test
    void quickstartGathersTwoFetchesInOneSecond() {
        double[] t = new double[1];
        List<String> r = TestLoop.run(() -> {
            List<String> results = gather(() -> Quickstart.fetch("API A", 1), () -> Quickstart.fetch("API B", 1));
            t[0] = getRunningLoop().time();
            return results;
        });
        assertEquals("[data from API A, data from API B]", r.toString());
        assertEquals(1.0, t[0]);
    }

    // ---- Basics

    @Test
    void helloAsyncio() {
        check(Capture.body(Basics::helloAsyncio), 1.0, "Hello ...", "... AsyncIO!");
    }

    @Test
    void helloWorldRunsOnlyWhenDriven() throws Exception {
        check(Capture.program((out, env) -> Basics.helloWorld(out, env.loop())), 0.0,
                "<class 'Coroutine'>", "Hello, World!");
    }

    @Test
    void awaitStepOne() {
        check(Capture.body(Basics::awaitStepOne), 1.0, "Step 1: start", "Step 1: end", "result-1");
    }

    @Test
    void runReturnsTheResultOfCompute() throws Exception {
        check(Capture.program((out, env) -> Basics.computeProgram(out, env.loop())), 0.0, "42");
    }

    @Test
    void awaitTask() {
        check(Capture.body(Basics::awaitTask), 1.0, "a done after 1s", "a");
    }

    // ---- Concurrency

    @Test
    void gatherWorkTakesOneSecond() {
        check(Capture.body(Concurrency::gatherWork), 1.0, "[2, 4, 6] in 1.0s");
    }

    @Test
    void aTaskStartsBeforeItIsAwaited() {
        // work(10) started at once, so the half second of other things overlaps it: 1.0 s, not 1.5 s.
        check(Capture.body(Concurrency::createTaskWork), 1.0, "20");
    }

    @Test
    void gatherFetchData() {
        check(Capture.body(Concurrency::gatherFetchData), 2.0,
                "Start fetching API A", "Start fetching API B", "Start fetching API C",
                "Done fetching API A", "Done fetching API C", "Done fetching API B",
                "['data from API A', 'data from API B', 'data from API C']");
    }

    @Test
    void createTasksRunInTheBackground() {
        check(Capture.body(Concurrency::createTasks), 2.0,
                "Task A: start", "Task B: start", "Task A: end", "Task B: end", "Task A done Task B done");
    }

    @Test
    void countdownsInterleave() {
        check(Capture.body(Concurrency::interleavedCountdown), 3.0,
                "Task A: 3", "Task B: 2", "Task A: 2", "Task B: 1", "Task A: 1", "Task B: done!", "Task A: done!");
    }

    @Test
    void bobIsGreetedFirst() {
        check(Capture.body(Concurrency::greetings), 2.0, "Hello, Bob!", "Hello, Alice!");
    }

    @Test
    void workers() {
        check(Capture.body(Concurrency::workers), 2.0,
                "Task A started", "Task B started", "Task B finished after 1 seconds",
                "Task A finished after 2 seconds", "All done! Results: [2, 1]");
    }

    @Test
    void threePagesDownloadInOneAndAHalfSeconds() {
        check(Capture.body(Concurrency::downloadPages), 1.5,
                "Downloading https://example.com ...", "Downloading https://example.com/blog ...",
                "Downloading https://example.com/about ...",
                "Finished https://example.com", "Finished https://example.com/blog",
                "Finished https://example.com/about",
                "", "Downloaded pages:",
                "https://example.com -> 49 chars", "https://example.com/blog -> 54 chars",
                "https://example.com/about -> 55 chars");
    }

    // ---- Gotchas

    @Test
    void aCoroutineRunsNothingUntilAwaited() {
        check(Capture.body(Gotchas::forgettingAwait), 1.0,
                "two coroutines created, nothing ran: 0.0s", "after await(nap): 1.0s", "start a", "A");
    }

    @Test
    void runInsideARunningLoopFails() {
        check(Capture.body(Gotchas::runInsideLoop), 0.1,
                "Error: Asyncio.run() cannot be called from a running event loop", "other coroutine done");
    }
}
