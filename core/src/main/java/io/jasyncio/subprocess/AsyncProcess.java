package io.jasyncio.subprocess;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import io.jasyncio.internal.Throw;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Runner;
import io.jasyncio.internal.Signals;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import io.jasyncio.sync.Event;

/**
 * A child process started by {@link Subprocess#exec} or {@link Subprocess#shell}: asyncio's
 * {@code asyncio.subprocess.Process} (CPython 3.13 {@code Lib/asyncio/subprocess.py}). Named so as not to
 * clash with {@link java.lang.Process}. Loop-confined: use it from the tasks of the loop that started it.
 *
 * <pre>{@code
 * AsyncProcess proc = Subprocess.exec(List.of("cat"), Options.pipes());
 * AsyncProcess.Output out = proc.communicate("hello".getBytes(UTF_8));   // stdout, stderr
 * assert out.stdoutText().equals("hello") && proc.returncode() == 0;
 * }</pre>
 *
 * <h2>How it runs</h2>
 * A {@code java.lang.Process} has blocking pipes only, so each piped output has a platform daemon thread
 * that reads it and hands the bytes to the loop ({@link EventLoop#callSoonThreadsafe}), where they fill
 * a {@link StreamReader}; the piped input is a {@link StreamWriter} over a write transport whose writer thread feeds the pipe; the exit is
 * seen through {@link java.lang.Process#onExit()}. Tasks wait on loop futures only, so they never hold
 * the loop. On a virtual-clock loop ({@code TestLoop}) a running child, and its pipe threads while
 * they work, count as outside work: the clock does not jump while the child may still write, so a
 * test that sleeps while a child runs waits for the child for real (kill a {@code sleep 60} first).
 *
 * <h2>States</h2>
 * running ({@link #returncode()} null) &rarr; exited (returncode set, when the loop learns of the exit)
 * &rarr; finished (exited and every piped output read to its end by the pipe threads; {@link #await()}
 * returns). An output pipe ends when every process holding it has closed it, as in asyncio, so a
 * background child of the child (say {@code sh -c "sleep 9 &"}) can keep {@code await()} waiting. One
 * JDK twist: if the child exits while the pipe's thread is not inside a read (paused by flow control,
 * or handing a chunk over), the JDK drains the pipe and closes it at once, and what those background
 * processes write afterwards is lost.
 *
 * <h2>Return code</h2>
 * As in asyncio: the exit status, or {@code -N} for a child killed by signal {@code N}. The JDK reports
 * a signalled child as {@code 128 + N}, like a shell, and cannot tell it from a child that called
 * {@code exit(128 + N)}; jasyncio reports {@code -N} when this object sent signal {@code N}
 * ({@link #terminate()}, {@link #kill()}, {@link #sendSignal}), and {@code 128 + N} otherwise (a child
 * killed from outside, say by the OOM killer, reports {@code 137}, not asyncio's {@code -9}).
 *
 * <h2>Lifetime</h2>
 * Cancelling a task that waits in {@link #await()} or {@link #communicate} does not touch the child,
 * as in asyncio: it keeps running, and the process object stays usable. A child outlives the tasks
 * that started it, not its loop: when the loop is closed ({@link Runner#close()}, {@code Asyncio.run}
 * returning) while children of it still run, each gets SIGTERM, and those still alive one second
 * later get SIGKILL; the close waits for them and logs a warning (asyncio kills them when it collects
 * their transports, with a {@code ResourceWarning}).
 */
public final class AsyncProcess {

    private static final KernelAccess KERNEL = Kernel.access();

    /** Hangup: 1 on every Unix. */
    public static final int SIGHUP = 1;
    /** Interrupt (Ctrl+C): 2 on every Unix. */
    public static final int SIGINT = 2;
    /** Kill, cannot be caught: 9 on every Unix. */
    public static final int SIGKILL = 9;
    /** Terminate: 15 on every Unix. */
    public static final int SIGTERM = 15;

    /** Runs the {@code kill} commands of {@link #sendSignal}: one virtual thread (default scheduler) each. */
    private static final Executor SIGNALLERS = r -> Thread.ofVirtual().name("jasyncio-kill").start(r);

    /**
     * What {@link #communicate} read: asyncio's {@code (stdout_data, stderr_data)} tuple.
     *
     * @param stdout everything the child wrote to stdout, or null if stdout was not piped
     * @param stderr everything the child wrote to stderr, or null if stderr was not piped
     */
    public record Output(byte[] stdout, byte[] stderr) {

        /**
         * stdout decoded as UTF-8.
         *
         * @return the text, or null if stdout was not piped
         */
        public String stdoutText() {
            return stdout == null ? null : new String(stdout, StandardCharsets.UTF_8);
        }

        /**
         * stderr decoded as UTF-8.
         *
         * @return the text, or null if stderr was not piped
         */
        public String stderrText() {
            return stderr == null ? null : new String(stderr, StandardCharsets.UTF_8);
        }
    }

    final EventLoop loop;
    final Process process;
    private final long pid;
    private final StreamWriter stdin;
    /** The transport under {@link #stdin}, told when the child exits. */
    private final PipeWriteTransport stdinPipe;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final List<OutputPump> pumps = new ArrayList<>(2);
    // Loop-confined:
    private Integer returncode;
    /** Piped outputs whose pipe thread has not reached the end yet. */
    private int openPipes;
    /** Completed with the return code once finished (exited, outputs at their end). */
    private final Future<Integer> finished;
    /** Bit {@code N - 1} is set once signal {@code N} was sent. */
    private long sentSignals;
    /** The {@code kill} commands in flight, chained so that signals arrive in the order they were sent. */
    private CompletableFuture<Void> signalling = CompletableFuture.completedFuture(null);

    AsyncProcess(EventLoop loop, Process process, Subprocess.Options options) {
        this.loop = loop;
        this.process = process;
        this.pid = process.pid();
        this.finished = loop.createFuture();
        String name = "jasyncio-pid-" + pid + "-";
        boolean in = options.stdin() == Subprocess.Redirect.PIPE;
        PipeWriteTransport[] pipe = new PipeWriteTransport[1];
        this.stdin = in ? Streams.writer(protocol -> pipe[0] = new PipeWriteTransport(loop, process.getOutputStream(),
                name + "stdin", protocol)) : null; // asyncio: StreamWriter(pipe transport, protocol, None, loop)
        this.stdinPipe = pipe[0];
        this.stdout = pipe(options.stdout(), process.getInputStream(), options.limit(), name + "stdout");
        this.stderr = pipe(options.stderr(), process.getErrorStream(), options.limit(), name + "stderr");
        KERNEL.outsideWorkStarted(loop); // until the exit is seen (exited)
        ChildProcesses.of(loop).add(this);
        process.onExit().whenComplete((p, e) -> {
            int code = process.exitValue();
            try {
                loop.callSoonThreadsafe(() -> exited(code));
            } catch (IllegalStateException closed) {
                // The loop is closed: nobody waits for this child any more.
            }
        });
    }

    private StreamReader pipe(Subprocess.Redirect r, InputStream in, int limit, String name) {
        if (r != Subprocess.Redirect.PIPE) {
            return null;
        }
        StreamReader reader = new StreamReader(limit);
        OutputPump pump = new OutputPump(loop, in, reader, this::pipeEnded);
        pumps.add(pump);
        openPipes++;
        pump.start(name);
        return reader;
    }

    // ------------------------------------------------------------------------------------------
    // State

    /**
     * The child's process id: asyncio's {@code pid}.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The return code: null while the child runs (until the loop has learnt of its exit), then its exit
     * status, or {@code -N} if it was killed by signal {@code N} that this object sent (see the class
     * comment). asyncio's {@code returncode}.
     *
     * @return the return code, or null
     */
    public Integer returncode() {
        return returncode;
    }

    /**
     * The child's input: asyncio's {@code stdin}.
     *
     * @return the writer, or null unless started with {@code stdin = PIPE}
     */
    public StreamWriter stdin() {
        return stdin;
    }

    /**
     * The child's output: asyncio's {@code stdout}.
     *
     * @return the reader, or null unless started with {@code stdout = PIPE}
     */
    public StreamReader stdout() {
        return stdout;
    }

    /**
     * The child's error output: asyncio's {@code stderr}.
     *
     * @return the reader, or null unless started with {@code stderr = PIPE} (with {@code STDOUT} it is
     *     merged into {@link #stdout()})
     */
    public StreamReader stderr() {
        return stderr;
    }

    // ------------------------------------------------------------------------------------------
    // Waiting

    /**
     * Waits until the child has exited and its piped outputs have reached their end, and returns the
     * return code: asyncio's {@code wait()} (named {@code await()} here because {@code Object.wait()}
     * is final, as for {@link Event#await()}). Returns at once if that already happened.
     *
     * <p>As asyncio warns: with {@code stdout} or {@code stderr} piped, a child that writes more than the
     * pipe and the reader's buffer hold blocks until someone reads, so this waits forever if nobody
     * does; read the output, or use {@link #communicate}.
     *
     * <p>Cancel safety: cancel safe, and the child is not touched: it keeps running, and a later
     * {@code await()} still gets its return code.
     *
     * @return the return code
     * @throws CancelledError if the task is cancelled while waiting
     */
    public int await() {
        return Asyncio.shield(finished);
    }

    /**
     * Writes {@code input} to the child's stdin and closes it, reads stdout and stderr to their end
     * concurrently (so a child that writes much to both never blocks on a full pipe), then waits for the
     * exit: asyncio's {@code communicate(input)}. As in asyncio, a broken stdin pipe (the child exited
     * or stopped reading before taking all the input) is ignored.
     *
     * <p>Cancel safety: not cancel safe for the data: the child keeps running, and the output read so far
     * is lost, as is what part of {@code input} was written. Do not call it twice at once.
     *
     * @param input the bytes for stdin, or null to write nothing (stdin is closed all the same if piped)
     * @return stdout and stderr, each null if it was not piped
     * @throws IOException if reading the child's output fails
     * @throws IllegalStateException if {@code input} is given and stdin is not piped
     * @throws CancelledError if the task is cancelled meanwhile
     */
    public Output communicate(byte[] input) throws IOException {
        if (input != null && stdin == null) {
            throw new IllegalStateException("communicate(input) needs stdin = PIPE (asyncio ignores the input)");
        }
        List<byte[]> outs = Asyncio.gather(() -> feedStdin(input), () -> readAll(stdout), () -> readAll(stderr));
        await();
        return new Output(outs.get(1), outs.get(2));
    }

    private byte[] feedStdin(byte[] input) {
        if (stdin == null) {
            return null;
        }
        if (input != null) {
            stdin.write(input);
        }
        try {
            stdin.drain();
        } catch (IOException e) {
            // asyncio ignores BrokenPipeError and ConnectionResetError here: the child stopped reading.
        }
        stdin.close();
        return null;
    }

    private static byte[] readAll(StreamReader reader) throws java.io.IOException {
        return reader == null ? null : reader.read(-1);
    }

    // ------------------------------------------------------------------------------------------
    // Signals

    /**
     * Sends SIGTERM: asyncio's {@code terminate()}. See {@link #sendSignal}.
     */
    public void terminate() {
        sendSignal(SIGTERM);
    }

    /**
     * Sends SIGKILL: asyncio's {@code kill()}. See {@link #sendSignal}.
     */
    public void kill() {
        sendSignal(SIGKILL);
    }

    /**
     * Sends signal {@code sig} to the child: asyncio's {@code send_signal(sig)}. Does nothing once the
     * child has exited (as {@code Popen.send_signal}; its pid may be reused by then). Never suspends.
     *
     * <p>Java can send only SIGTERM and SIGKILL itself ({@link ProcessHandle#destroy()},
     * {@link ProcessHandle#destroyForcibly()}); those go at once. Any other signal is sent by running
     * {@code kill -N pid} on a helper thread, so it arrives a few milliseconds after this returns;
     * signals sent by one process object still arrive in the order they were sent. Numbers other than
     * the constants here differ between systems ({@code kill -l} lists them). A failure to run
     * {@code kill} goes to the loop's exception handler.
     *
     * @param sig the signal number, 0 to 64 (0 only checks that the process exists, as {@code kill -0})
     * @throws IllegalArgumentException if {@code sig} is out of range
     */
    public void sendSignal(int sig) {
        if (sig < 0 || sig > 64) {
            throw new IllegalArgumentException("no such signal: " + sig);
        }
        if (returncode != null) {
            return;
        }
        if (sig > 0) {
            sentSignals |= 1L << (sig - 1);
        }
        boolean direct = sig == SIGTERM || sig == SIGKILL;
        if (direct && signalling.isDone()) {
            if (sig == SIGTERM) {
                process.toHandle().destroy(); // not process.destroy(): that also closes our pipes
            } else {
                process.toHandle().destroyForcibly();
            }
            return;
        }
        signalling = signalling.thenRunAsync(() -> runKill(sig), SIGNALLERS).exceptionally(e -> {
            reportSignalFailure(sig, e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
            return null;
        });
    }

    private void runKill(int sig) {
        try {
            Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(); // a non-zero status means the child is gone already: ignored, as asyncio does
        } catch (IOException | InterruptedException e) {
            throw Throw.sneaky(e);
        }
    }

    private void reportSignalFailure(int sig, Throwable e) {
        try {
            loop.callSoonThreadsafe(() -> loop.callExceptionHandler(
                    new ErrorContext("sendSignal(" + sig + ") failed for " + this, e, null, null)));
        } catch (IllegalStateException closed) {
            // The loop is closed: the child was killed with it.
        }
    }

    /** The exit code mapped to asyncio's convention (see the class comment). */
    private int toReturncode(int status) {
        int sig = status - 128;
        if (sig >= 1 && sig <= 64 && (sentSignals & (1L << (sig - 1))) != 0) {
            return -sig;
        }
        return status;
    }

    // ------------------------------------------------------------------------------------------
    // Events (on the loop)

    private void exited(int status) {
        if (returncode != null) {
            return;
        }
        returncode = toReturncode(status);
        KERNEL.outsideWorkDone(loop);
        if (stdinPipe != null) {
            stdinPipe.processExited();
        }
        tryFinish();
    }

    private void pipeEnded() {
        openPipes--;
        tryFinish();
    }

    private void tryFinish() {
        if (returncode != null && openPipes == 0 && !finished.done()) {
            ChildProcesses.of(loop).remove(this);
            finished.setResult(returncode);
        }
    }

    /** Whether the loop has learnt of the exit; for {@link ChildProcesses} at close. */
    boolean exitSeen() {
        return returncode != null;
    }

    /** The loop is closing (the child was killed, or had exited): ends the pipe threads. */
    void stopThreads() {
        for (OutputPump p : pumps) {
            p.stop();
        }
        if (stdinPipe != null) {
            stdinPipe.stop();
        }
    }

    @Override
    public String toString() {
        return "AsyncProcess[pid=" + pid + (returncode == null ? ", running" : ", returncode=" + returncode) + "]";
    }
}
