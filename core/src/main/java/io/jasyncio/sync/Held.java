package io.jasyncio.sync;

/**
 * A lock, semaphore permit or condition lock that is held until this is closed: the Java shape of
 * asyncio's {@code async with lock:}. {@link Lock#hold()}, {@link Semaphore#hold()} and
 * {@link Condition#hold()} acquire (suspending if needed) and return one:
 *
 * <pre>{@code
 * try (var _ = lock.hold()) {
 *     ...                       // released on every way out, exceptions and cancellation included
 * }
 * }</pre>
 */
public final class Held implements AutoCloseable {

    private Runnable release;

    /**
     * A handle whose first {@link #close()} runs {@code release}.
     *
     * @param release what closing does
     */
    Held(Runnable release) {
        this.release = release;
    }

    /**
     * Releases what this holds (asyncio's {@code __aexit__}). Closing it again does nothing.
     *
     * @throws IllegalStateException if the lock or semaphore refuses the release, for example a lock
     *     that was already released some other way, or a {@link BoundedSemaphore} released too often
     */
    @Override
    public void close() {
        Runnable r = release;
        if (r != null) {
            release = null;
            r.run();
        }
    }
}
