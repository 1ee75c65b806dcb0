package io.jasyncio.subprocess;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import io.jasyncio.internal.Throw;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.streams.StreamWriter;

/**
 * The writing end of a child process's input pipe ({@link AsyncProcess#stdin()}): the part of
 * asyncio's {@code StreamWriter} a pipe supports. {@link #write} never blocks: the bytes are queued
 * for a writer thread (a {@code java.lang.Process} pipe has no non-blocking mode), and
 * {@link #drain()} suspends the task while more than 64 KiB wait to be written, until at most 16 KiB
 * are left (asyncio's write-buffer water marks): write, then drain, as in asyncio.
 *
 * <pre>{@code
 * for (byte[] block : blocks) {
 *     proc.stdin().write(block);
 *     proc.stdin().drain();        // backpressure: waits while the child is behind
 * }
 * proc.stdin().close();            // the child sees EOF once the queued bytes are written
 * }</pre>
 *
 * <p>Loop-confined: use it from the tasks and callbacks of the process's loop.
 *
 * <h2>States</h2>
 * open &rarr; closing ({@link #close()} or {@link #writeEof()}: queued bytes are still written, then the
 * pipe is closed) &rarr; closed. The pipe is also lost when the child exits or stops reading (a write
 * fails, typically with "Broken pipe"): queued bytes are dropped, later writes are dropped silently,
 * and {@link #drain()} raises the error, as asyncio's does.
 */
public final class ProcessInput {

    private static final KernelAccess KERNEL = Kernel.access();

    /** asyncio's default high water mark of a write transport. */
    private static final int HIGH_WATER = 64 * 1024;
    /** asyncio's default low water mark (a quarter of the high one). */
    private static final int LOW_WATER = HIGH_WATER / 4;
    /** The writer thread reports progress after each slice of this size, for finer flow control. */
    private static final int SLICE = 64 * 1024;
    /** The queue item that tells the writer thread to close the pipe and end. */
    private static final byte[] CLOSE = new byte[0];

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    // Loop-confined:
    private boolean started;
    /** Bytes queued and not yet written. */
    private long buffered;
    /** close() or writeEof() was called. */
    private boolean closing;
    /** The writer thread has a CLOSE to act on. */
    private boolean closeQueued;
    /** The pipe is closed (by us, or lost). */
    private boolean closed;
    /** The child exited: the pipe is gone even if no write failed yet. */
    private boolean lost;
    /** The error a write failed with, or null. */
    private IOException error;
    /** Outside work is marked for the virtual clock (the writer thread has work). */
    private boolean marked;
    /** Completed when drain() may return: created when the buffer goes over the high water mark. */
    private Future<Void> resumed;
    /** Completed when the pipe is closed. */
    private final Future<Void> closedFuture;

    ProcessInput(EventLoop loop, OutputStream out, String name) {
        this.loop = loop;
        this.out = out;
        this.name = name;
        this.closedFuture = loop.createFuture();
    }

    /**
     * Queues {@code data} to be written to the child: asyncio's {@code write(data)}. Never suspends;
     * the array is copied. After the pipe was lost, the bytes are dropped silently and the next
     * {@link #drain()} reports it.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #close()} or {@link #writeEof()}
     */
    public void write(byte[] data) {
        if (closing) {
            throw new IllegalStateException("write to " + name + " after close()");
        }
        if (closed || lost || data.length == 0) {
            return;
        }
        startThread();
        buffered += data.length;
        queue.add(data.clone());
        if (buffered > HIGH_WATER && resumed == null) {
            resumed = loop.createFuture();
        }
        syncMark();
    }

    /**
     * Waits until the queued bytes are down to the low water mark, if they went over the high one:
     * asyncio's {@code drain()}. Returns at once when the writer keeps up.
     *
     * <p>Cancel safety: cancel safe: the queued bytes stay queued and are still written.
     *
     * @throws java.io.IOException (unchecked, as thrown) if the pipe is lost or closed: the write error
     *     (such as "Broken pipe" when the child exited or closed its input), or "Connection lost"
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void drain() {
        Future<Void> r = resumed;
        if (r != null) {
            Asyncio.shield(r);
        }
        if (error != null) {
            throw Throw.sneaky(error);
        }
        if (closed || lost) {
            throw Throw.sneaky(new IOException("Connection lost: " + name + " is closed"));
        }
    }

    /**
     * Closes the pipe once the queued bytes are written; the child then reads EOF. asyncio's
     * {@code close()}. Idempotent; does not wait (see {@link #waitClosed()}).
     */
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!started) {
            closeNow(); // nothing queued: closing our end of a pipe does not block
        } else if (!closed) {
            closeQueued = true;
            queue.add(CLOSE);
            syncMark();
        }
    }

    /** Same as {@link #close()}: a pipe's only half-close is closing it (asyncio's {@code write_eof()}). */
    public void writeEof() {
        close();
    }

    /**
     * Whether {@link #writeEof()} is supported: always, for a pipe.
     *
     * @return true
     */
    public boolean canWriteEof() {
        return true;
    }

    /**
     * Whether the pipe is closing or closed: asyncio's {@code is_closing()}.
     *
     * @return true after {@link #close()}, or once the pipe is lost
     */
    public boolean isClosing() {
        return closing || closed || lost;
    }

    /**
     * Waits until the pipe is closed (after {@link #close()}, once the queued bytes are written):
     * asyncio's {@code wait_closed()}.
     *
     * <p>Cancel safety: cancel safe: the close goes on.
     *
     * @throws java.io.IOException (unchecked, as thrown) the error a write failed with, if any
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void waitClosed() {
        Asyncio.shield(closedFuture);
        if (error != null) {
            throw Throw.sneaky(error);
        }
    }

    /**
     * The bytes queued and not yet written: asyncio's {@code transport.get_write_buffer_size()}.
     *
     * @return the count
     */
    public long getWriteBufferSize() {
        return buffered;
    }

    // ------------------------------------------------------------------------------------------
    // The process and the writer thread

    /** The child exited (on the loop): the pipe is gone; a writer thread is told to end. */
    void processExited() {
        lost = true;
        if (!started) {
            closeNow();
        } else if (!closeQueued && !closed) {
            closeQueued = true;
            queue.add(CLOSE);
            syncMark();
        }
    }

    /** The loop is closing (any thread): ends an idle writer thread. */
    void stop() {
        queue.add(CLOSE);
    }

    private void startThread() {
        if (!started) {
            started = true;
            Thread.ofPlatform().daemon().name(name).start(this::run);
        }
    }

    private void closeNow() {
        try {
            out.close();
        } catch (IOException e) {
            // Closing our end: a flush of nothing cannot fail in a way anyone could act on.
        }
        closed(null);
    }

    /** The writer thread: writes the queued arrays in order, reports progress, closes at CLOSE or on error. */
    private void run() {
        IOException failure = null;
        try {
            for (byte[] data; (data = queue.take()) != CLOSE; ) {
                for (int off = 0; off < data.length; off += SLICE) {
                    int n = Math.min(SLICE, data.length - off);
                    out.write(data, off, n);
                    out.flush();
                    report(() -> written(n));
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new java.io.InterruptedIOException("writer thread interrupted");
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        IOException f = failure;
        report(() -> closed(f));
    }

    private void report(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException loopClosed) {
            // Nobody is left to tell.
        }
    }

    private void written(int n) {
        if (closed) {
            return;
        }
        buffered -= n;
        if (buffered <= LOW_WATER) {
            wakeDrainers();
        }
        syncMark();
    }

    private void closed(IOException e) {
        if (closed) {
            return;
        }
        closed = true;
        if (e != null && error == null && !(lost && buffered == 0)) {
            error = e;
        }
        buffered = 0;
        closeQueued = false;
        wakeDrainers();
        closedFuture.setResult(null);
        syncMark();
    }

    private void wakeDrainers() {
        Future<Void> r = resumed;
        if (r != null) {
            resumed = null;
            r.setResult(null);
        }
    }

    /** Marks outside work while the writer thread has something to do, so that a virtual clock waits for it. */
    private void syncMark() {
        boolean busy = buffered > 0 || closeQueued;
        if (busy != marked) {
            marked = busy;
            if (busy) {
                KERNEL.outsideWorkStarted(loop);
            } else {
                KERNEL.outsideWorkDone(loop);
            }
        }
    }

    @Override
    public String toString() {
        return "ProcessInput[" + name + ", " + buffered + " bytes queued"
                + (closed ? ", closed" : closing ? ", closing" : lost ? ", lost" : "") + "]";
    }
}
