package io.jasyncio.streams;

import java.io.IOException;

/**
 * A {@link StreamReader} found no separator within its limit: asyncio's {@code LimitOverrunError}.
 * It is an {@link IOException}, like every other error of a stream read, so that one
 * {@code catch (IOException e)} handles them all.
 *
 * <p>Raised by {@link StreamReader#readuntil(byte[])}, which leaves the data in the buffer: read
 * {@link #consumed()} bytes (for example with {@link StreamReader#readexactly(int)}) to skip it. Also
 * raised by {@link StreamReader#readline()}, which has already discarded the overlong line (or, if its
 * end has not arrived yet, the whole buffer); asyncio raises a {@code ValueError} there.
 */
public final class LimitOverrunError extends IOException {

    /** The bytes to consume to get past the overrun. */
    private final int consumed;

    /**
     * Creates the error.
     *
     * @param message what overran
     * @param consumed the number of bytes to consume to get past the overrun
     */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * The number of bytes to consume to get past the overrun: the offset of the separator if it was
     * found beyond the limit, otherwise how many bytes were searched without finding it.
     *
     * @return the count
     */
    public int consumed() {
        return consumed;
    }
}
