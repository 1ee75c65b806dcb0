package io.jasyncio;

/**
 * The operation is not allowed in the future's or task's current state: asking a pending future for
 * its result, or setting the result of one that is already done.
 */
public class InvalidStateError extends IllegalStateException {

    /**
     * Creates the error.
     *
     * @param message what was wrong
     */
    public InvalidStateError(String message) {
        super(message);
    }
}
