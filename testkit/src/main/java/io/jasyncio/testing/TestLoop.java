package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Runner;
import io.jasyncio.Task;
import io.jasyncio.VirtualClock;
import io.jasyncio.debug.Debug;
import io.jasyncio.internal.Kernel;

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
 * <li>If the test still runs after a limit of real time ({@link #hangTimeout}, 60 s by default), it
 *     hangs on something real (a thread, a CPU loop): every task's stack is printed and the test fails.</li>
 * <li>With a seed ({@link #seeded}, or {@code -Djasyncio.test.seed=N} for every test), the task steps
 *     that become ready in the same turn run in a seeded random order; {@link #explore} tries many
 *     seeds and names the first that fails, and the same seed replays the same interleaving.</li>
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
    private Long seed;
    private double hangTimeout = defaultHangTimeout();

    /**
     * A fresh test loop (not running), in the loop's default order, or seeded with the system property
     * {@code jasyncio.test.seed} if it is set.
     */
    public TestLoop() {
        runner.getLoop().setExceptionHandler((loop, ctx) -> handled.add(ctx));
        String s = System.getProperty("jasyncio.test.seed");
        if (s != null && !s.isBlank()) {
            seed(Long.parseLong(s.strip()));
        }
    }

    /**
     * A fresh test loop whose same-turn task steps run in an order drawn from {@code seed}.
     *
     * @param seed the seed; the same seed replays the same interleaving
     * @return the loop (not running)
     */
    public static TestLoop seeded(long seed) {
        TestLoop t = new TestLoop();
        t.seed(seed);
        return t;
    }

    private void seed(long s) {
        EventLoop loop = runner.getLoop();
        var access = Kernel.access();
        access.setMonitor(loop, new SeededSchedule(s, access.monitor(loop)));
        this.seed = s;
    }

    /**
     * The scheduling seed, if this loop has one.
     *
     * @return the seed, or null for the default first-come, first-served order
     */
    public Long seed() {
        return seed;
    }

    /**
     * Sets how long (real time) {@link #runMain} may run before the test counts as hung: every task's
     * stack is then printed, the main task cancelled, and the run fails.
     *
     * @param seconds the limit (60 by default, or the system property {@code jasyncio.test.hangTimeout})
     * @return this loop
     * @throws IllegalArgumentException if {@code seconds} is not positive
     */
    public TestLoop hangTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("the hang timeout must be positive, got " + seconds);
        }
        this.hangTimeout = seconds;
        return this;
    }

    private static double defaultHangTimeout() {
        String s = System.getProperty("jasyncio.test.hangTimeout");
        return s == null || s.isBlank() ? 60 : Double.parseDouble(s.strip());
    }

    /**
     * Runs {@code main} in the default order, then once for each seed from 1 to {@code schedules}, each
     * on a fresh test loop, and fails on the first run that fails, naming its seed: the search for an
     * interleaving that breaks the code. Rerun one with {@code TestLoop.seeded(seed).runMain(main)} or
     * {@code -Djasyncio.test.seed=seed}.
     *
     * @param <T> the result type
     * @param schedules how many seeded orders to try
     * @param main the coroutine; it must not depend on state left by an earlier run
     * @return the result of the default-order run
     * @throws AssertionError naming the first seed whose run failed, with that failure as the cause
     */
    public static <T> T explore(int schedules, Coroutine<T> main) {
        T result = new TestLoop().runMain(main);
        for (long s = 1; s <= schedules; s++) {
            try {
                seeded(s).runMain(main);
            } catch (Throwable e) {
                AssertionError a = new AssertionError("fails with scheduling seed " + s + " (passes in the default order): "
                        + e + "\n  replay: TestLoop.seeded(" + s + ").runMain(...) or -Djasyncio.test.seed=" + s, e);
                throw a;
            }
        }
        return result;
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
        try {
            return runChecked(main);
        } catch (RuntimeException | Error e) {
            if (seed != null) {
                e.addSuppressed(new SeedNote("scheduling seed " + seed + ": rerun with TestLoop.seeded(" + seed
                        + ") or -Djasyncio.test.seed=" + seed));
            }
            throw e;
        }
    }

    /** Names the seed of a failed seeded run, attached to its failure. */
    private static final class SeedNote extends Throwable {
        SeedNote(String message) {
            super(message, null, false, false);
        }
    }

    private <T> T runChecked(Coroutine<T> main) {
        EventLoop loop = runner.getLoop();
        List<String> leaked = new ArrayList<>();
        HangWatch hang = new HangWatch(loop, hangTimeout);
        T result;
        try {
            result = runWithDeadlockReport(loop, () -> {
                hang.started(Asyncio.currentTask());
                T r = main.call();
                for (Task<?> t : loop.allTasks()) {
                    if (t != Asyncio.currentTask()) {
                        leaked.add(t + " " + whereItWaits(t));
                    }
                }
                return r;
            });
        } catch (io.jasyncio.CancelledError e) {
            String report = hang.report();
            if (report != null) {
                AssertionError a = new AssertionError(report);
                a.initCause(e);
                throw a;
            }
            throw e;
        } finally {
            hang.stop();
            runner.close();
        }
        List<String> problems = new ArrayList<>();
        if (!leaked.isEmpty()) {
            StringBuilder sb = new StringBuilder("leaked tasks (still pending when the test body returned):");
            for (String t : leaked) {
                sb.append("\n  ").append(t);
            }
            if (!loop.getDebug()) {
                sb.append("\n  (run with -Djasyncio.debug=true to see where each was created)");
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
            sb.append("\nwho awaits whom:\n").append(Debug.taskTree(loop).formatTree().stripTrailing());
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
