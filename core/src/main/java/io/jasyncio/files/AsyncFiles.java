package io.jasyncio.files;

import io.jasyncio.CancelledError;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Async file operations, as Python's {@code aiofiles} ({@code open}, {@code aiofiles.os},
 * {@code aiofiles.tempfile}) and trio's async {@code Path} ({@code read_text}, {@code write_bytes}, ...).
 * Call them from a task: each suspends only the task while a {@link FilePool} thread does the blocking
 * part, and the loop goes on running other tasks.
 *
 * <pre>{@code
 * try (AsyncFile f = AsyncFiles.open(path, "r")) {     // async with aiofiles.open(path) as f:
 *     for (String line : f) { ... }                    //     async for line in f: ...
 * }
 * String text = AsyncFiles.readText(path);             // await trio.Path(path).read_text()
 * AsyncFiles.makedirs(dir, true);                      // await aiofiles.os.makedirs(dir, exist_ok=True)
 * }</pre>
 *
 * <p>Errors are {@link IOException}s whose message names the path and the operation
 * ({@code "/data/x.log: open with mode 'r': no such file or directory"}); the JDK's subclasses are kept
 * ({@link java.nio.file.NoSuchFileException}, {@link FileAlreadyExistsException}, ...), as Python keeps
 * {@code FileNotFoundError}.
 *
 * <p>Cancel safety of every method here: if the task is cancelled before the operation reached a pool
 * thread, it never runs; once it has, it runs to its end and then {@link CancelledError} is raised (see
 * {@link FilePool#run}). So a cancelled {@code rename} either happened or did not, and a cancelled
 * {@code writeBytes} either left the file alone or wrote all of it. Exceptions to that rule are said per
 * method (long reads stop early, since nothing is lost).
 */
public final class AsyncFiles {

    private static final OpenMode READ_BINARY = OpenMode.parse("rb");
    private static final OpenMode WRITE_BINARY = OpenMode.parse("wb");
    private static final byte[] NO_BYTES = new byte[0];

    private AsyncFiles() {
    }

    // ------------------------------------------------------------------------------------------
    // open

    /**
     * Opens a file as Python's {@code open(path, mode)} does, in UTF-8 for text modes.
     *
     * @param path the file
     * @param mode {@code "r"}, {@code "w"}, {@code "a"}, {@code "x"}, optionally with {@code "+"} (read
     *             and write) and {@code "b"} (binary) or {@code "t"} (text, the default)
     * @return the open file; close it (try-with-resources)
     * @throws IOException if it cannot be opened, naming the path and the mode
     * @throws IllegalArgumentException for an invalid mode
     * @throws CancelledError if the task is cancelled (an open that already happened is closed again)
     * @see #open(Path, String, OpenOptions)
     */
    public static AsyncFile open(Path path, String mode) throws IOException {
        return open(path, mode, OpenOptions.defaults());
    }

    /**
     * Opens a text file with an encoding: {@code open(path, mode, encoding=...)}.
     *
     * @param path the file
     * @param mode a text mode ({@code "r"}, {@code "w"}, {@code "a"}, {@code "x"}, with {@code "+"})
     * @param encoding the encoding: UTF-8, a single-byte charset, or UTF-16LE/BE or UTF-32LE/BE
     * @return the open file
     * @throws IOException if it cannot be opened, naming the path and the mode
     * @throws IllegalArgumentException for an invalid mode, a binary mode, or an encoding whose lines
     *         cannot be found in its bytes
     * @throws CancelledError if the task is cancelled
     */
    public static AsyncFile open(Path path, String mode, Charset encoding) throws IOException {
        return open(path, mode, OpenOptions.defaults().withEncoding(Objects.requireNonNull(encoding, "encoding")));
    }

    /**
     * Opens a file with all options: aiofiles' {@code open(file, mode, buffering, encoding, errors,
     * executor=...)}.
     *
     * <p>Cancel safety: if the task is cancelled before the open reached a pool thread, nothing happens;
     * if the pool thread opened the file meanwhile, it is closed again (without waiting) and
     * {@link CancelledError} is raised. A {@code "w"} open truncates the file when it runs, so a
     * cancelled one may have truncated it.
     *
     * @param path the file
     * @param mode the mode, as {@link #open(Path, String)}
     * @param options encoding, errors, buffer size, pool
     * @return the open file
     * @throws IOException if it cannot be opened, naming the path and the mode; opening a directory
     *         raises a {@link FileSystemException} saying so
     * @throws IllegalArgumentException for an invalid mode, an encoding with a binary mode, or an
     *         unsupported encoding
     * @throws CancelledError if the task is cancelled
     */
    public static AsyncFile open(Path path, String mode, OpenOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        OpenMode m = OpenMode.parse(mode);
        return openWith(m, options, false, () -> path);
    }

    /**
     * A temporary file, deleted when it is closed: Python's {@code NamedTemporaryFile(mode)} in the
     * default temporary directory, in binary {@code "w+b"} unless {@code mode} says otherwise.
     *
     * <p>Cancel safety: as {@link #open(Path, String, OpenOptions)}; a file created for a cancelled call
     * is closed and deleted.
     *
     * @param mode the mode ({@code "w+b"}, {@code "w+"}, ...; not {@code "x"})
     * @return the open file; its {@link AsyncFile#name()} is the path
     * @throws IOException if it cannot be created
     * @throws CancelledError if the task is cancelled
     */
    public static AsyncFile namedTemporaryFile(String mode) throws IOException {
        return namedTemporaryFile(mode, null, "tmp", null);
    }

    /**
     * A temporary file in {@code dir}, named {@code prefix + random + suffix}, deleted when closed.
     *
     * <p>Cancel safety: as {@link #namedTemporaryFile(String)}.
     *
     * @param mode the mode ({@code "w+b"}, {@code "w+"}, ...; not {@code "x"})
     * @param dir the directory, or null for the default temporary directory
     * @param prefix the name's start, or null
     * @param suffix the name's end, or null ({@code ".tmp"})
     * @return the open file
     * @throws IOException if it cannot be created
     * @throws CancelledError if the task is cancelled
     */
    public static AsyncFile namedTemporaryFile(String mode, Path dir, String prefix, String suffix) throws IOException {
        OpenMode m = OpenMode.parse(mode);
        if (m.options().contains(java.nio.file.StandardOpenOption.CREATE_NEW)) {
            throw new IllegalArgumentException("namedTemporaryFile: mode '" + mode + "' would fail: the file is created first");
        }
        return openWith(m, OpenOptions.defaults(), true, () -> {
            try {
                return dir == null ? Files.createTempFile(prefix, suffix) : Files.createTempFile(dir, prefix, suffix);
            } catch (IOException e) {
                throw IoErrors.named(e, "create temporary file", dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir);
            }
        });
    }

    private static AsyncFile openWith(OpenMode m, OpenOptions options, boolean temporary, Callable<Path> path)
            throws IOException {
        Objects.requireNonNull(options, "options");
        if (m.binary() && options.encoding() != null) {
            throw new IllegalArgumentException("binary mode doesn't take an encoding argument (mode '" + m.text() + "')");
        }
        if (!m.binary()) {
            TextCodec.of(options.charset(), options.errors()); // refuse an unsupported encoding before any I/O
        }
        FilePool pool = options.poolOrShared();
        FileIo.Opened opened = pool.call(() -> {
            Path p = path.call();
            try {
                return FileIo.open(p, m);
            } catch (IOException | RuntimeException e) {
                if (temporary) {
                    Files.deleteIfExists(p);
                }
                throw e;
            }
        }, false, late -> pool.closeQuietly(() -> {
            late.channel().close();
            if (temporary) {
                Files.deleteIfExists(late.path());
            }
        }));
        return new AsyncFile(opened, m, options, temporary);
    }

    // ------------------------------------------------------------------------------------------
    // Whole files

    /**
     * The whole file as UTF-8 text (trio's {@code Path.read_text()}); decoding runs on the pool thread.
     *
     * <p>Cancel safety: nothing changes; a read that started stops at its next 1 MiB step.
     *
     * @param path the file
     * @return its text
     * @throws IOException naming the path, or {@link java.io.CharConversionException} for invalid UTF-8
     * @throws CancelledError if the task is cancelled
     */
    public static String readText(Path path) throws IOException {
        return readText(path, StandardCharsets.UTF_8);
    }

    /**
     * The whole file as text in {@code encoding} (any charset: no lines are searched).
     *
     * <p>Cancel safety: as {@link #readText(Path)}.
     *
     * @param path the file
     * @param encoding the encoding
     * @return its text
     * @throws IOException naming the path, or {@link java.io.CharConversionException} for undecodable bytes
     * @throws CancelledError if the task is cancelled
     */
    public static String readText(Path path, Charset encoding) throws IOException {
        Objects.requireNonNull(encoding, "encoding");
        return FilePool.shared().run(() -> {
            byte[] b = readAllBytes(path);
            return b == null ? null : TextCodec.decodeAll(b, encoding, path, 0);
        });
    }

    /**
     * The whole file as bytes (trio's {@code Path.read_bytes()}): one hop, one array sized from the
     * file's size.
     *
     * <p>Cancel safety: as {@link #readText(Path)}.
     *
     * @param path the file
     * @return its bytes
     * @throws IOException naming the path
     * @throws CancelledError if the task is cancelled
     */
    public static byte[] readBytes(Path path) throws IOException {
        return FilePool.shared().run(() -> readAllBytes(path));
    }

    private static byte[] readAllBytes(Path path) throws IOException {
        FileIo.Opened f = FileIo.open(path, READ_BINARY);
        try (var ch = f.channel()) {
            return FileIo.readAll(f, NO_BYTES, 0, 0, 0);
        }
    }

    /**
     * Writes {@code text} as UTF-8, replacing the file (created if missing): trio's
     * {@code Path.write_text()}. Encoding runs on the pool thread.
     *
     * <p>Cancel safety: all or nothing with respect to the cancellation: cancelled before it reached a
     * pool thread, the file is untouched; once it has, all of the text is written, then
     * {@link CancelledError} is raised. (Not atomic against crashes: write a temporary file and
     * {@link #replace} it for that.)
     *
     * @param path the file
     * @param text the text
     * @throws IOException naming the path, or {@link java.io.CharConversionException} for unencodable text
     * @throws CancelledError if the task is cancelled
     */
    public static void writeText(Path path, CharSequence text) throws IOException {
        writeText(path, text, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code text} in {@code encoding}, replacing the file; see {@link #writeText(Path, CharSequence)}.
     *
     * @param path the file
     * @param text the text
     * @param encoding the encoding
     * @throws IOException naming the path, or {@link java.io.CharConversionException} for unencodable text
     * @throws CancelledError if the task is cancelled
     */
    public static void writeText(Path path, CharSequence text, Charset encoding) throws IOException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(encoding, "encoding");
        String s = text.toString(); // a snapshot: the pool thread must not read a builder the task changes
        FilePool.shared().run(() -> writeAll(path, TextCodec.encode(s, encoding, path)));
    }

    /**
     * Writes {@code data}, replacing the file (created if missing): trio's {@code Path.write_bytes()}.
     *
     * <p>Cancel safety: as {@link #writeText(Path, CharSequence)}.
     *
     * @param path the file
     * @param data the bytes (not kept after the call returns)
     * @throws IOException naming the path
     * @throws CancelledError if the task is cancelled
     */
    public static void writeBytes(Path path, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        FilePool.shared().run(() -> writeAll(path, data));
    }

    private static Void writeAll(Path path, byte[] data) throws IOException {
        return FileIo.close(FileIo.open(path, WRITE_BINARY), false, 0, data, data.length, false);
    }

    // ------------------------------------------------------------------------------------------
    // Paths and directories: aiofiles.os

    /**
     * The file's attributes, following symbolic links ({@code aiofiles.os.stat}).
     *
     * @param path the file
     * @return size, times, kind
     * @throws IOException naming the path ({@link java.nio.file.NoSuchFileException} if it does not exist)
     * @throws CancelledError if the task is cancelled
     */
    public static BasicFileAttributes stat(Path path) throws IOException {
        return FilePool.shared().run(() -> FileIo.stat(path, true));
    }

    /**
     * The attributes of the link itself ({@code aiofiles.os.lstat}).
     *
     * @param path the file
     * @return size, times, kind
     * @throws IOException naming the path
     * @throws CancelledError if the task is cancelled
     */
    public static BasicFileAttributes lstat(Path path) throws IOException {
        return FilePool.shared().run(() -> FileIo.stat(path, false));
    }

    /**
     * Whether the path exists ({@code aiofiles.os.path.exists}); false also when it cannot be checked.
     *
     * @param path the path
     * @return true if it exists
     * @throws CancelledError if the task is cancelled
     */
    public static boolean exists(Path path) {
        return FilePool.shared().run(() -> Files.exists(path));
    }

    /**
     * Whether the path is a regular file, following links ({@code aiofiles.os.path.isfile}).
     *
     * @param path the path
     * @return true for a regular file
     * @throws CancelledError if the task is cancelled
     */
    public static boolean isFile(Path path) {
        return FilePool.shared().run(() -> Files.isRegularFile(path));
    }

    /**
     * Whether the path is a directory, following links ({@code aiofiles.os.path.isdir}).
     *
     * @param path the path
     * @return true for a directory
     * @throws CancelledError if the task is cancelled
     */
    public static boolean isDir(Path path) {
        return FilePool.shared().run(() -> Files.isDirectory(path));
    }

    /**
     * The file's size in bytes ({@code aiofiles.os.path.getsize}).
     *
     * @param path the file
     * @return its size
     * @throws IOException naming the path
     * @throws CancelledError if the task is cancelled
     */
    public static long getSize(Path path) throws IOException {
        return stat(path).size();
    }

    /**
     * The names of the entries of a directory, in the order the OS gives them ({@code aiofiles.os.listdir}).
     *
     * @param dir the directory
     * @return the entry names (not paths)
     * @throws IOException naming the directory ({@link NotDirectoryException} for a file)
     * @throws CancelledError if the task is cancelled
     */
    public static List<String> listdir(Path dir) throws IOException {
        return FilePool.shared().run(() -> {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    names.add(p.getFileName().toString());
                }
            } catch (IOException e) {
                throw IoErrors.named(e, "listdir", dir);
            }
            return names;
        });
    }

    /**
     * Creates a directory; its parent must exist ({@code aiofiles.os.mkdir}).
     *
     * @param dir the directory
     * @throws IOException naming it: {@link FileAlreadyExistsException} if it exists,
     *         {@link java.nio.file.NoSuchFileException} if the parent does not
     * @throws CancelledError if the task is cancelled
     */
    public static void mkdir(Path dir) throws IOException {
        io(dir, "mkdir", () -> Files.createDirectory(dir));
    }

    /**
     * Creates a directory and its missing parents ({@code aiofiles.os.makedirs(dir, exist_ok=...)}).
     *
     * @param dir the directory
     * @param existOk whether an existing directory is fine (otherwise {@link FileAlreadyExistsException})
     * @throws IOException naming the path
     * @throws CancelledError if the task is cancelled
     */
    public static void makedirs(Path dir, boolean existOk) throws IOException {
        io(dir, "makedirs", () -> {
            if (!existOk && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(dir.toString());
            }
            return Files.createDirectories(dir);
        });
    }

    /**
     * Deletes a file, not a directory ({@code aiofiles.os.remove}).
     *
     * @param path the file
     * @throws IOException naming it ({@link java.nio.file.NoSuchFileException}; a
     *         {@link FileSystemException} for a directory)
     * @throws CancelledError if the task is cancelled
     */
    public static void remove(Path path) throws IOException {
        io(path, "remove", () -> {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(path.toString(), null, "is a directory (use rmdir or rmtree)");
            }
            Files.delete(path);
            return null;
        });
    }

    /**
     * Deletes an empty directory ({@code aiofiles.os.rmdir}).
     *
     * @param dir the directory
     * @throws IOException naming it ({@link java.nio.file.DirectoryNotEmptyException},
     *         {@link NotDirectoryException})
     * @throws CancelledError if the task is cancelled
     */
    public static void rmdir(Path dir) throws IOException {
        io(dir, "rmdir", () -> {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotDirectoryException(dir.toString());
            }
            Files.delete(dir);
            return null;
        });
    }

    /**
     * Deletes a directory and everything in it, without following symbolic links ({@code shutil.rmtree}).
     *
     * <p>Cancel safety: once it started it removes everything, then {@link CancelledError} is raised.
     *
     * @param dir the directory
     * @throws IOException naming what could not be deleted
     * @throws CancelledError if the task is cancelled
     */
    public static void rmtree(Path dir) throws IOException {
        FilePool.shared().run(() -> {
            removeTree(dir);
            return null;
        });
    }

    /**
     * Renames (moves) a file or directory, replacing an existing target file as POSIX {@code rename}
     * and Python's {@code os.rename} do on Linux; atomic, and so within one file system only.
     *
     * @param src the current path
     * @param dst the new path
     * @throws IOException naming {@code src} and {@code dst}
     * @throws CancelledError if the task is cancelled
     */
    public static void rename(Path src, Path dst) throws IOException {
        io(src, "rename to " + dst, () -> Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE));
    }

    /**
     * Renames {@code src} to {@code dst}, replacing {@code dst} if it exists ({@code aiofiles.os.replace}):
     * the atomic way to publish a file written under a temporary name.
     *
     * @param src the current path
     * @param dst the new path
     * @throws IOException naming {@code src} and {@code dst}
     * @throws CancelledError if the task is cancelled
     */
    public static void replace(Path src, Path dst) throws IOException {
        io(src, "replace " + dst, () -> Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING));
    }

    /**
     * A new temporary directory in the default temporary directory, removed with its contents when
     * closed: {@code tempfile.TemporaryDirectory()}.
     *
     * @return the directory
     * @throws IOException if it cannot be created
     * @throws CancelledError if the task is cancelled
     */
    public static TempDirectory temporaryDirectory() throws IOException {
        return temporaryDirectory(null, "tmp");
    }

    /**
     * A new temporary directory in {@code dir}, named {@code prefix + random}; see {@link #temporaryDirectory()}.
     *
     * <p>Cancel safety: a directory created for a cancelled call is removed again.
     *
     * @param dir where to create it, or null for the default temporary directory
     * @param prefix the name's start, or null
     * @return the directory
     * @throws IOException if it cannot be created
     * @throws CancelledError if the task is cancelled
     */
    public static TempDirectory temporaryDirectory(Path dir, String prefix) throws IOException {
        FilePool pool = FilePool.shared();
        Path created = pool.call(() -> {
            try {
                return dir == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(dir, prefix);
            } catch (IOException e) {
                throw IoErrors.named(e, "create temporary directory",
                        dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir);
            }
        }, false, late -> pool.closeQuietly(() -> Files.deleteIfExists(late)));
        return new TempDirectory(created, pool);
    }

    // ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface PathOp {
        Object run() throws IOException;
    }

    /** One path operation on the shared pool, its error named. */
    private static void io(Path path, String op, PathOp fn) throws IOException {
        Objects.requireNonNull(path, "path");
        FilePool.shared().run(() -> {
            try {
                return fn.run();
            } catch (IOException e) {
                throw IoErrors.named(e, op, path);
            }
        });
    }

    /** Deletes {@code dir} and its contents, not following links (on a pool thread). */
    static void removeTree(Path dir) throws IOException {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw IoErrors.named(e, "rmtree", dir);
        }
    }
}
