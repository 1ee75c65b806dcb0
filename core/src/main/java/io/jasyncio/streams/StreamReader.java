package io.jasyncio.streams;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import io.jasyncio.internal.Throw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.net.Net;
import io.jasyncio.net.ReadTransport;
import io.jasyncio.net.Transport;

/**
 * The reading half of a stream connection: asyncio's {@code StreamReader} (CPython 3.13
 * {@code Lib/asyncio/streams.py}). Get one from {@link Streams#openConnection(String, int)} or in a
 * {@link Streams#startServer} handler; the connection's protocol feeds it, tasks read from it.
 *
 * <pre>{@code
 * Streams.StreamPair c = Streams.openConnection("127.0.0.1", port);
 * c.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
 * byte[] status = c.reader().readline();              // suspends until a line (or EOF) arrives
 * for (byte[] header : c.reader()) {                  // async for line in reader:
 *     if (header.length <= 2) break;                  // the empty line ends the headers
 * }
 * byte[] body = c.reader().read(-1);                  // the rest, up to EOF
 * }</pre>
 *
 * <h2>Buffer, limit and flow control</h2>
 * Bytes fed by the protocol wait in an internal buffer until a read takes them. The {@code limit}
 * (default {@value #DEFAULT_LIMIT} bytes) bounds what {@link #readline()} and {@link #readuntil(byte[])}
 * accept before the separator ({@link LimitOverrunError}), and doubles as the flow-control threshold:
 * when the buffer holds more than {@code 2 * limit} bytes the reader pauses the transport's reading
 * (the peer's writes then back up into the kernel's buffers, and finally its drain suspends), and it
 * resumes reading once reads bring the buffer back to {@code limit} or below, or when a read must wait
 * for more data (so that {@code readexactly(n)} with {@code n > 2 * limit} cannot deadlock).
 *
 * <h2>States</h2>
 * <table>
 * <caption>StreamReader states</caption>
 * <tr><th>state</th><th>entered by</th><th>reads</th></tr>
 * <tr><td>open</td><td>creation</td><td>take buffered bytes, or wait for more</td></tr>
 * <tr><td>EOF fed</td><td>{@link #feedEof()} (the peer closed its side)</td><td>take what is buffered;
 *     then {@code read} and {@code readline} return empty arrays, {@code readexactly} and
 *     {@code readuntil} raise {@link IncompleteReadError} ({@link #atEof()} is true once empty)</td></tr>
 * <tr><td>failed</td><td>{@link #setException(Throwable)} (the connection broke)</td><td>every read
 *     raises that exception, buffered bytes or not</td></tr>
 * </table>
 *
 * <h2>One reader at a time</h2>
 * Only one task may wait on a reader: a second task whose read must wait while another one waits gets
 * {@link IllegalStateException} ("... already waiting for incoming data"; asyncio's
 * {@code RuntimeError}), since it could not be known which of them the next bytes are for. A read that
 * need not wait is always allowed.
 *
 * <h2>Cancel safety</h2>
 * Every read is cancel safe: a read cancelled while it waits takes nothing, and the bytes it was
 * waiting for stay in the buffer for the next read. Each method's "Cancel safety" paragraph gives the
 * details, including the one place where jasyncio is stricter than asyncio ({@code read(-1)}).
 *
 * <h2>Loop and threads</h2>
 * The reader binds to the loop of the first task that waits on it; it is not thread-safe: feed it and
 * read it from that loop's tasks and callbacks only.
 */
public final class StreamReader implements Iterable<byte[]> {

    private static final KernelAccess KERNEL = Kernel.access();

    /** The default limit, 64 KiB, as asyncio's {@code _DEFAULT_LIMIT}. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final byte[][] NEWLINE = {{'\n'}};

    private final int limit;
    private final ByteQueue buffer;
    private boolean eof;
    /**
     * The future of the task waiting for data, or null (asyncio's {@code _waiter}). It completes with
     * null when data or EOF arrives, or with the exception given to {@link #setException}: as a result,
     * never as an exception, so that a waiter cancelled right after its wake-up leaves no unretrieved
     * exception behind.
     */
    private Future<Throwable> waiter;
    private Throwable exception;
    private ReadTransport transport;
    private boolean paused;
    /** The loop of the first task that waited here, or null. */
    private EventLoop loop;

    /** A reader with the default limit, {@value #DEFAULT_LIMIT} bytes. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader with the given limit.
     *
     * @param limit the most bytes {@code readline}/{@code readuntil} accept before the separator, and
     *     half the buffer size above which the transport's reading is paused
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public StreamReader(int limit) {
        this.limit = checkLimit(limit);
        this.buffer = new ByteQueue(4L * limit); // do not keep the memory of a large burst (read(-1), readexactly(big))
    }

    static int checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0, got " + limit);
        }
        return limit;
    }

    /**
     * The limit given at creation.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    // ------------------------------------------------------------------------------------------
    // The protocol's side

    /**
     * Tells the reader which transport to pause and resume for flow control. For protocol implementers;
     * the streams made by {@link Net} call it.
     *
     * @param transport the transport feeding this reader
     * @throws IllegalStateException if a transport is already set
     */
    public void setTransport(ReadTransport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Appends bytes to the buffer and wakes the waiting read. For protocol implementers (a protocol's
     * {@code dataReceived} calls it). Pauses the transport's reading when the buffer holds more than
     * {@code 2 * limit} bytes.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(byte[] data) {
        feedData(ByteBuffer.wrap(data));
    }

    /**
     * Appends the bytes from position to limit (the buffer's position is left as it is). See
     * {@link #feedData(byte[])}.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(ByteBuffer data) {
        if (eof) {
            throw new IllegalStateException("feedData() after feedEof()");
        }
        if (!data.hasRemaining()) {
            return;
        }
        buffer.append(data);
        wakeupWaiter(null);
        if (transport != null && !paused && buffer.size() > 2L * limit) {
            try {
                transport.pauseReading();
                paused = true;
            } catch (UnsupportedOperationException e) {
                transport = null; // it cannot pause: buffer everything, and stop trying (asyncio)
            }
        }
    }

    /** Marks the end of the stream and wakes the waiting read. For protocol implementers. Idempotent. */
    public void feedEof() {
        eof = true;
        wakeupWaiter(null);
    }

    /**
     * Makes every read, the waiting one included, raise {@code exc}. For protocol implementers (a
     * protocol's {@code connectionLost(exc)} calls it).
     *
     * @param exc the error, typically the connection's {@link IOException}
     */
    public void setException(Throwable exc) {
        exception = Objects.requireNonNull(exc, "exc");
        wakeupWaiter(exc);
    }

    /**
     * The exception given to {@link #setException}, or null.
     *
     * @return the exception
     */
    public Throwable exception() {
        return exception;
    }

    /**
     * Whether EOF was fed and the buffer is empty: nothing more will ever be read.
     *
     * @return true at the end of the stream
     */
    public boolean atEof() {
        return eof && buffer.isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // Reads

    /**
     * Reads everything up to EOF: {@code await reader.read()}. Same as {@code read(-1)}.
     *
     * <p>Cancel safety: see {@link #read(int)}.
     *
     * @return the bytes, empty if the stream is already at EOF
     * @throws IOException the connection's error (any throwable given to {@link #setException})
     * @throws CancelledError if the task is cancelled while waiting
     */
    public byte[] read() throws IOException {
        return read(-1);
    }

    /**
     * Reads up to {@code n} bytes: {@code await reader.read(n)}. With {@code n > 0}, waits until at
     * least one byte is buffered (or EOF), then returns at most {@code n}. With {@code n < 0}, waits for
     * EOF and returns everything. With {@code n == 0}, returns an empty array at once. At EOF with an
     * empty buffer, returns an empty array. The limit does not apply.
     *
     * <p>Cancel safety: nothing is taken unless the call returns. For {@code n < 0}, jasyncio waits for
     * EOF with the data still in the buffer, so a cancelled {@code read(-1)} loses nothing either;
     * asyncio's takes the data {@code limit} bytes at a time as it arrives, and what it took before the
     * cancellation is lost.
     *
     * @param n the most bytes to return, or a negative number for all up to EOF
     * @return the bytes (a new array), empty at EOF
     * @throws IOException the connection's error (any throwable given to {@link #setException})
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is waiting on this reader
     */
    public byte[] read(int n) throws IOException {
        throwIfFailed();
        if (n == 0) {
            return ByteQueue.EMPTY;
        }
        if (n < 0) {
            while (!eof) {
                waitForData("read");
            }
            return take(buffer.size());
        }
        if (buffer.isEmpty() && !eof) {
            waitForData("read");
        }
        return take(Math.min(n, buffer.size()));
    }

    /**
     * Reads one line, up to and including {@code '\n'}: {@code await reader.readline()}. At EOF returns
     * the partial line without a newline, or an empty array if nothing is left.
     *
     * <p>If {@code limit} bytes pass without a newline, the line is dropped and
     * {@link LimitOverrunError} is raised (asyncio raises {@code ValueError}): if the newline is
     * already buffered, the line up to and including it is discarded; otherwise the whole buffer is,
     * and the rest of that line will come out of the next read.
     *
     * <p>Cancel safety: nothing is taken unless the call returns; a cancelled readline leaves a
     * partly received line in the buffer.
     *
     * @return the line (a new array), empty at EOF
     * @throws LimitOverrunError if the line is longer than the limit
     * @throws IOException the connection's error (any throwable given to {@link #setException})
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is waiting on this reader
     */
    public byte[] readline() throws IOException {
        int end = awaitLine();
        return take(end < 0 ? buffer.size() : end);
    }

    /**
     * Reads exactly {@code n} bytes: {@code await reader.readexactly(n)}. The limit does not apply.
     *
     * <p>Cancel safety: nothing is taken unless the call returns: the bytes that arrived while it
     * waited stay in the buffer (asyncio's readexactly also waits with the data in the buffer).
     *
     * @param n the number of bytes
     * @return the bytes (a new array)
     * @throws IncompleteReadError if EOF comes first; it carries what was buffered, which is taken
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IOException the connection's error (any throwable given to {@link #setException})
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is waiting on this reader
     */
    public byte[] readexactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero, got " + n);
        }
        throwIfFailed();
        while (buffer.size() < n) {
            if (eof) {
                throw new IncompleteReadError(take(buffer.size()), n);
            }
            waitForData("readexactly");
        }
        return take(n);
    }

    /**
     * Reads up to and including {@code separator}: {@code await reader.readuntil(separator)}.
     *
     * <p>Cancel safety: nothing is taken unless the call returns, or raises
     * {@link IncompleteReadError} (which carries the bytes it took).
     *
     * @param separator the bytes that end the chunk (not empty)
     * @return the chunk, ending with the separator (a new array)
     * @throws LimitOverrunError if more than {@code limit} bytes come before the separator; the data
     *     stays in the buffer
     * @throws IncompleteReadError at EOF without the separator; it carries the whole buffer, which is
     *     taken (its end may be part of the separator)
     * @throws IllegalArgumentException if the separator is empty
     * @throws IOException the connection's error (any throwable given to {@link #setException})
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is waiting on this reader
     */
    public byte[] readuntil(byte[] separator) throws IOException {
        return readuntil(List.of(separator));
    }

    /**
     * Reads up to and including the first of several separators: {@code readuntil((sep1, sep2))}
     * (asyncio 3.13). The chunk returned is the shortest that ends with any of them; for the limit, the
     * shortest separator that matched counts. Otherwise as {@link #readuntil(byte[])}.
     *
     * <p>Cancel safety: as {@link #readuntil(byte[])}.
     *
     * @param separators the separators (at least one; none empty)
     * @return the chunk, ending with one of the separators (a new array)
     * @throws LimitOverrunError if more than {@code limit} bytes come before a separator
     * @throws IncompleteReadError at EOF without a separator; it carries the whole buffer, which is taken
     * @throws IllegalArgumentException if there is no separator, or an empty one
     * @throws IOException the connection's error (any throwable given to {@link #setException})
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if another task is waiting on this reader
     */
    public byte[] readuntil(List<byte[]> separators) throws IOException {
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        byte[][] seps = separators.toArray(new byte[0][]);
        Arrays.sort(seps, (a, b) -> Integer.compare(a.length, b.length)); // so that the shortest wins a tie
        if (seps[0].length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        throwIfFailed();
        int end = awaitSeparator(seps, "readuntil");
        if (end < 0) {
            throw new IncompleteReadError(take(buffer.size()), -1);
        }
        return take(end);
    }

    /**
     * The lines of the stream, for {@code async for line in reader}: {@code for (byte[] line : reader)}.
     * {@code hasNext()} suspends until a whole line (or EOF) is buffered, without taking it;
     * {@code next()} takes it, as {@link #readline()} does. The iteration ends at EOF. Errors
     * ({@link LimitOverrunError}, the connection's) come out of {@code hasNext()} unchanged.
     *
     * <p>Cancel safety: a task cancelled in {@code hasNext()} loses nothing; a line is taken only by
     * {@code next()}, so a loop left between the two leaves it in the buffer.
     *
     * @return an iterator over the lines, each ending with {@code '\n'} except maybe the last
     */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    awaitLine();
                } catch (IOException e) {
                    throw Throw.sneaky(e);
                }
                return !buffer.isEmpty();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("end of stream");
                }
                try {
                    return readline(); // a line or the last bytes are buffered: it does not wait
                } catch (IOException e) {
                    throw Throw.sneaky(e);
                }
            }
        };
    }

    // ------------------------------------------------------------------------------------------
    // Waiting and searching

    /**
     * Waits until a line is buffered; the end of the line relative to the buffer, or -1 at EOF. On a
     * limit overrun, discards as readline does (asyncio's readline) and rethrows.
     */
    private int awaitLine() throws IOException {
        throwIfFailed();
        try {
            return awaitSeparator(NEWLINE, "readline");
        } catch (LimitOverrunError e) {
            buffer.discard(buffer.byteAt(e.consumed()) == '\n' ? e.consumed() + 1 : buffer.size());
            maybeResumeTransport();
            throw e;
        }
    }

    /**
     * Waits until one of {@code seps} (sorted by length) is buffered and returns the end of the
     * earliest-ending match, relative to the buffer's start; -1 if EOF comes first. Takes nothing.
     * The scan resumes where the last one could not have matched (asyncio's {@code offset}), so
     * bytes are searched about once.
     */
    private int awaitSeparator(byte[][] seps, String what) throws LimitOverrunError {
        int minLen = seps[0].length;
        int maxLen = seps[seps.length - 1].length;
        int offset = 0;
        while (true) {
            int size = buffer.size();
            if (size - offset >= minLen) {
                int start = -1;
                int end = -1;
                for (byte[] sep : seps) {
                    int i = buffer.indexOf(sep, offset);
                    if (i >= 0 && (end < 0 || i + sep.length < end)) {
                        start = i;
                        end = i + sep.length;
                    }
                }
                if (end >= 0) {
                    if (start > limit) {
                        throw new LimitOverrunError("Separator is found, but chunk is longer than limit", start);
                    }
                    return end;
                }
                offset = Math.max(0, size + 1 - maxLen);
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            // A separator completed by the last bytes before EOF counts: check EOF after the search.
            if (eof) {
                return -1;
            }
            waitForData(what);
        }
    }

    /**
     * Suspends until data, EOF or an exception arrives (asyncio's {@code _wait_for_data}); resumes a
     * paused transport first, since waiting for data that cannot come would deadlock. Raises an
     * exception set since the read began: a read woken by data that arrived just before the error,
     * and that needs more, would otherwise wait forever (asyncio's {@code _wait_for_data} does not
     * look).
     */
    private void waitForData(String what) {
        throwIfFailed();
        if (waiter != null) {
            throw new IllegalStateException(what + "() called while another task is already waiting for incoming data");
        }
        Task<?> t = KERNEL.boundTask(loop, this, "StreamReader." + what + "()");
        loop = t.getLoop();
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        Future<Throwable> w = t.getLoop().createFuture();
        waiter = w;
        Throwable failed;
        try {
            KERNEL.awaitDone(t, w);
            failed = w.result(); // throws CancelledError if the task was cancelled meanwhile
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
        if (failed != null) {
            throw Throw.sneaky(failed);
        }
    }

    private void wakeupWaiter(Throwable failed) {
        Future<Throwable> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setResult(failed);
            }
        }
    }

    private void throwIfFailed() {
        if (exception != null) {
            throw Throw.sneaky(exception);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The buffer

    /** Takes the first {@code n} buffered bytes, then resumes a paused transport if down to the limit. */
    private byte[] take(int n) {
        byte[] out = buffer.take(n);
        maybeResumeTransport();
        return out;
    }

    /** asyncio's {@code _maybe_resume_transport}: resume reading once the buffer is down to the limit. */
    private void maybeResumeTransport() {
        if (paused && buffer.size() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /**
     * A description in the style of asyncio's repr, for example
     * {@code <StreamReader 12 bytes eof limit=1024>}: buffered bytes, EOF, a non-default limit, a
     * waiting task, the exception, the transport, and whether reading is paused.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (!buffer.isEmpty()) {
            sb.append(' ').append(buffer.size()).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (waiter != null) {
            sb.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            sb.append(" exception=").append(exception);
        }
        if (transport != null) {
            sb.append(" transport=").append(transport);
        }
        if (paused) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }
}
