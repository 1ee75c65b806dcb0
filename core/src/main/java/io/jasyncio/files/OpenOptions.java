package io.jasyncio.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The options of {@link AsyncFiles#open(java.nio.file.Path, String, OpenOptions)} besides the mode:
 * aiofiles' {@code encoding}, {@code errors} and {@code buffering}, and its {@code executor} (here a
 * {@link FilePool}).
 *
 * <pre>{@code
 * OpenOptions o = OpenOptions.defaults().withEncoding(StandardCharsets.ISO_8859_1).withErrors(Errors.REPLACE);
 * try (AsyncFile f = AsyncFiles.open(path, "r", o)) { ... }
 * }</pre>
 *
 * @param encoding the text encoding (text mode only; null: UTF-8)
 * @param errors what undecodable input and unencodable text do (text mode only)
 * @param bufferSize the read chunk and write buffer size in bytes (at least 16; default 64 KiB)
 * @param pool the pool that runs the blocking work (null: {@link FilePool#shared()})
 */
public record OpenOptions(Charset encoding, Errors errors, int bufferSize, FilePool pool) {

    /** The default read chunk and write buffer size: 64 KiB. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    /** Python's {@code errors=} argument, for the two values that matter most. */
    public enum Errors {
        /** Undecodable bytes or unencodable characters raise {@link java.io.CharConversionException} (Python's default). */
        STRICT,
        /** They are replaced: U+FFFD when decoding, the encoding's replacement (often {@code ?}) when encoding. */
        REPLACE
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code bufferSize} is below 16
     */
    public OpenOptions {
        Objects.requireNonNull(errors, "errors");
        if (bufferSize < 16) {
            throw new IllegalArgumentException("bufferSize must be at least 16 bytes, got " + bufferSize);
        }
    }

    /**
     * UTF-8, strict errors, 64 KiB buffers, the shared pool.
     *
     * @return the defaults
     */
    public static OpenOptions defaults() {
        return new OpenOptions(null, Errors.STRICT, DEFAULT_BUFFER_SIZE, null);
    }

    /**
     * @param encoding the text encoding
     * @return a copy with it
     */
    public OpenOptions withEncoding(Charset encoding) {
        return new OpenOptions(encoding, errors, bufferSize, pool);
    }

    /**
     * @param errors strict or replace
     * @return a copy with it
     */
    public OpenOptions withErrors(Errors errors) {
        return new OpenOptions(encoding, errors, bufferSize, pool);
    }

    /**
     * @param bufferSize the read chunk and write buffer size in bytes
     * @return a copy with it
     */
    public OpenOptions withBufferSize(int bufferSize) {
        return new OpenOptions(encoding, errors, bufferSize, pool);
    }

    /**
     * @param pool the pool for the blocking work
     * @return a copy with it
     */
    public OpenOptions withPool(FilePool pool) {
        return new OpenOptions(encoding, errors, bufferSize, pool);
    }

    /** The encoding to use: UTF-8 when none was given. */
    Charset charset() {
        return encoding != null ? encoding : StandardCharsets.UTF_8;
    }

    /** The pool to use: the shared one when none was given. */
    FilePool poolOrShared() {
        return pool != null ? pool : FilePool.shared();
    }
}
