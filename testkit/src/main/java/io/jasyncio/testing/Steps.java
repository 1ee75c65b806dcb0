package io.jasyncio.testing;

import io.jasyncio.Task;

/**
 * Asserts that numbered steps happen in exactly the order written, across tasks (kotlinx.coroutines'
 * {@code expect(n)} / {@code finish(n)}).
 *
 * <pre>{@code
 * Steps steps = new Steps();
 * steps.expect(1);
 * Task<?> t = createTask(() -> { steps.expect(3); return null; });
 * steps.expect(2);
 * sleep(0);
 * steps.finish(4);
 * }</pre>
 */
public final class Steps {

    private int last;
    private boolean finished;
    /** The step after which {@link #expectUnreached()} was reached, or -1. */
    private int unreachedAfter = -1;

    /** A fresh sequence, before step 1. */
    public Steps() {
    }

    /**
     * Records step {@code n}.
     *
     * @param n the step number
     * @throws AssertionError if the previous step was not {@code n - 1}, or the sequence is finished
     */
    public void expect(int n) {
        if (unreachedAfter >= 0) {
            throw new AssertionError("step " + n + " reached after a point marked unreachable was reached (after step "
                    + unreachedAfter + ")");
        }
        if (finished) {
            throw new AssertionError("step " + n + " reached after finish(" + last + ")");
        }
        if (n != last + 1) {
            throw new AssertionError("expected step " + (last + 1) + " but reached step " + n);
        }
        last = n;
    }

    /**
     * Records the final step {@code n}.
     *
     * @param n the step number
     * @throws AssertionError if out of order
     */
    public void finish(int n) {
        expect(n);
        finished = true;
    }

    /**
     * Marks a place the test must never reach (kotlinx.coroutines' {@code expectUnreached()}): code after
     * an await that should have raised, a callback that should not run.
     *
     * <pre>{@code
     * try {
     *     waitFor(() -> sleep(10), 1);
     *     steps.expectUnreached();        // the timeout must fire first
     * } catch (TimeoutError e) {
     *     steps.expect(2);
     * }
     * }</pre>
     *
     * @throws AssertionError always, naming the last step reached before it; if code swallows it,
     *     the next {@link #expect} or {@link #finish} fails instead
     */
    public void expectUnreached() {
        unreachedAfter = last;
        throw new AssertionError("reached a point marked unreachable (the last step reached was " + last + ")");
    }

    /**
     * The last step reached.
     *
     * @return its number, 0 before the first
     */
    public int last() {
        return last;
    }
}
