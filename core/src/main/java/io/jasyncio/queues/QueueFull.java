package io.jasyncio.queues;

/**
 * Thrown by {@link Queue#putNowait(Object)} when the queue already holds {@link Queue#maxsize()}
 * items: asyncio's {@code QueueFull}.
 */
public final class QueueFull extends RuntimeException {

    /** Creates the error with the default message. */
    public QueueFull() {
        super("queue is full");
    }

    /**
     * Creates the error.
     *
     * @param message what was full
     */
    public QueueFull(String message) {
        super(message);
    }
}
