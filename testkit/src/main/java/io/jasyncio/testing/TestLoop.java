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
 *     {@link AssertionError} naming them ("leaked tasks") and where each waits (and, in debug mode,
 *     where each was created); they are then cancelled.</li>
 * <li>An exception set on a future or task and never retrieved, or any error that reached the loop's
 *     exception handler, fails the run.</li>
 * <li>If every task is blocked and nothing can wake them (no timer, no outside work), the loop
 *     reports the deadlock instead of hanging ({@link IllegalStateException}), naming each blocked
 *     task and where it waits: the jasyncio call and the line of your code that made it.</li>
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
        List<String> leaked = new ArrayList<>();
        T result;
        try {
            result = runWithDeadlockReport(loop, () -> {
                T r = main.call();
                for (Task<?> t : loop.allTasks()) {
                    if (t != Asyncio.currentTask()) {
                        leaked.add(t + " " + whereItWaits(t));
                    }
                }
                return r;
            });
        } finally {
            runner.close();
        }
        List<String> problems = new ArrayList<>();
        if (!leaked.isEmpty()) {
            StringBuilder sb = new StringBuilder("leaked tasks (still pending when the test body returned):");
            for (String t : leaked) {
                sb.append("\n  ").append(t);
            }
            problems.add(sb.toString());
        }
        List<Throwable> causes = new ArrayList<>();
        for (ErrorContext ctx : loop.unretrievedExceptions()) {
            problems.add(describe(ctx));
            causes.add(ctx.exception());
        }
        for (ErrorContext ctx : handled) {
            problems.add("error reported to the loop's exception handler: " + describe(ctx));
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

    /** The message of an error context and the other keys that say what it is about. */
    private static String describe(ErrorContext ctx) {
        StringBuilder sb = new StringBuilder(ctx.message());
        if (ctx.future() != null) {
            sb.append(": ").append(ctx.future());
        }
        if (ctx.handle() != null) {
            sb.append(": ").append(ctx.handle());
        }
        ctx.extra().forEach((k, v) -> {
            if (!k.equals("source_traceback")) {
                sb.append(", ").append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }

    /** {@code runner.run(main)}, with each blocked task and where it waits added to a deadlock report. */
    private <T> T runWithDeadlockReport(EventLoop loop, Coroutine<T> main) {
        try {
            return runner.run(main);
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            if (m == null || !m.startsWith("deadlock") || loop.isClosed()) {
                throw e;
            }
            StringBuilder sb = new StringBuilder(m).append("\nblocked tasks:");
            for (Task<?> t : loop.allTasks()) {
                sb.append("\n  ").append(t.getName()).append(' ').append(whereItWaits(t));
            }
            IllegalStateException report = new IllegalStateException(sb.toString(), e.getCause());
            report.setStackTrace(e.getStackTrace());
            throw report;
        }
    }

    /**
     * Where a suspended task waits, from its thread's stack: the jasyncio (or JDK) call it is in and
     * the frame of the caller's code that made it, e.g. {@code "waits in Event.await, at
     * MyTest.lambda$consumer$0(MyTest.java:42)"}.
     */
    static String whereItWaits(Task<?> task) {
        StackTraceElement[] stack = task.thread().getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            if (isCallersCode(stack[i])) {
                if (i == 0) {
                    return "runs at " + stack[i];
                }
                StackTraceElement api = stack[i - 1];
                String cls = api.getClassName();
                return "waits in " + cls.substring(cls.lastIndexOf('.') + 1) + "." + api.getMethodName()
                        + ", at " + stack[i];
            }
        }
        return stack.length == 0 ? "(not started)" : "(no frame of the caller's code: at " + stack[0] + ")";
    }

    /** Whether a frame is the caller's code, not the JDK's, jasyncio's or this testkit's. */
    private static boolean isCallersCode(StackTraceElement frame) {
        if (frame.getClassLoaderName() == null || "platform".equals(frame.getClassLoaderName())) {
            return false; // the JDK
        }
        try {
            Class<?> c = Class.forName(frame.getClassName(), false, TestLoop.class.getClassLoader());
            java.security.CodeSource where = c.getProtectionDomain().getCodeSource();
            return where == null || (!where.equals(EventLoop.class.getProtectionDomain().getCodeSource())
                    && !where.equals(TestLoop.class.getProtectionDomain().getCodeSource()));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return true;
        }
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
