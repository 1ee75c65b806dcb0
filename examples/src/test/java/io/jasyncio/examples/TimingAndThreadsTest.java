package io.jasyncio.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Sync versus async, errors, and threads: exact lines, exact virtual time. */
class TimingAndThreadsTest {

    private static void check(Capture run, double seconds, String... lines) {
        assertEquals(List.of(lines), run.lines());
        assertEquals(seconds, run.elapsed(), 1e-9, "virtual time");
    }

    // ---- Timing

    @Test
    void blockingFetchesTakeTwoSeconds() throws Exception {
        check(Capture.program((out, env) -> Timing.blockingFetches(out, env.sync())), 2.0, "Done in 2.0s");
    }

    @Test
    void asyncFetchesTakeOneSecond() {
        check(Capture.body(Timing::asyncFetches), 1.0, "Done in 1.0s");
    }

    @Test
    void concurrentTakesThreeSecondsSequentialSix() {
        check(Capture.body(Timing::runConcurrent), 3.0,
                "Start fetching User", "Start fetching Orders", "Start fetching Notifications",
                "Finished fetching Notifications", "Finished fetching User", "Finished fetching Orders",
                "Results: ['User', 'Orders', 'Notifications']", "Concurrent total time: 3.00 seconds");
        check(Capture.body(Timing::runSequential), 6.0,
                "Start fetching User", "Finished fetching User", "Start fetching Orders", "Finished fetching Orders",
                "Start fetching Notifications", "Finished fetching Notifications",
                "Results: ['User', 'Orders', 'Notifications']", "Sequential total time: 6.00 seconds");
    }

    @Test
    void concurrentVsSequentialPrintsBoth() {
        Capture run = Capture.body(Timing::concurrentVsSequential);
        assertEquals(9.0, run.elapsed(), 1e-9);
        assertEquals("=== Concurrent ===", run.lines().getFirst());
        assertEquals(List.of("Concurrent total time: 3.00 seconds", "", "=== Sequential ==="),
                run.lines().subList(8, 11));
        assertEquals("Sequential total time: 6.00 seconds", run.lines().getLast());
    }

    @Test
    void threeRequestsOneAfterAnotherThenWithGather() throws Exception {
        check(Capture.program((out, env) -> Timing.threeRequests(out, env.sync(), env.loop())), 4.0,
                "one after another: 3 responses in 3.0s", "with gather: 3 responses in 1.0s");
    }

    // ---- Errors

    @Test
    void anExceptionPropagatesThroughAwait() {
        check(Capture.body(Errors::caught), 0.1, "Caught: something went wrong");
    }

    @Test
    void returnExceptionsCollectsTheError() {
        check(Capture.body(Errors::returnExceptions), 0.0, "Result: ok", "Error: oops");
    }

    @Test
    void gatherDefaultRaisesAtOnceAndCancelsNothing() {
        check(Capture.body(Errors::gatherDefaultVsReturnExceptions), 0.2,
                "default: gather raised RuntimeException('oops'), slow task done? False",
                "the slow task was not cancelled: finished anyway",
                "return_exceptions: ['ok', RuntimeException('oops'), 'slow']");
    }

    // ---- Threads (tiny real blocking; the virtual clock stands still meanwhile)

    @Test
    void toThreadBlockingTask() {
        check(Capture.body(out -> Threads.toThreadBlockingTask(out, 0.001)), 0.0,
                "Before blocking call", "[blocking] Starting heavy computation 10",
                "[blocking] Finished computation 10", "After blocking call, result: 100");
    }

    @Test
    void toThreadDone() {
        check(Capture.body(out -> Threads.toThreadDone(out, 0.001)), 0.0, "done");
    }

    @Test
    void blockingIoReadsTheFileInAThread() {
        check(Capture.body(Threads::toThreadReadFile), 0.0, "900000");
    }

    @Test
    void fibonacciOnAPool() {
        check(Capture.body(Threads::fibonacciInExecutor), 0.0, "fib(30) = 832040", "fib(31) = 1346269");
    }

    @Test
    void aPlainThreadRunsACoroutineOnTheLoopAndBlocksOnlyItselfForTheResult() {
        check(Capture.body(Threads::runCoroutineFromPlainThread), 0.0,
                "[main task] starts a plain Java thread and awaits its end",
                "[plain-thread] not a task, no loop: runCoroutineThreadsafe(() -> add(20, 22), loop)",
                "[loop] add(20, 22) runs on the loop, in a task: True",
                "[plain-thread] future.get() returned 42",
                "[main task] the thread is done: 42");
    }
}
