package io.jasyncio.subprocess;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import io.jasyncio.EventLoop;
import io.jasyncio.net.ReadTransport;
import io.jasyncio.streams.StreamReader;

/**
 * Moves a child's output pipe into a {@link StreamReader}: a platform daemon thread does the blocking
 * reads (a {@code java.lang.Process} pipe has no non-blocking mode) and hands each chunk to the loop
 * with {@link EventLoop#callSoonThreadsafe}; the loop feeds the reader. asyncio's read-pipe transport,
 * with a thread where asyncio has a selector.
 *
 * <p>One chunk is in flight at a time: after a hand-over the thread waits on {@code gate} until the
 * loop has fed the chunk and the reader is not paused. So a reader nobody reads stops the thread, the
 * pipe fills and the child blocks, as in asyncio; the reader's buffer stays under about twice its
 * limit plus one chunk.
 *
 * <p>Virtual time: the pump counts as outside work ({@link EventLoop#externalWorkStarted()}) while
 * its thread reads, that is from the start to EOF except while paused, so that a test loop waits for
 * the child's output for real instead of jumping ahead.
 *
 * <p>States (loop side): reading &rarr; (parked &harr; reading)* &rarr; ended (EOF or error fed).
 */
final class OutputPump {

    private static final KernelAccess KERNEL = Kernel.access();

    /** The most bytes read at once: asyncio's pipe transports read 256 KiB; a 64 KiB pipe rarely holds more. */
    private static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final InputStream in;
    private final StreamReader reader;
    /** Runs on the loop after EOF or an error was fed to the reader. */
    private final Runnable onEnd;
    private final Semaphore gate = new Semaphore(0);
    private volatile boolean stopped;
    // Loop-confined:
    private boolean paused;
    /** The thread waits on the gate for a resume. */
    private boolean parked;

    OutputPump(EventLoop loop, InputStream in, StreamReader reader, Runnable onEnd) {
        this.loop = loop;
        this.in = in;
        this.reader = reader;
        this.onEnd = onEnd;
        reader.setTransport(new FlowView());
    }

    /** Starts the thread; on the loop thread. */
    void start(String name) {
        KERNEL.outsideWorkStarted(loop);
        Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Stops the thread at its next hand-over; from any thread (the loop is closing). */
    void stop() {
        stopped = true;
        gate.release();
    }

    private void run() {
        byte[] buf = new byte[CHUNK];
        try (InputStream s = in) {
            while (!stopped) {
                int n;
                try {
                    n = s.read(buf);
                } catch (IOException e) {
                    handOver(() -> end(e));
                    return;
                }
                if (n < 0) {
                    handOver(() -> end(null));
                    return;
                }
                byte[] chunk = Arrays.copyOf(buf, n);
                if (!handOver(() -> deliver(chunk))) {
                    return;
                }
                gate.acquireUninterruptibly();
            }
        } catch (IOException closeFailed) {
            // Closing our end of the pipe: nothing left to tell anyone.
        }
    }

    /** Hands {@code r} to the loop; false if the loop is closed (then nobody reads any more). */
    private boolean handOver(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    private void deliver(byte[] chunk) {
        reader.feedData(chunk); // may pause us
        if (paused) {
            parked = true;
            KERNEL.outsideWorkDone(loop);
        } else {
            gate.release();
        }
    }

    private void end(IOException e) {
        KERNEL.outsideWorkDone(loop);
        if (e == null) {
            reader.feedEof();
        } else {
            reader.setException(e);
        }
        onEnd.run();
    }

    /** The pump as the reader sees it: the read half of a transport, whose flow control the reader drives. */
    private final class FlowView implements ReadTransport {
        @Override
        public void pauseReading() {
            paused = true;
        }

        @Override
        public void resumeReading() {
            resume();
        }

        @Override
        public boolean isReading() {
            return !paused;
        }

        @Override
        public void close() {
            stop();
        }

        @Override
        public boolean isClosing() {
            return stopped;
        }

        @Override
        public Object getExtraInfo(String name) {
            return null;
        }

        @Override
        public String toString() {
            return "<pipe of " + OutputPump.this + (paused ? ", paused" : "") + ">";
        }
    }

    private void resume() {
        paused = false;
        if (parked) {
            parked = false;
            KERNEL.outsideWorkStarted(loop);
            gate.release();
        }
    }
}
