package io.jasyncio.streams;

import java.io.EOFException;

/**
 * The stream ended before a read could complete: asyncio's {@code IncompleteReadError}, raised by
 * {@link StreamReader#readexactly(int)} and {@link StreamReader#readuntil(byte[])}. asyncio's is a
 * subclass of Python's {@code EOFError}; this one extends {@link EOFException}, Java's counterpart, so
 * it is also an {@link java.io.IOException} and {@code catch (EOFException e)} catches it.
 *
 * <p>The bytes that did arrive were taken out of the reader's buffer and are carried here, in
 * {@link #partial()}: nothing is lost.
 */
public final class IncompleteReadError extends EOFException {

    /** The bytes read before the end of the stream. */
    private final byte[] partial;
    /** The count expected, or -1. */
    private final int expected;

    /**
     * Creates the error.
     *
     * @param partial the bytes read before the end of the stream (kept, not copied)
     * @param expected how many bytes were expected, or -1 if the read was for a separator
     */
    public IncompleteReadError(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : expected)
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes read before the end of the stream (the array itself, not a copy); for
     * {@code readuntil} it may end with part of the separator.
     *
     * @return the partial data, possibly empty
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * How many bytes were expected: {@code n} for {@code readexactly(n)}, -1 for {@code readuntil}
     * (asyncio's {@code None}).
     *
     * @return the expected count, or -1
     */
    public int expected() {
        return expected;
    }
}
