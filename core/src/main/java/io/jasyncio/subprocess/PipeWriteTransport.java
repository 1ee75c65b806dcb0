package io.jasyncio.subprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;
import io.jasyncio.net.FlowControl;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.WriteTransport;

/**
 * The write transport of a child process's input pipe (asyncio's {@code _UnixWritePipeTransport}); the process's
 * {@link AsyncProcess#stdin()} is a {@code StreamWriter} over it, as in asyncio. {@link #write} never blocks: the
 * bytes are queued for a writer thread (a {@code java.lang.Process} pipe has no non-blocking mode), and the
 * protocol is paused while more than the high water mark (64 KiB) waits to be written, until at most the low one
 * (16 KiB) is left, so the writer's {@code drain()} gives backpressure as over a socket.
 *
 * <h2>States</h2>
 * open &rarr; closing ({@link #close()} or {@link #writeEof()}: queued bytes are still written, then the pipe is
 * closed) &rarr; closed (the protocol's {@code connectionLost}). The pipe is also lost when the child exits or
 * stops reading (a write fails, typically with "Broken pipe"): queued bytes are dropped, later writes are dropped
 * silently, and {@code drain()} raises the error, as asyncio's does. {@link #abort()} drops the queue and closes.
 *
 * <p>Loop-confined, except the writer thread, which reports to the loop with {@code callSoonThreadsafe}.
 */
final class PipeWriteTransport implements WriteTransport {

    private static final KernelAccess KERNEL = Kernel.access();
    /** The writer thread reports progress after each slice of this size, for finer flow control. */
    private static final int SLICE = 64 * 1024;
    /** The queue item that tells the writer thread to close the pipe and end. */
    private static final byte[] CLOSE = new byte[0];

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    private final Protocol protocol;
    private final FlowControl flow = new FlowControl();
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    // Loop-confined:
    private boolean started;
    /** Bytes queued and not yet written. */
    private int buffered;
    /** close(), writeEof() or abort() was called. */
    private boolean closing;
    /** abort() was called: progress reports of the writer thread no longer count. */
    private boolean aborted;
    /** The writer thread has a CLOSE to act on. */
    private boolean closeQueued;
    /** The pipe is closed (by us, or lost); connectionLost was delivered. */
    private boolean closed;
    /** The child exited: the pipe is gone even if no write failed yet. */
    private boolean lost;
    /** Outside work is marked for the virtual clock (the writer thread has work). */
    private boolean marked;

    PipeWriteTransport(EventLoop loop, OutputStream out, String name, Protocol protocol) {
        this.loop = loop;
        this.out = out;
        this.name = name;
        this.protocol = protocol;
    }

    /**
     * Queues the bytes for the writer thread (copied). After the pipe was lost they are dropped silently and the
     * next {@code drain()} reports it.
     *
     * @throws IllegalStateException after {@link #close()}, {@link #writeEof()} or {@link #abort()}
     */
    @Override
    public void write(ByteBuffer data) {
        if (closing) {
            throw new IllegalStateException("Cannot write to a closing transport (" + name + ")");
        }
        if (closed || lost || !data.hasRemaining()) {
            return;
        }
        startThread();
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        buffered += copy.length;
        queue.add(copy);
        flow.update(buffered, protocol, loop);
        syncMark();
    }

    /** As {@link #close()}: a pipe's only way to send EOF is to close it. */
    @Override
    public void writeEof() {
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** Closes the pipe once the queued bytes are written (the child then sees EOF). Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        queueClose();
    }

    /** Drops the queued bytes and closes the pipe. Idempotent. */
    @Override
    public void abort() {
        closing = true;
        if (!aborted) {
            aborted = true;
            queue.clear();
            buffered = 0;
            queueClose();
        }
    }

    /** Whether {@code close()}, {@code writeEof()} or {@code abort()} was called, or the pipe is closed. */
    @Override
    public boolean isClosing() {
        return closing || closed;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        flow.setLimits(high, low);
        flow.update(buffered, protocol, loop);
    }

    @Override
    public int getWriteBufferSize() {
        return buffered;
    }

    /** {@code "pipe"}: the process's {@code OutputStream}; nothing else is known. */
    @Override
    public Object getExtraInfo(String key) {
        return "pipe".equals(key) ? out : null;
    }

    // ------------------------------------------------------------------------------------------
    // The process and the writer thread

    /** The child exited: close the pipe after what is queued (a write to it will fail, which is reported). */
    void processExited() {
        lost = true;
        queueClose();
    }

    /** At loop close: the writer thread ends after its current write. */
    void stop() {
        queue.add(CLOSE);
    }

    private void queueClose() {
        if (!started) {
            closeNow(); // nothing queued: closing our end of a pipe does not block
        } else if (!closeQueued && !closed) {
            closeQueued = true;
            queue.add(CLOSE);
            syncMark();
        }
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
        if (closed || aborted) {
            return;
        }
        buffered -= n;
        flow.update(buffered, protocol, loop);
        syncMark();
    }

    private void closed(IOException e) {
        if (closed) {
            return;
        }
        closed = true;
        // A child that exited with nothing left for it: its broken pipe is no error.
        IOException error = e != null && !(lost && buffered == 0) && !aborted ? e : null;
        buffered = 0;
        closeQueued = false;
        syncMark();
        protocol.connectionLost(error);
    }

    /** Marks outside work while the writer thread has something to do, so that a virtual clock waits for it. */
    private void syncMark() {
        boolean busy = (buffered > 0 || closeQueued) && !closed;
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
        return "<PipeWriteTransport " + name + ", " + buffered + " bytes queued"
                + (closed ? ", closed" : closing ? ", closing" : lost ? ", lost" : "") + ">";
    }
}
