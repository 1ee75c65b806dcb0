package io.jasyncio.net;

/**
 * The read half of a transport (asyncio's {@code ReadTransport}): flow control of what it delivers. A child
 * process's output pipe is one; so is every {@link Transport}.
 */
public interface ReadTransport extends BaseTransport {

    /** Stops delivering data until {@link #resumeReading()}. Idempotent. */
    void pauseReading();

    /** Resumes delivering data. Idempotent. */
    void resumeReading();

    /**
     * Whether data is being delivered.
     *
     * @return false while paused or closing
     */
    boolean isReading();
}
