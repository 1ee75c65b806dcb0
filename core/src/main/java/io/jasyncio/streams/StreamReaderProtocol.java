package io.jasyncio.streams;

import io.jasyncio.internal.Throw;

import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;

/**
 * The protocol behind a stream connection: feeds a {@link StreamReader} from the transport's events and
 * keeps the state that {@link StreamWriter#drain()} and {@link StreamWriter#waitClosed()} wait on.
 * CPython's {@code StreamReaderProtocol} with its {@code FlowControlMixin}.
 *
 * <p>Flow control: the transport calls {@link #pauseWriting()} when its write buffer passes the high
 * water mark and {@link #resumeWriting()} below the low one; a drain suspends while paused.
 * {@link #connectionLost} wakes every drain and close waiter; the waiters then look at the state
 * (a woken waiter is never handed an exception, so a cancelled one leaves nothing unretrieved).
 *
 * <p>Server side ({@code handler} not null): {@code connectionMade} makes the {@link StreamWriter} and
 * runs the handler as a new task; when that task ends the connection is closed (gracefully), and an
 * exception it raised goes to the loop's exception handler ("Unhandled exception in
 * client_connected_cb", as asyncio 3.12+). CPython closes on a normal return through the writer's
 * finalizer, which runs as soon as the handler's frame is gone; Java has no such finalizer, so the
 * close is explicit.
 */
final class StreamReaderProtocol implements Protocol {

    private final EventLoop loop;
    private final StreamReader reader;
    private final Streams.StreamHandler handler;
    private Transport transport;
    private boolean overSsl;
    /** The transport asked us to stop writing (asyncio's {@code FlowControlMixin._paused}). */
    private boolean paused;
    private boolean lost;
    private Throwable lostError;
    private final ArrayList<Future<Void>> drainWaiters = new ArrayList<>(1);
    private final ArrayList<Future<Void>> closeWaiters = new ArrayList<>(1);

    StreamReaderProtocol(EventLoop loop, StreamReader reader, Streams.StreamHandler handler) {
        this.loop = loop;
        this.reader = reader;
        this.handler = handler;
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        if (reader != null) {
            reader.setTransport(t);
        }
        overSsl = t.getExtraInfo("sslcontext") != null;
        if (handler != null) {
            StreamWriter writer = new StreamWriter(t, this, reader);
            Task<Void> task = loop.createTask(() -> {
                handler.handle(reader, writer);
                return null;
            });
            task.addDoneCallback(this::handlerDone);
        }
    }

    private void handlerDone(Future<Void> task) {
        if (!task.cancelled()) {
            Throwable e = task.exception();
            if (e != null) {
                loop.callExceptionHandler(new ErrorContext(
                        "Unhandled exception in client_connected_cb (" + transport + ")", e, task, null));
            }
        }
        transport.close();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        reader.feedData(data); // never called without a reader: a write-only pipe receives nothing
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        // Keep the writing side open (a half-close), except over TLS, which cannot half-close.
        return !overSsl;
    }

    @Override
    public void connectionLost(Throwable exc) {
        if (reader == null) {
            // A write-only pipe (Streams.writer): nothing to tell a reader.
        } else if (exc == null) {
            reader.feedEof();
        } else {
            reader.setException(exc);
        }
        lost = true;
        lostError = exc;
        wakeAll(closeWaiters);
        wakeAll(drainWaiters);
    }

    @Override
    public void pauseWriting() {
        paused = true;
    }

    @Override
    public void resumeWriting() {
        paused = false;
        wakeAll(drainWaiters);
    }

    // ------------------------------------------------------------------------------------------
    // What the writer waits on

    StreamReader reader() {
        return reader;
    }

    /**
     * asyncio's {@code _drain_helper}: waits while writing is paused; raises if the connection is lost,
     * with its error, or a {@link SocketException} "Connection lost" (asyncio's
     * {@code ConnectionResetError}) if it ended cleanly.
     */
    void drainHelper() {
        while (!lost && paused) {
            park(drainWaiters);
        }
        if (lost) {
            throw Throw.sneaky(lostError != null ? lostError : new SocketException("Connection lost"));
        }
    }

    /** Waits for {@code connectionLost}; raises its error, if it had one (asyncio's close waiter). */
    void waitClosed() {
        while (!lost) {
            park(closeWaiters);
        }
        if (lostError != null) {
            throw Throw.sneaky(lostError);
        }
    }

    /** Whether {@code connectionLost} was called. */
    boolean isLost() {
        return lost;
    }

    /** The error {@code connectionLost} was called with, or null (not lost yet, or lost cleanly). */
    Throwable error() {
        return lostError;
    }

    /**
     * Parks the current task on a future of its own in {@code waiters} until {@link #wakeAll}. A
     * cancelled waiter only removes itself: the shared state, and the other waiters, are untouched.
     */
    private void park(ArrayList<Future<Void>> waiters) {
        Future<Void> w = loop.createFuture();
        waiters.add(w);
        try {
            w.call();
        } finally {
            waiters.remove(w);
        }
    }

    private static void wakeAll(ArrayList<Future<Void>> waiters) {
        for (Future<Void> w : waiters) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    @Override
    public String toString() {
        return "<StreamReaderProtocol " + (lost ? "lost" : paused ? "paused" : "open") + " " + reader + ">";
    }
}
