package io.jasyncio.queues;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item: asyncio's {@code QueueEmpty}.
 * Unchecked, like every asyncio exception in jasyncio.
 */
public final class QueueEmpty extends RuntimeException {

    /** Creates the error with the default message. */
    public QueueEmpty() {
        super("queue is empty");
    }

    /**
     * Creates the error.
     *
     * @param message what was empty
     */
    public QueueEmpty(String message) {
        super(message);
    }
}
