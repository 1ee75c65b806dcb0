package io.jasyncio;

/**
 * Raised inside a task, at a suspension point, when the task was cancelled; and by
 * {@link Future#result()} of a cancelled future.
 *
 * <p>Like asyncio's {@code CancelledError} (a {@code BaseException} since Python 3.8), this is not an
 * {@link Exception}: a {@code catch (Exception e)} does not swallow a cancellation by accident. It
 * extends {@link Error}, the precedent being {@code ThreadDeath}, which the JDK made an {@code Error}
 * for the same reason (docs/adr/0003-cancelled-error.md). Code that catches it should clean up and
 * rethrow it; to really suppress a cancellation, call {@link Task#uncancel()}.
 */
public class CancelledError extends Error {

    /** Creates a cancellation with no message. */
    public CancelledError() {
        super();
    }

    /**
     * Creates a cancellation carrying the message given to {@code cancel(msg)}.
     *
     * @param message the message, or null
     */
    public CancelledError(String message) {
        super(message);
    }
}
