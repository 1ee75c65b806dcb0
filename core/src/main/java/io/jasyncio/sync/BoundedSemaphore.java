package io.jasyncio.sync;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: asyncio's
 * {@code BoundedSemaphore}. A {@link #release()} that would raise the value above the initial one
 * throws and changes nothing, which catches a double release early.
 */
public final class BoundedSemaphore extends Semaphore {

    private final int bound;

    /** Creates a bounded semaphore with one permit: {@code asyncio.BoundedSemaphore()}. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Creates a bounded semaphore: {@code asyncio.BoundedSemaphore(value)}.
     *
     * @param value the initial, and highest, number of permits
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()}.
     *
     * @throws IllegalStateException if the value is already at its initial level (Python's
     *     {@code ValueError}), with the message {@code "BoundedSemaphore released too many times"};
     *     the semaphore is unchanged
     */
    @Override
    public void release() {
        if (value() >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
