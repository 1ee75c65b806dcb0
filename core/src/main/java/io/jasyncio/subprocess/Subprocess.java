package io.jasyncio.subprocess;

import io.jasyncio.internal.Throw;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import io.jasyncio.EventLoop;
import io.jasyncio.streams.StreamReader;

/**
 * Child processes on the running loop: asyncio's {@code create_subprocess_exec} and
 * {@code create_subprocess_shell}, as static methods. The process's pipes are read and written by
 * threads of their own and every event reaches the loop as a callback, so a task waiting for a child
 * parks only itself (on either engine).
 *
 * <pre>{@code
 * AsyncProcess proc = Subprocess.exec(List.of("ls", "-l"), Options.defaults().withStdout(PIPE));
 * for (byte[] line; (line = proc.stdout().readline()).length > 0; ) {
 *     System.out.print(new String(line, UTF_8));
 * }
 * int rc = proc.await();                                   // await proc.wait()
 *
 * var out = Subprocess.shell("sort | uniq -c", Options.pipes()).communicate("b\na\nb\n".getBytes());
 * }</pre>
 *
 * <p>Unix only, as jasyncio's tests: {@link #shell} runs {@code /bin/sh -c}, and
 * {@link AsyncProcess#sendSignal} uses {@code kill}.
 */
public final class Subprocess {

    private Subprocess() {
    }

    /** Where a standard stream of the child goes: asyncio's {@code PIPE}, {@code DEVNULL}, {@code None}, {@code STDOUT}. */
    public enum Redirect {
        /** A pipe to this process: {@link AsyncProcess#stdin()}, {@code stdout()} or {@code stderr()}. */
        PIPE,
        /** The null device: no input, output discarded. */
        DEVNULL,
        /** This JVM's own stream (asyncio's default, {@code None}). */
        INHERIT,
        /** For stderr only: wherever stdout goes (merged into the same pipe when stdout is {@code PIPE}). */
        STDOUT
    }

    /**
     * How to start a child: asyncio's keyword arguments {@code stdin}, {@code stdout}, {@code stderr},
     * {@code cwd}, {@code env} and {@code limit}.
     *
     * @param stdin the child's input: {@code PIPE}, {@code DEVNULL} or {@code INHERIT}
     * @param stdout the child's output: {@code PIPE}, {@code DEVNULL} or {@code INHERIT}
     * @param stderr the child's errors: any {@link Redirect}; {@code STDOUT} merges them into stdout
     * @param cwd the working directory, or null for this JVM's
     * @param env the whole environment of the child (as asyncio's {@code env}: it replaces, not extends,
     *     this JVM's), or null to inherit this JVM's
     * @param limit the buffer limit of the output readers ({@link StreamReader#limit()})
     */
    public record Options(Redirect stdin, Redirect stdout, Redirect stderr, Path cwd, Map<String, String> env,
                          int limit) {

        /** asyncio's default reader limit: 64 KiB. */
        public static final int DEFAULT_LIMIT = 64 * 1024;

        /** Validates and copies {@code env}. */
        public Options {
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
            if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
                throw new IllegalArgumentException("Redirect.STDOUT is only for stderr");
            }
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
            env = env == null ? null : Map.copyOf(env);
        }

        /**
         * asyncio's defaults: every stream inherited, this JVM's directory and environment, 64 KiB limit.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT, null, null, DEFAULT_LIMIT);
        }

        /**
         * All three streams piped, as {@link AsyncProcess#communicate} usually wants.
         *
         * @return the defaults with stdin, stdout and stderr set to {@code PIPE}
         */
        public static Options pipes() {
            return new Options(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, null, null, DEFAULT_LIMIT);
        }

        /**
         * @param r where the child's input comes from
         * @return a copy with that stdin
         */
        public Options withStdin(Redirect r) {
            return new Options(r, stdout, stderr, cwd, env, limit);
        }

        /**
         * @param r where the child's output goes
         * @return a copy with that stdout
         */
        public Options withStdout(Redirect r) {
            return new Options(stdin, r, stderr, cwd, env, limit);
        }

        /**
         * @param r where the child's errors go
         * @return a copy with that stderr
         */
        public Options withStderr(Redirect r) {
            return new Options(stdin, stdout, r, cwd, env, limit);
        }

        /**
         * @param dir the working directory, or null for this JVM's
         * @return a copy with that directory
         */
        public Options withCwd(Path dir) {
            return new Options(stdin, stdout, stderr, dir, env, limit);
        }

        /**
         * @param vars the child's whole environment, or null to inherit this JVM's
         * @return a copy with that environment
         */
        public Options withEnv(Map<String, String> vars) {
            return new Options(stdin, stdout, stderr, cwd, vars, limit);
        }

        /**
         * @param bytes the reader limit
         * @return a copy with that limit
         */
        public Options withLimit(int bytes) {
            return new Options(stdin, stdout, stderr, cwd, env, bytes);
        }
    }

    /**
     * Starts {@code command} (a program and its arguments, no shell): asyncio's
     * {@code create_subprocess_exec(program, *args, ...)}. The program is looked up on the {@code PATH}.
     *
     * <p>Starting the process (fork and exec) is a short blocking call on the caller's thread, as in
     * asyncio. The child belongs to the running loop: if it still runs when the loop closes, it is
     * terminated, then killed (see {@link AsyncProcess}).
     *
     * <p>Cancel safety: does not suspend. A cancellation pending on the task is raised at its next
     * suspension point, with the child already running.
     *
     * @param command the program and its arguments
     * @param options the streams, directory, environment and reader limit
     * @return the running process
     * @throws java.io.IOException (unchecked, as thrown) the error of {@link ProcessBuilder#start()},
     *     unchanged: for a program that does not exist, "Cannot run program ..."
     * @throws IllegalArgumentException if {@code command} is empty
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static AsyncProcess exec(List<String> command, Options options) throws IOException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(options, "options");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        EventLoop loop = EventLoop.getRunningLoop();
        ProcessBuilder pb = new ProcessBuilder(List.copyOf(command));
        pb.redirectInput(input(options.stdin()));
        pb.redirectOutput(output(options.stdout()));
        if (options.stderr() == Redirect.STDOUT) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(output(options.stderr()));
        }
        if (options.cwd() != null) {
            pb.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(options.env());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw Throw.sneaky(e);
        }
        return new AsyncProcess(loop, p, options);
    }

    /**
     * Starts {@code command} with asyncio's defaults (every stream inherited).
     *
     * @param command the program and its arguments
     * @return the running process
     * @throws java.io.IOException (unchecked, as thrown) if it cannot be started
     * @see #exec(List, Options)
     */
    public static AsyncProcess exec(String... command) throws IOException {
        return exec(List.of(command), Options.defaults());
    }

    /**
     * Runs {@code cmd} through {@code /bin/sh -c}: asyncio's {@code create_subprocess_shell}. Quoting is
     * the caller's job, as in asyncio.
     *
     * <p>Cancel safety: does not suspend (see {@link #exec(List, Options)}).
     *
     * @param cmd the shell command line
     * @param options the streams, directory, environment and reader limit
     * @return the running process (the shell)
     * @throws java.io.IOException (unchecked, as thrown) if the shell cannot be started
     */
    public static AsyncProcess shell(String cmd, Options options) throws IOException {
        return exec(List.of("/bin/sh", "-c", Objects.requireNonNull(cmd, "cmd")), options);
    }

    private static ProcessBuilder.Redirect input(Redirect r) {
        return switch (r) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DEVNULL -> ProcessBuilder.Redirect.from(new File(nullDevice()));
            case STDOUT -> throw new AssertionError(r); // rejected by Options
        };
    }

    private static ProcessBuilder.Redirect output(Redirect r) {
        return switch (r) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            case STDOUT -> throw new AssertionError(r); // handled by the caller
        };
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
