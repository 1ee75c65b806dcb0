/**
 * Async files, Python's {@code aiofiles} (and trio's async path) for jasyncio: file objects whose
 * reads and writes suspend only the calling task, whole-file helpers, and path, directory and
 * temporary-file operations.
 *
 * <ul>
 *   <li>{@link io.jasyncio.files.AsyncFiles}: {@code open(path, mode, encoding)} (aiofiles'
 *       {@code open}), {@code readText}/{@code readBytes}/{@code writeText}/{@code writeBytes}, and the
 *       {@code aiofiles.os} functions ({@code stat}, {@code listdir}, {@code makedirs}, {@code remove},
 *       {@code rename}, ...), temporary files and directories;</li>
 *   <li>{@link io.jasyncio.files.AsyncFile}: an open file ({@code read}, {@code readline},
 *       {@code for (String line : file)}, {@code write}, {@code seek}/{@code tell}, {@code flush},
 *       {@code close} through try-with-resources);</li>
 *   <li>{@link io.jasyncio.files.FilePool}: the bounded pool of platform threads that does the
 *       blocking work (never the loop's thread), and runs your own blocking file code too.</li>
 * </ul>
 *
 * <p>Every blocking call runs on a {@link io.jasyncio.files.FilePool} thread with positional
 * {@link java.nio.channels.FileChannel} I/O; its result is handed back to the loop. Reads are
 * buffered: a line iteration reads big chunks and splits and decodes lines on the loop, so most
 * {@code readline()} calls do not leave the loop's thread at all. One rule gives every operation its
 * cancel safety: work that has not reached a pool thread when its task is cancelled never runs; work
 * that has, runs to its end (a pool thread is never interrupted, because an interrupt closes a
 * {@code FileChannel}), its effect is kept, and then {@link io.jasyncio.CancelledError} is raised.
 * See docs/files.md and docs/adr/0019-file-pool.md.
 */
package io.jasyncio.files;
