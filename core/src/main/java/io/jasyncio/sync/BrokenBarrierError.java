package io.jasyncio.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken ({@link Barrier#abort()}) or reset
 * ({@link Barrier#reset()}) while a task waits, or is broken when a task arrives: asyncio's
 * {@code BrokenBarrierError}, a {@code RuntimeError} in Python.
 */
public final class BrokenBarrierError extends RuntimeException {

    /**
     * Creates the error.
     *
     * @param message what broke the wait
     */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
