package io.jasyncio.files;

import io.jasyncio.CancelledError;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A temporary directory that {@link #close()} removes with everything in it: Python's
 * {@code tempfile.TemporaryDirectory} (aiofiles' {@code aiofiles.tempfile.TemporaryDirectory}).
 * Made by {@link AsyncFiles#temporaryDirectory()}.
 *
 * <pre>{@code
 * try (TempDirectory tmp = AsyncFiles.temporaryDirectory()) {   // async with TemporaryDirectory() as d:
 *     AsyncFiles.writeText(tmp.path().resolve("a.txt"), "hi");
 * }                                                              // removed here
 * }</pre>
 *
 * <p>States: open &rarr; removed ({@link #close()}, idempotent).
 */
public final class TempDirectory implements AutoCloseable {

    private final Path path;
    private final FilePool pool;
    private boolean removed;

    TempDirectory(Path path, FilePool pool) {
        this.path = path;
        this.pool = pool;
    }

    /**
     * The directory.
     *
     * @return its path
     */
    public Path path() {
        return path;
    }

    /**
     * Removes the directory and everything in it (a second call does nothing).
     *
     * <p>Cancel safety: the removal always completes: if the task is cancelled meanwhile, even before
     * the removal reached a pool thread, it still runs to its end, then {@link CancelledError} is raised.
     *
     * @throws IOException if something cannot be removed (naming it)
     * @throws CancelledError if the task is cancelled
     */
    @Override
    public void close() throws IOException {
        if (removed) {
            return;
        }
        removed = true;
        pool.call(() -> {
            AsyncFiles.removeTree(path);
            return null;
        }, true, null);
    }

    @Override
    public String toString() {
        return "TempDirectory[" + path + (removed ? ", removed" : "") + "]";
    }
}
