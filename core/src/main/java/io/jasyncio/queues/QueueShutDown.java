package io.jasyncio.queues;

/**
 * Thrown when putting into a queue that was {@linkplain Queue#shutdown() shut down}, or getting from
 * one that is shut down and empty: asyncio's {@code QueueShutDown} (Python 3.13).
 */
public final class QueueShutDown extends RuntimeException {

    /** Creates the error with the default message. */
    public QueueShutDown() {
        super("queue is shut down");
    }

    /**
     * Creates the error.
     *
     * @param message what was refused
     */
    public QueueShutDown(String message) {
        super(message);
    }
}
