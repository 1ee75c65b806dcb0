package io.jasyncio;

/**
 * When {@link Asyncio#wait(java.util.Collection, ReturnWhen, double)} returns: asyncio's
 * {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED} constants. A timeout, if
 * given, ends the wait earlier in every case.
 */
public enum ReturnWhen {
    /** As soon as any future is done (finished or cancelled). */
    FIRST_COMPLETED,
    /**
     * As soon as any future finishes with an exception (a cancelled future does not count), or when
     * all are done.
     */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
