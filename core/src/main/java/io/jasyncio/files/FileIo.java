package io.jasyncio.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * The blocking side: what runs on a {@link FilePool} thread. Positional reads and writes
 * ({@code FileChannel.read(dst, position)}, {@code pread}/{@code pwrite}) on regular files, so that no
 * operation depends on, or moves, a shared channel position; sequential ones on pipes and devices, which
 * have no position. Every {@link IOException} leaves here naming its path ({@link IoErrors}).
 */
final class FileIo {

    /** {@link #readAll} reads at most this much per call, and checks {@link FilePool#stopRequested()} between. */
    private static final int READ_ALL_CHUNK = 1 << 20;

    private FileIo() {
    }

    /**
     * An open channel.
     *
     * @param channel the channel
     * @param path its file
     * @param seekable a regular file (positional I/O); false for a pipe or a device
     * @param position where reading and writing start: 0, or the size in append mode
     * @param osAppend opened with {@code O_APPEND} (mode "a")
     */
    record Opened(FileChannel channel, Path path, boolean seekable, long position, boolean osAppend) {
    }

    /** Opens {@code path} with {@code mode}; refuses a directory, as Python does. */
    static Opened open(Path path, OpenMode mode) throws IOException {
        String op = "open with mode '" + mode.text() + "'";
        FileChannel ch;
        try {
            ch = FileChannel.open(path, mode.openOptions());
        } catch (IOException e) {
            throw IoErrors.named(e, op, path);
        }
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw new FileSystemException(path.toString(), null, op + ": is a directory");
            }
            boolean seekable = a.isRegularFile();
            return new Opened(ch, path, seekable, mode.append() && seekable ? ch.size() : 0,
                    mode.options().contains(StandardOpenOption.APPEND));
        } catch (IOException e) {
            closeAfter(ch, e);
            throw IoErrors.named(e, op, path);
        } catch (RuntimeException e) {
            closeAfter(ch, e);
            throw e;
        }
    }

    private static void closeAfter(FileChannel ch, Throwable e) {
        try {
            ch.close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    /**
     * One read of up to {@code len} bytes at {@code position} into {@code b[off..]}.
     *
     * @return the bytes read, or -1 at the end of the file
     */
    static int readAt(Opened f, byte[] b, int off, int len, long position) throws IOException {
        try {
            ByteBuffer dst = ByteBuffer.wrap(b, off, len);
            return f.seekable ? f.channel.read(dst, position) : f.channel.read(dst);
        } catch (IOException e) {
            throw IoErrors.named(e, "read", f.path);
        }
    }

    /**
     * Everything from {@code position} to the end of the file, after {@code prefix[0, prefixLen)}: one
     * array, sized from the file's size (and grown if the file grows meanwhile).
     */
    static byte[] readAll(Opened f, byte[] prefix, int prefixOff, int prefixLen, long position) throws IOException {
        try {
            long size = f.seekable ? f.channel.size() : 0;
            long expected = Math.max(0, size - position);
            if (prefixLen + expected > Integer.MAX_VALUE - 16) {
                throw new FileSystemException(f.path.toString(), null, "read: too large for one array ("
                        + (prefixLen + expected) + " bytes); read it in parts with read(n)");
            }
            byte[] out = new byte[(int) (prefixLen + (f.seekable ? expected : 8192L))];
            System.arraycopy(prefix, prefixOff, out, 0, prefixLen);
            int n = prefixLen;
            long at = position;
            byte[] probe = null;
            while (true) {
                if (n == out.length) {
                    // Full at the size the file had: one small read tells the end from a file that grew.
                    probe = probe != null ? probe : new byte[8192];
                    ByteBuffer p = ByteBuffer.wrap(probe);
                    int r = f.seekable ? f.channel.read(p, at) : f.channel.read(p);
                    if (r < 0) {
                        return out;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(out.length * 2L, n + r)));
                    System.arraycopy(probe, 0, out, n, r);
                    n += r;
                    at += r;
                    continue;
                }
                ByteBuffer dst = ByteBuffer.wrap(out, n, Math.min(out.length - n, READ_ALL_CHUNK));
                int r = f.seekable ? f.channel.read(dst, at) : f.channel.read(dst);
                if (r < 0) {
                    return Arrays.copyOf(out, n);
                }
                n += r;
                at += r;
                if (f.seekable && FilePool.stopRequested()) {
                    return null; // the task was cancelled: a file can be read again (a pipe cannot: go on)
                }
            }
        } catch (IOException e) {
            throw IoErrors.named(e, "read", f.path);
        }
    }

    /**
     * Writes {@code a[0, aLen)} then {@code b[bOff, bOff+bLen)} at {@code position} (at the end in append
     * mode), completely.
     *
     * @return the position after the write
     */
    static long writeAt(Opened f, boolean append, long position, byte[] a, int aLen, byte[] b, int bOff, int bLen)
            throws IOException {
        try {
            // "a" opens with O_APPEND: the kernel appends each write atomically, through the channel's own
            // position. "a+" cannot (the JDK refuses READ with APPEND): it writes at the size it sees.
            boolean osAppend = append && f.osAppend;
            long at = append && !osAppend && f.seekable ? f.channel.size() : position;
            at = writeFully(f, osAppend, at, ByteBuffer.wrap(a, 0, aLen));
            if (b != null) {
                at = writeFully(f, osAppend, at, ByteBuffer.wrap(b, bOff, bLen));
            }
            return osAppend && f.seekable ? f.channel.position() : at;
        } catch (IOException e) {
            throw IoErrors.named(e, "write", f.path);
        }
    }

    private static long writeFully(Opened f, boolean append, long at, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            // Append mode writes through the channel's own position (O_APPEND: the kernel appends atomically).
            at += f.seekable && !append ? f.channel.write(src, at) : f.channel.write(src);
        }
        return at;
    }

    /** The file's size now. */
    static long size(Opened f) throws IOException {
        try {
            return f.channel.size();
        } catch (IOException e) {
            throw IoErrors.named(e, "size", f.path);
        }
    }

    /**
     * The close of an {@link AsyncFile}: writes what is left, closes the channel, deletes a temporary file;
     * each step runs even if one before failed, and the first error is thrown with the others suppressed.
     */
    static Void close(Opened f, boolean append, long position, byte[] rest, int restLen, boolean delete)
            throws IOException {
        IOException error = null;
        if (restLen > 0) {
            try {
                writeAt(f, append, position, rest, restLen, null, 0, 0);
            } catch (IOException e) {
                error = e;
            }
        }
        try {
            f.channel.close();
        } catch (IOException e) {
            error = chain(error, IoErrors.named(e, "close", f.path));
        }
        if (delete) {
            try {
                Files.deleteIfExists(f.path);
            } catch (IOException e) {
                error = chain(error, IoErrors.named(e, "delete temporary file", f.path));
            }
        }
        if (error != null) {
            throw error;
        }
        return null;
    }

    private static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** {@code Files.readAttributes}, following links or not. */
    static BasicFileAttributes stat(Path path, boolean followLinks) throws IOException {
        try {
            return followLinks ? Files.readAttributes(path, BasicFileAttributes.class)
                    : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw IoErrors.named(e, followLinks ? "stat" : "lstat", path);
        }
    }
}
