package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reading end of a child process's output pipe ({@link AsyncProcess#stdout()},
 * {@link AsyncProcess#stderr()}): asyncio's {@code StreamReader}, with the same methods and
 * semantics (CPython 3.13 {@code Lib/asyncio/streams.py}). <b>To be replaced by
 * {@code io.jasyncio.StreamReader}</b> once that class is merged: the method names and behaviour
 * are the same, so the swap is mechanical (only the type name and the nested exceptions move).
 *
 * <p>Bytes arrive from a pipe thread into an internal buffer; the read methods take them from there,
 * suspending the task while the buffer holds too little. Flow control, as asyncio: when the buffer
 * holds more than twice {@link #limit()} bytes, the pipe stops being read (the child then blocks on a
 * full pipe), and it resumes once reads bring the buffer down to {@code limit}.
 *
 * <p>Loop-confined: use it from the tasks of the loop that created the process. Only one task may
 * wait for data at a time ({@link IllegalStateException} otherwise), as in asyncio.
 *
 * <p>States: open &rarr; at EOF once the child closed the pipe (or exited) and the buffer is empty
 * ({@link #atEof()}); or failed, if reading the pipe failed: every read then throws that error.
 */
public final class PipeReader {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    /** Thrown by {@link #readexactly} and {@link #readuntil} when EOF comes first: asyncio's {@code IncompleteReadError}. */
    public static final class IncompleteReadError extends RuntimeException {
        /** The bytes read before EOF. */
        private final transient byte[] partial;
        /** The count expected, or -1. */
        private final int expected;

        IncompleteReadError(byte[] partial, int expected) {
            super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : expected)
                    + " expected bytes");
            this.partial = partial;
            this.expected = expected;
        }

        /**
         * The bytes read before EOF (taken out of the reader).
         *
         * @return the partial data
         */
        public byte[] partial() {
            return partial;
        }

        /**
         * How many bytes were expected, or -1 when reading up to a separator.
         *
         * @return the expected count
         */
        public int expected() {
            return expected;
        }
    }

    /** Thrown by {@link #readuntil} when no separator is found within the limit: asyncio's {@code LimitOverrunError}. */
    public static final class LimitOverrunError extends RuntimeException {
        /** How many bytes to consume to get past the problem. */
        private final int consumed;

        LimitOverrunError(String message, int consumed) {
            super(message);
            this.consumed = consumed;
        }

        /**
         * How many bytes to consume to get past the problem (the data stays in the reader).
         *
         * @return the count
         */
        public int consumed() {
            return consumed;
        }
    }

    /** The producer's flow control: asyncio's {@code transport.pause_reading()}/{@code resume_reading()}. */
    interface Flow {
        /** Stop delivering data (the buffer is over twice the limit). */
        void pauseReading();

        /** Deliver data again. */
        void resumeReading();
    }

    private final EventLoop loop;
    private final int limit;
    private Flow flow;
    private boolean paused;
    /** The buffer: bytes {@code [head, tail)} of {@code buf}. */
    private byte[] buf = EMPTY;
    private int head;
    private int tail;
    private boolean eof;
    private Throwable exception;
    /** The future of the task waiting for data, or null. */
    private Future<Void> waiter;

    PipeReader(EventLoop loop, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.loop = loop;
        this.limit = limit;
    }

    /** Sets the producer to pause and resume (asyncio's {@code set_transport}). */
    void setFlow(Flow flow) {
        this.flow = flow;
    }

    // ------------------------------------------------------------------------------------------
    // Producer side (the pipe)

    /** Appends bytes that arrived; pauses the producer above twice the limit. */
    void feedData(byte[] data) {
        if (data.length == 0) {
            return;
        }
        append(data);
        wakeupWaiter(null);
        if (flow != null && !paused && size() > 2 * limit) {
            paused = true;
            flow.pauseReading();
        }
    }

    /** The pipe reached its end. */
    void feedEof() {
        eof = true;
        wakeupWaiter(null);
    }

    /** Reading the pipe failed: every read throws {@code e} from now on. */
    void setException(Throwable e) {
        exception = Objects.requireNonNull(e, "e");
        wakeupWaiter(e);
    }

    private void wakeupWaiter(Throwable e) {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                if (e == null) {
                    w.setResult(null);
                } else {
                    w.setException(e);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // State

    /**
     * The limit given at creation: the longest line {@link #readline()} accepts, and half the buffer
     * size at which the pipe stops being read.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    /**
     * Whether the pipe has ended and every byte was read: asyncio's {@code at_eof()}.
     *
     * @return true at EOF with an empty buffer
     */
    public boolean atEof() {
        return eof && size() == 0;
    }

    /**
     * The error reading the pipe failed with, or null.
     *
     * @return the exception, or null
     */
    public Throwable exception() {
        return exception;
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads up to {@code n} bytes: asyncio's {@code read(n)}. Suspends only while the buffer is empty and
     * the pipe has not ended; returns what is there, at most {@code n} bytes. With {@code n < 0}, reads
     * until EOF and returns everything.
     *
     * <p>Cancel safety: for {@code n >= 0}, cancel safe: if the task is cancelled while waiting, nothing
     * was taken. For {@code n < 0}, not cancel safe: the data is taken chunk by chunk (so that a long
     * output does not stall the pipe), and what was taken before the cancellation is lost.
     *
     * @param n the most bytes to return; negative: all until EOF
     * @return the bytes; empty only at EOF (or for {@code n == 0})
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is already waiting for data
     */
    public byte[] read(int n) {
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] block; (block = read(limit)).length > 0; ) {
                all.writeBytes(block);
            }
            return all.toByteArray();
        }
        if (size() == 0 && !eof) {
            waitForData("read");
        }
        return take(Math.min(n, size()));
    }

    /**
     * Reads one line, up to and including {@code '\n'}: asyncio's {@code readline()}. At EOF, returns the
     * partial last line (empty when nothing is left).
     *
     * <p>Cancel safety: cancel safe: the data stays in the buffer until the whole line is there.
     *
     * @return the line, with its newline unless it is the last one and unterminated
     * @throws IllegalArgumentException if the line is longer than {@link #limit()} (asyncio's
     *     {@code ValueError}); the line, or the buffer when the newline is not in it, is discarded
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is already waiting for data
     */
    public byte[] readline() {
        try {
            return readuntil(NEWLINE);
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            int c = e.consumed();
            if (c < size() && buf[head + c] == '\n') {
                take(c + 1);
            } else {
                take(size());
            }
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Reads up to and including {@code separator}: asyncio's {@code readuntil(separator)}.
     *
     * <p>Cancel safety: cancel safe: the data stays in the buffer until the separator is there.
     *
     * @param separator the bytes to stop after (at least one byte)
     * @return the data, ending with the separator
     * @throws IncompleteReadError if EOF comes first; its {@code partial()} holds the rest of the data,
     *     taken out of the buffer
     * @throws LimitOverrunError if the separator is not within {@link #limit()} bytes; the data stays
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is already waiting for data
     */
    public byte[] readuntil(byte[] separator) {
        int seplen = separator.length;
        if (seplen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        throwIfFailed();
        // As asyncio: search only the bytes not searched yet (offset), and give up past the limit.
        int offset = 0;
        int isep;
        while (true) {
            if (size() - offset >= seplen) {
                isep = indexOf(separator, offset);
                if (isep >= 0) {
                    break;
                }
                offset = size() + 1 - seplen;
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (eof) {
                throw new IncompleteReadError(take(size()), -1);
            }
            waitForData("readuntil");
        }
        if (isep > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", isep);
        }
        return take(isep + seplen);
    }

    /**
     * Reads exactly {@code n} bytes: asyncio's {@code readexactly(n)}.
     *
     * <p>Cancel safety: cancel safe: nothing is taken until all {@code n} bytes are there.
     *
     * @param n the count
     * @return {@code n} bytes
     * @throws IncompleteReadError if EOF comes first; its {@code partial()} holds the bytes there were
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is already waiting for data
     */
    public byte[] readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        throwIfFailed();
        while (size() < n) {
            if (eof) {
                throw new IncompleteReadError(take(size()), n);
            }
            waitForData("readexactly");
        }
        return take(n);
    }

    private void throwIfFailed() {
        if (exception != null) {
            throw Throw.sneaky(exception);
        }
    }

    /** Suspends until data, EOF or an error arrives (asyncio's {@code _wait_for_data}). */
    private void waitForData(String what) {
        if (waiter != null) {
            throw new IllegalStateException(what + "() called while another task is already waiting for incoming data");
        }
        if (paused) {
            // Waiting for more than the buffer may hold (a long readexactly): let the pipe deliver.
            paused = false;
            flow.resumeReading();
        }
        Future<Void> w = new Future<>(loop);
        waiter = w;
        try {
            w.call();
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The buffer

    private int size() {
        return tail - head;
    }

    private void append(byte[] data) {
        int n = data.length;
        if (buf.length - tail < n) {
            int size = size();
            if (buf.length - size >= n && head > 0) {
                System.arraycopy(buf, head, buf, 0, size);
            } else {
                buf = Arrays.copyOfRange(buf, head, head + Math.max(size + n, 2 * buf.length));
            }
            head = 0;
            tail = size;
        }
        System.arraycopy(data, 0, buf, tail, n);
        tail += n;
    }

    /** Takes {@code n} bytes from the front and resumes the producer if the buffer is low again. */
    private byte[] take(int n) {
        byte[] out = n == 0 ? EMPTY : Arrays.copyOfRange(buf, head, head + n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        if (paused && size() <= limit) {
            paused = false;
            flow.resumeReading();
        }
        return out;
    }

    /** The index (from the front of the buffer) of {@code sep} at or after {@code from}, or -1. */
    private int indexOf(byte[] sep, int from) {
        int last = tail - sep.length;
        outer:
        for (int i = head + from; i <= last; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "PipeReader[" + size() + " bytes buffered" + (eof ? ", eof" : "") + (paused ? ", paused" : "")
                + (exception != null ? ", exception=" + exception : "") + "]";
    }
}
