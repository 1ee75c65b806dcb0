package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import io.jasyncio.VirtualClock;

import java.util.ArrayList;
import java.util.List;

/**
 * An event loop for tests: virtual time, and strict checks when the main coroutine ends.
 *
 * <ul>
 * <li>Time is a {@link VirtualClock}: when every task is blocked, the clock jumps to the next timer,
 *     so timing is exact ({@code loop.time()} after {@code sleep(2)} is exactly 2.0) and instant.
 *     While outside work is pending ({@code toThread}, an awaited {@code CompletableFuture}) the clock
 *     stands still and the loop waits for it for real.</li>
 * <li>A main coroutine that returns while other tasks are still pending fails with
 *     {@link AssertionError} naming them ("leaked tasks"); they are then cancelled.</li>
 * <li>An exception set on a future or task and never retrieved, or any error that reached the loop's
 *     exception handler, fails the run.</li>
 * <li>If every task is blocked and nothing can wake them (no timer, no outside work), the loop
 *     reports the deadlock instead of hanging.</li>
 * </ul>
 *
 * <pre>{@code
 * double t = TestLoop.run(() -> {
 *     gather(() -> sleep(2, "a"), () -> sleep(3, "b"), () -> sleep(1, "c"));
 *     return getRunningLoop().time();
 * });
 * assertEquals(3.0, t);
 * }</pre>
 */
public final class TestLoop {

    private final VirtualClock clock = new VirtualClock();
    private final Runner runner = new Runner(EventLoop.builder().virtualClock(clock).trackUnretrievedExceptions(true));
    private final List<ErrorContext> handled = new ArrayList<>();

    /** A fresh test loop (not running). */
    public TestLoop() {
        runner.getLoop().setExceptionHandler((loop, ctx) -> handled.add(ctx));
    }

    /**
     * Runs {@code main} on a fresh test loop, applies the checks, and closes the loop.
     *
     * @param <T> the result type
     * @param main the main coroutine
     * @return its result
     * @throws AssertionError if a check fails
     */
    public static <T> T run(Coroutine<T> main) {
        return new TestLoop().runMain(main);
    }

    /**
     * The loop (created, not yet running until {@link #runMain}).
     *
     * @return the loop
     */
    public EventLoop loop() {
        return runner.getLoop();
    }

    /**
     * The virtual clock of the loop.
     *
     * @return the clock
     */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * Runs {@code main} on this loop, applies the checks, and closes the loop. Call once.
     *
     * @param <T> the result type
     * @param main the main coroutine
     * @return its result
     * @throws AssertionError if a check fails
     */
    public <T> T runMain(Coroutine<T> main) {
        EventLoop loop = runner.getLoop();
        List<Task<?>> leaked = new ArrayList<>();
        T result;
        try {
            result = runner.run(() -> {
                T r = main.call();
                for (Task<?> t : loop.allTasks()) {
                    if (t != Asyncio.currentTask()) {
                        leaked.add(t);
                    }
                }
                return r;
            });
        } finally {
            runner.close();
        }
        List<String> problems = new ArrayList<>();
        if (!leaked.isEmpty()) {
            problems.add("leaked tasks (still pending when the test body returned): " + leaked);
        }
        List<Throwable> causes = new ArrayList<>();
        for (ErrorContext ctx : loop.unretrievedExceptions()) {
            problems.add(ctx.message());
            causes.add(ctx.exception());
        }
        for (ErrorContext ctx : handled) {
            problems.add("error reported to the loop's exception handler: " + ctx.message());
            if (ctx.exception() != null) {
                causes.add(ctx.exception());
            }
        }
        if (!problems.isEmpty()) {
            AssertionError e = new AssertionError(String.join("\n", problems));
            causes.forEach(e::addSuppressed);
            throw e;
        }
        return result;
    }

    /**
     * Suspends the current task until every other task of its loop is blocked (waiting for a future,
     * a timer, or outside work) and no callback is ready: trio's {@code wait_all_tasks_blocked}. On
     * virtual time, no time passes.
     *
     * @throws IllegalStateException if not called from a task
     */
    public static void waitAllBlocked() {
        EventLoop loop = Asyncio.getRunningLoop();
        do {
            Asyncio.sleep(0);
        } while (loop.readyCount() > 0);
    }
}
