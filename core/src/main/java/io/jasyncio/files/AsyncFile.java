package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * An open file, aiofiles' async file object: made by {@link AsyncFiles#open}, used from one task at a
 * time, closed by try-with-resources ({@code async with aiofiles.open(...) as f:}).
 *
 * <pre>{@code
 * try (AsyncFile in = AsyncFiles.open(src, "r");              // async with aiofiles.open(src) as f:
 *      AsyncFile out = AsyncFiles.open(dst, "w")) {
 *     for (String line : in) {                                 //     async for line in f:
 *         out.write(line.toUpperCase());                       //         await out.write(...)
 *     }
 * }
 * }</pre>
 *
 * <p>A text file ({@code "r"}, {@code "w"}, ...) reads and writes {@link String}s: {@link #read()},
 * {@link #read(int)}, {@link #readline()}, iteration, {@link #write(CharSequence)}. A binary file
 * ({@code "rb"}, ...) reads and writes bytes: {@link #readBytes()}, {@link #readBytes(int)},
 * {@link #readlineBytes()}, {@link #byteLines()}, {@link #write(byte[])}. Calling a text method on a
 * binary file, or a read on a file not opened for reading, raises {@link UnsupportedOperationException}
 * (Python raises {@code TypeError} and {@code io.UnsupportedOperation}).
 *
 * <p><b>Buffering.</b> Reads take chunks of {@link OpenOptions#bufferSize()} bytes (64 KiB) from a pool
 * thread; lines are found and decoded on the loop, so iterating over a file of short lines costs one
 * thread hop per chunk, not per line. Writes collect in a buffer of the same size and go to the file
 * when it is full, on {@link #flush()}, and on {@link #close()}. A task that finds its data in the
 * buffers does not suspend, except that every {@value #YIELD_BYTES} bytes it yields one loop turn if
 * other work is ready, so that many tasks reading cached files share the loop in small slices.
 * As in Python, lines keep their {@code '\n'} (none on a last line without one), and
 * {@code readline()} returns {@code ""} at the end of the file. Newlines are not translated:
 * {@code '\r\n'} stays as it is, as with Python's {@code newline=''}, except that a lone {@code '\r'}
 * does not end a line.
 *
 * <p><b>Position.</b> {@link #tell()} is the byte offset of the next byte to read or write, in text
 * mode too, and {@link #seek(long, int)} takes byte offsets. Reads and writes share that position, as
 * in Python's buffered random-access files ({@code "r+"}, {@code "w+"}). In append mode every write
 * goes to the end of the file.
 *
 * <p><b>Cancel safety</b>, for every suspending method: one call does at most one thread hop that
 * changes the file (a write, a close), and reads change nothing until they return. If the task is
 * cancelled while that hop waits for a pool thread, it never runs: nothing changes. If a pool thread is
 * already doing it, it runs to its end (a pool thread is never interrupted: an interrupt would close the
 * channel) and its effect is kept (a write is in the file and the position moved past it), then
 * {@link CancelledError} is raised. A read cancelled midway consumes nothing: the position is where it
 * was before the call, and the next read returns the same data.
 *
 * <p>States: open &rarr; closed ({@link #close()}, idempotent). While one call suspends, the file is
 * busy: a call from another task raises {@link IllegalStateException} (as asyncio's
 * {@code StreamReader} does for a second reader), instead of interleaving. Loop-confined: use it only
 * from tasks of the loop that opened it.
 */
public final class AsyncFile implements AutoCloseable, Iterable<String> {

    /** {@link #seek(long, int)} from the start of the file ({@code os.SEEK_SET}). */
    public static final int SEEK_SET = 0;
    /** {@link #seek(long, int)} from the current position ({@code os.SEEK_CUR}). */
    public static final int SEEK_CUR = 1;
    /** {@link #seek(long, int)} from the end of the file ({@code os.SEEK_END}). */
    public static final int SEEK_END = 2;

    /**
     * A task that finds its data in the buffers runs without suspending; after this many bytes read or
     * written that way it yields one loop turn, if anything else is ready, so that a hundred tasks
     * iterating over cached files share the loop in slices of about 0.1 ms instead of one 64 KiB chunk
     * each (docs/adr/0019-file-pool.md: a 10 ms ticker stays on time).
     */
    static final int YIELD_BYTES = 4 * 1024;

    private final EventLoop loop;
    private final FileIo.Opened file;
    private final Path path;
    private final OpenMode mode;
    private final FilePool pool;
    private final TextCodec codec; // null in binary mode
    private final int bufferSize;
    private final boolean deleteOnClose;

    /** Unread bytes: {@code rbuf[rstart, rend)} are the file's bytes at {@code [pos, pos + rend - rstart)}. */
    private byte[] rbuf;
    private int rstart;
    private int rend;
    /** Unwritten bytes: {@code wbuf[0, wlen)} go to the file at {@code [pos - wlen, pos)}. Never both buffers hold data. */
    private byte[] wbuf;
    private int wlen;
    /** The position {@link #tell()} reports. */
    private long pos;
    private boolean busy;
    private boolean closed;
    /** Bytes read or written from the buffers since this file's task last suspended. */
    private int sinceYield;

    AsyncFile(FileIo.Opened file, OpenMode mode, OpenOptions options, boolean deleteOnClose) {
        this.file = file;
        this.path = file.path();
        this.mode = mode;
        this.pool = options.poolOrShared();
        this.codec = mode.binary() ? null : TextCodec.of(options.charset(), options.errors());
        this.bufferSize = options.bufferSize();
        this.deleteOnClose = deleteOnClose;
        this.pos = file.position();
        this.loop = Asyncio.getRunningLoop();
    }

    // ------------------------------------------------------------------------------------------
    // Reading text

    /**
     * Reads to the end of the file and decodes it (decoding runs on the pool thread too).
     *
     * <p>Cancel safety: consumes nothing if cancelled (see the class comment).
     *
     * @return the rest of the file, {@code ""} at its end
     * @throws IOException if reading fails (naming the path), or
     *         {@link java.io.CharConversionException} for undecodable bytes in strict mode
     * @throws CancelledError if the task is cancelled
     */
    public String read() throws IOException {
        enter("read", true, false, true);
        try {
            byte[] b = readRest();
            long at = pos;
            String s = decodeOnLoop(b) ? codec.decode(b, 0, b.length, at, path)
                    : pool.call(() -> codec.decodeDetached(b, at, path), false, null);
            consumeRest(b.length);
            return s;
        } finally {
            busy = false;
        }
    }

    /**
     * Reads up to {@code n} characters (UTF-16 units); fewer only at the end of the file, or when the
     * next character is a surrogate pair that does not fit. A negative {@code n} reads to the end.
     *
     * <p>Cancel safety: consumes nothing if cancelled.
     *
     * @param n the most characters to return
     * @return the characters, {@code ""} at the end of the file
     * @throws IOException if reading or decoding fails
     * @throws CancelledError if the task is cancelled
     */
    public String read(int n) throws IOException {
        if (n < 0) {
            return read();
        }
        enter("read", true, false, true);
        try {
            CharBuffer out = CharBuffer.allocate(n);
            int used = 0; // bytes decoded so far, counted from rstart: committed only at the end
            boolean end = false;
            while (true) {
                ByteBuffer in = ByteBuffer.wrap(rbuf == null ? new byte[0] : rbuf, rstart + used, rend - rstart - used);
                boolean full = codec.decodeSome(in, out, end, pos + used, path);
                used = in.position() - rstart;
                if (full || !out.hasRemaining() || end) {
                    break;
                }
                end = !fill(rend - rstart + 1);
            }
            consume(used);
            return out.flip().toString();
        } finally {
            busy = false;
        }
    }

    /**
     * Reads one line, with its {@code '\n'}; {@code ""} at the end of the file. Most calls find the line
     * in the buffer and do not leave the loop's thread.
     *
     * <p>Cancel safety: consumes nothing if cancelled.
     *
     * @return the line
     * @throws IOException if reading or decoding fails
     * @throws CancelledError if the task is cancelled
     */
    public String readline() throws IOException {
        enter("readline", true, false, true);
        try {
            int n = lineLength();
            String s = codec.decode(rbuf, rstart, n, pos, path);
            consume(n);
            return s;
        } finally {
            busy = false;
        }
    }

    /**
     * Reads the remaining lines.
     *
     * <p>Cancel safety: consumes nothing if cancelled.
     *
     * @return the lines, each with its {@code '\n'}
     * @throws IOException if reading or decoding fails
     * @throws CancelledError if the task is cancelled
     */
    public List<String> readlines() throws IOException {
        return TextCodec.splitLines(read());
    }

    /**
     * The lines of a text file, for {@code for (String line : file)}: aiofiles' {@code async for}. Each
     * {@code hasNext()} reads a line ({@link #readline()}) and may suspend; it throws the read's
     * {@link IOException} undeclared, as an await does. The loop ends at the end of the file.
     *
     * @return an iterator over the lines
     * @throws UnsupportedOperationException on a binary file or one not opened for reading
     */
    @Override
    public Iterator<String> iterator() {
        check("iterator", true, false, true);
        return new LineIterator<>(this::readline, String::isEmpty);
    }

    // ------------------------------------------------------------------------------------------
    // Reading bytes

    /**
     * Reads to the end of a binary file.
     *
     * <p>Cancel safety: consumes nothing if cancelled.
     *
     * @return the bytes, empty at the end of the file
     * @throws IOException if reading fails
     * @throws CancelledError if the task is cancelled
     */
    public byte[] readBytes() throws IOException {
        enter("readBytes", true, false, false);
        try {
            byte[] b = readRest();
            consumeRest(b.length);
            return b;
        } finally {
            busy = false;
        }
    }

    /**
     * Reads up to {@code n} bytes of a binary file; fewer only at the end of the file. A negative
     * {@code n} reads to the end.
     *
     * <p>Cancel safety: consumes nothing if cancelled.
     *
     * @param n the most bytes to return
     * @return the bytes, empty at the end of the file
     * @throws IOException if reading fails
     * @throws CancelledError if the task is cancelled
     */
    public byte[] readBytes(int n) throws IOException {
        if (n < 0) {
            return readBytes();
        }
        enter("readBytes", true, false, false);
        try {
            while (rend - rstart < n && fill(n)) {
                // each fill is one hop; nothing is consumed before the end
            }
            int k = Math.min(n, rend - rstart);
            byte[] b = rbuf == null ? new byte[0] : Arrays.copyOfRange(rbuf, rstart, rstart + k);
            consume(k);
            return b;
        } finally {
            busy = false;
        }
    }

    /**
     * Reads one line of a binary file, with its {@code '\n'} byte; empty at the end of the file.
     *
     * <p>Cancel safety: consumes nothing if cancelled.
     *
     * @return the line
     * @throws IOException if reading fails
     * @throws CancelledError if the task is cancelled
     */
    public byte[] readlineBytes() throws IOException {
        enter("readlineBytes", true, false, false);
        try {
            int n = lineLength();
            byte[] b = Arrays.copyOfRange(rbuf, rstart, rstart + n);
            consume(n);
            return b;
        } finally {
            busy = false;
        }
    }

    /**
     * The lines of a binary file, for {@code for (byte[] line : file.byteLines())}; see {@link #iterator()}.
     *
     * @return the lines, each with its {@code '\n'}
     * @throws UnsupportedOperationException on a text file or one not opened for reading
     */
    public Iterable<byte[]> byteLines() {
        check("byteLines", true, false, false);
        return () -> new LineIterator<>(this::readlineBytes, b -> b.length == 0);
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes text (encoded with the file's encoding). It goes to the buffer, and to the file when the
     * buffer is full; {@link #flush()} sends it at once.
     *
     * <p>Cancel safety: all or nothing. Text that fits in the buffer is buffered without suspending.
     * Otherwise one hop writes the buffer and the text: cancelled before it reaches a pool thread, nothing
     * is written and the position does not move; once it has, the whole text is written, the position
     * moves past it, then {@link CancelledError} is raised. A failed write raises {@link IOException}, the
     * position does not move, and the buffered data stays buffered (some of it may be in the file).
     *
     * @param s the text
     * @return the number of characters written, {@code s.length()} (Python returns it too)
     * @throws IOException if writing fails, or {@link java.io.CharConversionException} for a character
     *         the encoding cannot represent (strict mode), naming the character and its index
     * @throws CancelledError if the task is cancelled
     */
    public int write(CharSequence s) throws IOException {
        enter("write", false, true, true);
        try {
            dropReadBuffer();
            ensureWriteBuffer();
            if (codec.maxBytes(s.length()) <= wbuf.length - wlen) {
                ByteBuffer out = ByteBuffer.wrap(wbuf, wlen, wbuf.length - wlen);
                codec.encodeInto(s, out, path);
                int k = out.position() - wlen;
                wlen += k;
                pos += k;
                sinceYield += k;
            } else {
                byte[] b = codec.encode(s, path);
                writeBuffered(b, 0, b.length);
            }
            return s.length();
        } finally {
            busy = false;
        }
    }

    /**
     * Writes each line (no separator is added, as in Python).
     *
     * <p>Cancel safety: each element is a {@link #write(CharSequence)}; a cancellation between two leaves
     * the earlier ones written.
     *
     * @param lines the text pieces
     * @throws IOException if writing fails
     * @throws CancelledError if the task is cancelled
     */
    public void writelines(Iterable<? extends CharSequence> lines) throws IOException {
        for (CharSequence line : lines) {
            write(line);
        }
    }

    /**
     * Writes bytes to a binary file; see {@link #write(CharSequence)} for buffering and cancel safety.
     *
     * @param b the bytes (not kept after the call returns)
     * @return {@code b.length}
     * @throws IOException if writing fails
     * @throws CancelledError if the task is cancelled
     */
    public int write(byte[] b) throws IOException {
        return write(b, 0, b.length);
    }

    /**
     * Writes {@code b[off, off+len)} to a binary file; see {@link #write(CharSequence)}.
     *
     * @param b the bytes (not kept after the call returns)
     * @param off where they start
     * @param len how many
     * @return {@code len}
     * @throws IOException if writing fails
     * @throws CancelledError if the task is cancelled
     */
    public int write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        enter("write", false, true, false);
        try {
            dropReadBuffer();
            ensureWriteBuffer();
            writeBuffered(b, off, len);
            return len;
        } finally {
            busy = false;
        }
    }

    /**
     * Sends buffered writes to the file (to the OS; like Python's {@code flush()}, not an {@code fsync}).
     *
     * <p>Cancel safety: as a write: a flush that reached a pool thread completes, then
     * {@link CancelledError} is raised; one still queued never runs and the data stays buffered.
     *
     * @throws IOException if writing fails (the data stays buffered)
     * @throws CancelledError if the task is cancelled
     */
    public void flush() throws IOException {
        enter("flush", false, false, null);
        try {
            flushWrites();
        } finally {
            busy = false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Position

    /**
     * Moves the position to {@code offset} bytes from the start of the file; see {@link #seek(long, int)}.
     *
     * @param offset the byte offset
     * @return the new position
     * @throws IOException if a buffered write fails on the way
     * @throws CancelledError if the task is cancelled
     */
    public long seek(long offset) throws IOException {
        return seek(offset, SEEK_SET);
    }

    /**
     * Moves the position, as Python's {@code seek(offset, whence)}: from the start ({@link #SEEK_SET}),
     * the current position ({@link #SEEK_CUR}) or the end of the file ({@link #SEEK_END}). Positions are
     * byte offsets in text mode too (seeking into the middle of a character makes the next read fail to
     * decode). Buffered writes are flushed first; buffered reads are kept if the target lies within them.
     * Seeking past the end is allowed; a write there leaves a gap of zero bytes.
     *
     * <p>Cancel safety: only its flush can change the file (see {@link #flush()}); if cancelled, the
     * position does not move.
     *
     * @param offset the byte offset
     * @param whence {@link #SEEK_SET}, {@link #SEEK_CUR} or {@link #SEEK_END}
     * @return the new position
     * @throws IOException if a buffered write fails
     * @throws IllegalArgumentException for a bad {@code whence} or a negative resulting position
     * @throws UnsupportedOperationException on a pipe or a device
     * @throws CancelledError if the task is cancelled
     */
    public long seek(long offset, int whence) throws IOException {
        enter("seek", false, false, null);
        try {
            if (!file.seekable()) {
                throw new UnsupportedOperationException("seek(): " + path + " is not seekable (a pipe or a device)");
            }
            if (whence < SEEK_SET || whence > SEEK_END) {
                throw new IllegalArgumentException("seek(): invalid whence (" + whence + ", should be 0, 1 or 2)");
            }
            flushWrites();
            long base = switch (whence) {
                case SEEK_SET -> 0;
                case SEEK_CUR -> pos;
                default -> pool.call(() -> FileIo.size(file), false, null);
            };
            long target = base + offset;
            if (target < 0) {
                throw new IllegalArgumentException("seek(): negative seek position " + target + " in " + path);
            }
            if (target >= pos && target <= pos + (rend - rstart)) {
                rstart += (int) (target - pos); // still buffered
            } else {
                rstart = rend = 0;
            }
            pos = target;
            return pos;
        } finally {
            busy = false;
        }
    }

    /**
     * The current position: the byte offset of the next byte to read or write, buffered writes counted.
     * Does not suspend. In append mode it counts from the size the file had when it was opened or last
     * written (another process appending meanwhile is not seen until the next write).
     *
     * @return the position
     * @throws IllegalStateException if the file is closed
     */
    public long tell() {
        check("tell", false, false, null);
        return pos;
    }

    // ------------------------------------------------------------------------------------------
    // Closing and properties

    /**
     * Writes what is buffered and closes the file (and deletes it, for a temporary file); closing a closed
     * file does nothing.
     *
     * <p>Cancel safety: a close always completes: if the task is cancelled meanwhile, even while the
     * close waits for a pool thread, it still runs, the file ends closed, and then {@link CancelledError}
     * is raised (a write error travels with it as a suppressed exception).
     *
     * @throws IOException if the last write or the close fails (the file is closed anyway)
     * @throws CancelledError if the task is cancelled
     * @throws IllegalStateException if another task is using the file
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (busy) {
            throw new IllegalStateException("close() called while another task is using " + path);
        }
        busy = true; // not enter(): a close must not yield (a cancellation there would skip it)
        long at = pos - wlen;
        byte[] rest = wbuf;
        int restLen = wlen;
        try {
            pool.call(() -> FileIo.close(file, mode.append(), at, rest, restLen, deleteOnClose), true, null);
        } finally {
            closed = true;
            busy = false;
            wlen = 0;
            rbuf = null;
            wbuf = null;
            rstart = rend = 0;
        }
    }

    /** {@return the path the file was opened with (Python's {@code name})} */
    public Path name() {
        return path;
    }

    /** {@return the mode the file was opened with: the mode string, as given} */
    public String mode() {
        return mode.text();
    }

    /** {@return the text encoding: the charset, or null for a binary file} */
    public Charset encoding() {
        return codec == null ? null : codec.charset;
    }

    /** {@return whether {@link #close()} has run: true once closed} */
    public boolean closed() {
        return closed;
    }

    /** {@return whether the file was opened for reading: true for modes {@code r} and those with {@code +}} */
    public boolean readable() {
        return mode.readable();
    }

    /**
     * {@return whether the file was opened for writing: true for modes {@code w}, {@code a}, {@code x} and
     * those with {@code +}}
     */
    public boolean writable() {
        return mode.writable();
    }

    /**
     * {@return whether {@link #seek} works: true if the file has positions (a regular file), false for pipes
     * and devices}
     */
    public boolean seekable() {
        return file.seekable();
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + ", mode='" + mode.text() + "'"
                + (codec == null ? "" : ", encoding=" + codec.charset.name()) + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Internals (all on the loop's thread)

    /** Checks state, mode and kind ({@code text} null: either), then marks the file busy. */
    private void enter(String op, boolean read, boolean write, Boolean text) {
        check(op, read, write, text);
        if (busy) {
            throw new IllegalStateException(op + "() called while another task is using " + path
                    + " (operations on one file do not overlap)");
        }
        if (sinceYield >= YIELD_BYTES) {
            sinceYield = 0;
            if (loop.readyCount() > 0) {
                Asyncio.sleep(0); // before anything changes: a cancellation here leaves the file as it was
            }
        }
        busy = true;
    }

    private void check(String op, boolean read, boolean write, Boolean text) {
        if (closed) {
            throw new IllegalStateException(op + "(): I/O operation on closed file " + path);
        }
        if (read && !mode.readable() || write && !mode.writable() || text != null && text == mode.binary()) {
            throw mode.refusal(op, path, read, write, text);
        }
    }

    /**
     * The length of the next line in the read buffer, its {@code '\n'} included (or the rest of the file
     * at its end); fills the buffer as needed. Consumes nothing.
     */
    private int lineLength() throws IOException {
        flushWrites();
        int scanned = 0;
        while (true) {
            if (rbuf != null) {
                int end = codec != null ? codec.lineEnd(rbuf, rstart + scanned, rend) : byteLineEnd(rstart + scanned);
                if (end >= 0) {
                    return end - rstart;
                }
                scanned = codec != null ? codec.scanned(rstart, rend) : rend - rstart;
            }
            if (!fill(rend - rstart + 1)) {
                return rend - rstart;
            }
        }
    }

    private int byteLineEnd(int from) {
        for (int i = from; i < rend; i++) {
            if (rbuf[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * One hop: reads a chunk after the buffered bytes, first making room for at least {@code want}
     * buffered bytes in all. Keeps every unread byte (so a caller's offsets from {@code rstart} stay
     * valid) and consumes nothing.
     *
     * @return false at the end of the file
     */
    private boolean fill(int want) throws IOException {
        flushWrites();
        int have = rend - rstart;
        if (rbuf == null) {
            rbuf = new byte[Math.max(bufferSize, want)];
        } else if (rbuf.length - rend < bufferSize / 2 || rbuf.length - rstart < want) {
            // Little room after the unread bytes: move them to the front, in a bigger array if a chunk
            // (or what the caller wants) would not fit after them (a long line doubles it).
            int cap = Math.max(want, have + bufferSize);
            byte[] to = rbuf.length >= cap ? rbuf : new byte[Math.max(cap, rbuf.length * 2)];
            System.arraycopy(rbuf, rstart, to, 0, have);
            rbuf = to;
            rstart = 0;
            rend = have;
        }
        byte[] b = rbuf;
        int off = rend;
        int len = b.length - rend;
        long at = pos + have;
        // A read that completes after its task was cancelled still lands in the buffer, unconsumed: on a
        // pipe it could not be read again.
        sinceYield = 0; // the task suspends for the hop
        int n = pool.call(() -> FileIo.readAt(file, b, off, len, at), false, late -> rend += Math.max(0, late));
        if (n < 0) {
            return false;
        }
        rend += n;
        return true;
    }

    /**
     * One hop: the buffered bytes and the rest of the file, as one array, which becomes the read buffer
     * (so that nothing read is lost if a later step fails or is cancelled: a pipe cannot be read again).
     * Consumes nothing.
     */
    private byte[] readRest() throws IOException {
        flushWrites();
        byte[] b = rbuf == null ? new byte[0] : rbuf;
        int off = rstart;
        int have = rend - rstart;
        long at = pos + have;
        sinceYield = 0;
        byte[] all = pool.call(() -> FileIo.readAll(file, b, off, have, at), false, this::keep);
        keep(all);
        return all;
    }

    /** Makes {@code all} the read buffer; null (a regular file's read stopped early) keeps the old one. */
    private void keep(byte[] all) {
        if (all != null) {
            rbuf = all;
            rstart = 0;
            rend = all.length;
        }
    }

    private void consume(int n) {
        rstart += n;
        pos += n;
        sinceYield += n;
        if (rstart == rend) {
            rstart = rend = 0;
            if (rbuf != null && rbuf.length > 4 * bufferSize) {
                rbuf = null; // a long line or a big read(n) grew it; do not keep that
            }
        }
    }

    private void consumeRest(int total) {
        pos += total; // the buffered bytes are the first of them
        rstart = rend = 0;
        rbuf = null;
    }

    private void dropReadBuffer() {
        rstart = rend = 0; // pos is the start of the unread bytes: dropping them keeps it
    }

    private void ensureWriteBuffer() {
        if (wbuf == null) {
            wbuf = new byte[bufferSize];
        }
    }

    /** Buffers {@code b[off, off+len)}, or writes the buffer and it in one hop if it does not fit. */
    private void writeBuffered(byte[] b, int off, int len) throws IOException {
        if (len <= wbuf.length - wlen) {
            System.arraycopy(b, off, wbuf, wlen, len);
            wlen += len;
            pos += len;
            sinceYield += len;
            return;
        }
        writeHop(b, off, len);
    }

    /** Writes what is buffered, if anything (one hop). */
    private void flushWrites() throws IOException {
        if (wlen > 0) {
            writeHop(null, 0, 0);
        }
    }

    /**
     * One hop: the buffer, then {@code b[off, off+len)} if not null. On success (also when the task was
     * cancelled while the pool thread wrote) the buffer empties and the position moves past {@code b}.
     */
    private void writeHop(byte[] b, int off, int len) throws IOException {
        long at = pos - wlen;
        byte[] head = wbuf;
        int headLen = wlen;
        sinceYield = 0;
        long end = pool.call(() -> FileIo.writeAt(file, mode.append(), at, head, headLen, b, off, len), false,
                e -> wrote(e, len));
        wrote(end, len);
    }

    private void wrote(long end, int extra) {
        wlen = 0;
        pos = mode.append() ? end : pos + extra;
    }

    /** Text of up to a few buffers decodes on the loop; a larger read() decodes on the pool thread. */
    private boolean decodeOnLoop(byte[] b) {
        return b.length <= 4 * bufferSize;
    }
}
