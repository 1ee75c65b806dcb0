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
     * The last step reached.
     *
     * @return its number, 0 before the first
     */
    public int last() {
        return last;
    }
}
