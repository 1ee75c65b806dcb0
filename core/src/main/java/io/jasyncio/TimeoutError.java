package io.jasyncio;

/**
 * Raised by {@link Asyncio#waitFor}, a {@link Timeout} scope, {@link Asyncio#asCompleted} and other
 * operations when their deadline passes. The work that overran is cancelled first; the
 * {@link CancelledError} that ended it is this exception's cause, as in asyncio 3.11+.
 */
public class TimeoutError extends RuntimeException {

    /** Creates a timeout error with no message. */
    public TimeoutError() {
        super();
    }

    /**
     * Creates a timeout error.
     *
     * @param message what timed out
     */
    public TimeoutError(String message) {
        super(message);
    }

    /**
     * Creates a timeout error chained to the cancellation that ended the work.
     *
     * @param message what timed out
     * @param cause the cancellation
     */
    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
