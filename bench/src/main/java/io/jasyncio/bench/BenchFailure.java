package io.jasyncio.bench;

/** A run produced a wrong result (or could not be measured): the process exits with status 1. */
public final class BenchFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what went wrong
     */
    public BenchFailure(String message) {
        super(message);
    }
}
