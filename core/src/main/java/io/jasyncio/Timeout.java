package io.jasyncio;

import io.jasyncio.internal.Throw;

/**
 * A scope with a deadline on the loop clock: asyncio's {@code Timeout}, the object behind
 * {@code asyncio.timeout()} and {@code asyncio.timeout_at()}. Enter one with
 * {@link Asyncio#timeout(double, Body)} or {@link Asyncio#timeoutAt(double, Body)}:
 *
 * <pre>{@code
 * String page = timeout(10, scope -> {
 *     String first = fetch("a");
 *     scope.reschedule(getRunningLoop().time() + 5);  // 5 more seconds for the second half
 *     return first + fetch("b");
 * });
 * }</pre>
 *
 * <h2>How it works</h2>
 * When the deadline passes while the body runs, the scope cancels the current task
 * ({@link Task#cancel()}): the body sees a {@link CancelledError} at its next suspension point. When
 * that error leaves the body, the scope withdraws its request ({@link Task#uncancel()}) and, if the
 * task's {@link Task#cancelling()} count is then back to what it was when the scope was entered, raises
 * {@link TimeoutError} with the {@code CancelledError} as cause. If the count is higher, someone else
 * (an enclosing scope, a task group, an outer {@code cancel()}) also asked for the cancellation, and the
 * {@code CancelledError} goes on unchanged. So nested scopes each report their own expiry, and an outer
 * cancellation is never turned into a timeout (CPython 3.11+ {@code timeouts.py}). A body that catches
 * the {@code CancelledError} and returns normally ends the scope normally: no {@code TimeoutError}
 * (asyncio does the same; {@link #expired()} still says the deadline passed). A body parked in a JDK
 * blocking call when the deadline passes is interrupted; the {@code InterruptedException} that leaves
 * it counts as the cancellation (it becomes the cause of the {@code CancelledError}).
 *
 * <p>If another exception leaves the body of an expired scope (for example one thrown by a
 * {@code finally} block while the cancellation unwound), it propagates, with a {@link TimeoutError}
 * added as suppressed exception so that the cause stays visible: Java has no implicit exception
 * context, where CPython 3.13 inserts the {@code TimeoutError} into {@code __context__}.
 *
 * <h2>States</h2>
 * <table>
 * <caption>Timeout states (the Java shape has no "created" state: a scope is entered when made)</caption>
 * <tr><th>state</th><th>entered by</th><th>{@link #expired()}</th><th>{@link #reschedule}</th></tr>
 * <tr><td>active</td><td>entering the body</td><td>false</td><td>allowed</td></tr>
 * <tr><td>expiring</td><td>the deadline passed: the task was cancelled</td><td>true</td><td>throws</td></tr>
 * <tr><td>expired</td><td>the body ended after expiring</td><td>true</td><td>throws</td></tr>
 * <tr><td>finished</td><td>the body ended before the deadline</td><td>false</td><td>throws</td></tr>
 * </table>
 *
 * <h2>Threads</h2>
 * Loop-confined, like futures: call {@link #reschedule} from a task or callback of the loop (not
 * necessarily the task the scope belongs to).
 *
 * <p>The scopes a task is in form a stack; {@link Asyncio#currentEffectiveDeadline()} returns the
 * nearest of their deadlines (trio's {@code current_effective_deadline}).
 */
public final class Timeout {

    /** The deadline of a scope that never expires (asyncio's {@code timeout(None)}): positive infinity. */
    public static final double NEVER = Double.POSITIVE_INFINITY;

    /**
     * The body of a timeout scope: runs in the current task, and may use the scope.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the body.
         *
         * @param scope the scope, to read or move its deadline
         * @return the result of the scope
         * @throws Exception anything; it leaves the scope unchanged, except the scope's own
         *     {@link CancelledError}, which becomes {@link TimeoutError}
         */
        T run(Timeout scope) throws Exception;
    }

    private enum State {
        ACTIVE("active"), EXPIRING("expiring"), EXPIRED("expired"), FINISHED("finished");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private final Task<?> task;
    private final EventLoop loop;
    /** The task's cancellation count when the scope was entered. */
    private final int cancellingOnEntry;
    /** The enclosing scope of the same task, or null. */
    final Timeout outer;
    private State state;
    private double when;
    /** The pending expiry callback: a timer, or a call-soon handle for a deadline already passed. */
    private Handle handler;

    private Timeout(Task<?> task, double when) {
        this.task = task;
        this.loop = task.loop;
        this.cancellingOnEntry = task.cancelling();
        this.outer = task.timeoutScope;
        this.state = State.ACTIVE;
        reschedule(when);
        task.timeoutScope = this;
    }

    /**
     * Runs {@code body} in a scope that expires at loop time {@code when}; see the class comment.
     * The body's result or exception is the scope's, except the scope's own cancellation.
     */
    static <T> T run(double when, Body<T> body) {
        checkDeadline(when);
        Task<?> task = Task.currentOrThrow("timeout()");
        Timeout scope = new Timeout(task, when);
        T result;
        try {
            result = body.run(scope);
        } catch (Throwable e) {
            throw Throw.sneaky(scope.exit(e));
        }
        scope.exit(null);
        return result;
    }

    /** Absolute deadline {@code delay} seconds from now on the running loop's clock. */
    static double deadlineAfter(double delaySeconds) {
        checkDeadline(delaySeconds);
        if (delaySeconds == NEVER) {
            return NEVER;
        }
        return Task.currentOrThrow("timeout()").loop.time() + delaySeconds;
    }

    private static void checkDeadline(double d) {
        if (Double.isNaN(d)) {
            throw new IllegalArgumentException("a timeout or deadline must be a number, got NaN");
        }
    }

    /**
     * The deadline, in seconds of loop time ({@link EventLoop#time()} scale).
     *
     * @return the deadline, or {@link #NEVER} if the scope has none
     */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline: asyncio's {@code Timeout.reschedule()}. A deadline already passed expires
     * the scope in the next turn of the loop; {@link #NEVER} removes the deadline.
     *
     * @param when the new deadline in seconds of loop time, or {@link #NEVER}
     * @throws IllegalStateException if the scope has expired or finished
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public void reschedule(double when) {
        checkDeadline(when);
        if (state != State.ACTIVE) {
            throw new IllegalStateException("Cannot change state of " + state.label + " Timeout");
        }
        this.when = when;
        Handle h = handler;
        if (h != null) {
            h.cancel();
        }
        if (when == NEVER) {
            handler = null;
        } else if (when <= loop.time()) {
            handler = loop.callSoon(this::onTimeout);
        } else {
            handler = loop.callAt(when, this::onTimeout);
        }
    }

    /**
     * Whether the deadline passed while the body ran (so the scope cancelled its task).
     *
     * @return true once expiring or expired
     */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    private void onTimeout() {
        handler = null;
        if (state != State.ACTIVE) {
            return; // cannot happen: leaving the scope cancels the handler
        }
        state = State.EXPIRING;
        task.cancel();
    }

    /**
     * Leaves the scope with the body's outcome ({@code error} null: it returned) and gives what the
     * caller must throw instead ({@code error} itself, a {@link TimeoutError}, or null).
     */
    private Throwable exit(Throwable error) {
        Handle h = handler;
        if (h != null) {
            h.cancel();
            handler = null;
        }
        task.timeoutScope = outer; // scopes are lambda-bound, so they leave in LIFO order
        if (error != null) {
            // Our cancel() may have surfaced as an InterruptedException from a JDK blocking call.
            CancelledError ce = task.cancellationFor(error);
            if (ce != null) {
                error = ce;
            }
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingOnEntry && error != null) {
                // No cancellation request is left but ours: this error is our doing.
                if (error instanceof CancelledError ce) {
                    return new TimeoutError("the deadline " + when + " (loop time) passed", ce);
                }
                error.addSuppressed(new TimeoutError("the deadline " + when
                        + " (loop time) passed while this exception was raised"));
            }
        } else if (state == State.ACTIVE) {
            state = State.FINISHED;
        }
        return error;
    }

    /** The nearest deadline of the scopes {@code task} is in; {@link #NEVER} if none. */
    static double effectiveDeadline(Task<?> task) {
        double d = NEVER;
        for (Timeout s = task.timeoutScope; s != null; s = s.outer) {
            d = Math.min(d, s.when);
        }
        return d;
    }

    @Override
    public String toString() {
        if (state == State.ACTIVE) {
            return "<Timeout [active] when=" + (when == NEVER ? "None" : when) + ">";
        }
        return "<Timeout [" + state.label + "]>";
    }
}
