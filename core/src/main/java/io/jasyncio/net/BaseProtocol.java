package io.jasyncio.net;

/**
 * What every protocol shares (asyncio's {@code BaseProtocol}): write flow control. A transport calls
 * {@link #pauseWriting()} when its buffer goes over the high water mark and {@link #resumeWriting()}
 * when it drains to the low one; they come in pairs, on the loop's thread. Both have empty defaults.
 */
public interface BaseProtocol {

    /** The transport's write buffer went over its high water mark: stop writing until resumed. */
    default void pauseWriting() {
    }

    /** The transport's write buffer drained to its low water mark. */
    default void resumeWriting() {
    }
}
