package io.jasyncio.streams;

import io.jasyncio.internal.Throw;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.net.WriteTransport;
import io.jasyncio.net.Transport;

/**
 * The writing half of a stream connection: asyncio's {@code StreamWriter}, a {@link WriteTransport} plus
 * {@link #drain()} for flow control and {@link #waitClosed()}. Get one from
 * {@link Streams#openConnection(String, int)} or in a {@link Streams#startServer} handler.
 *
 * <pre>{@code
 * writer.write(chunk);       // never suspends: what the socket does not take now is buffered
 * writer.drain();            // suspends while the buffer is above the high water mark
 * ...
 * writer.close();            // the buffered data is still sent
 * writer.waitClosed();       // suspends until the connection is closed
 * }</pre>
 *
 * <h2>Flow control</h2>
 * {@link #write} never waits. The transport pauses the connection's protocol when its write buffer
 * goes over the high water mark (64 KiB) and resumes it at the low one (16 KiB); {@link #drain()}
 * suspends while paused, so a loop of {@code write(...); drain();} runs at the speed of the peer's
 * reading. Change the marks with {@code transport().setWriteBufferLimits(high, low)}.
 *
 * <h2>States</h2>
 * <table>
 * <caption>StreamWriter states</caption>
 * <tr><th>state</th><th>entered by</th><th>write</th><th>drain</th></tr>
 * <tr><td>open</td><td>creation</td><td>sends or buffers</td><td>returns, or waits while paused</td></tr>
 * <tr><td>EOF written</td><td>{@link #writeEof()}</td><td>{@link IllegalStateException}</td>
 *     <td>as open</td></tr>
 * <tr><td>closing</td><td>{@link #close()}, or the connection broke</td>
 *     <td>{@link IllegalStateException}: nothing is written after close</td>
 *     <td>raises the connection's error, or {@link SocketException} "Connection lost"</td></tr>
 * <tr><td>closed</td><td>the transport's {@code connectionLost}</td><td>as closing</td>
 *     <td>as closing; {@link #waitClosed()} returns (or raises the connection's error)</td></tr>
 * </table>
 *
 * <p>Loop-confined, as its transport. It is {@link AutoCloseable}: {@link #close()} does not wait;
 * call {@link #waitClosed()} after it to wait for the end of the connection.
 */
public final class StreamWriter implements AutoCloseable {

    private final WriteTransport transport;
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;

    StreamWriter(WriteTransport transport, StreamReaderProtocol protocol, StreamReader reader) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.protocol = protocol;
        this.reader = reader;
    }

    /**
     * The underlying transport: a {@link io.jasyncio.net.Transport} for a connection, or only its write half
     * for a pipe (a child process's stdin).
     *
     * @return the transport
     */
    public WriteTransport transport() {
        return transport;
    }

    /**
     * Sends bytes, or buffers what the socket does not take at once. Never suspends; call
     * {@link #drain()} to let the peer catch up.
     *
     * @param data the bytes
     * @throws IllegalStateException if the writer is closing (its cause is the connection's error, if
     *     known), or after {@link #writeEof()}
     */
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /**
     * Sends the bytes from position to limit; see {@link #write(byte[])}. The buffer may be reused after
     * the call.
     *
     * @param data the bytes
     * @throws IllegalStateException if the writer is closing, or after {@link #writeEof()}
     */
    public void write(ByteBuffer data) {
        checkOpen();
        transport.write(data);
    }

    /**
     * Sends several byte arrays in order, as one write. If the connection fails midway, the rest is
     * dropped and the next {@link #drain()} raises the error.
     *
     * @param data the byte arrays
     * @throws IllegalStateException if the writer is closing, or after {@link #writeEof()}
     */
    public void writelines(List<byte[]> data) {
        checkOpen();
        for (byte[] b : data) {
            if (transport.isClosing()) {
                return; // a write failed: the error is the connection's, raised by drain()
            }
            transport.write(ByteBuffer.wrap(b));
        }
    }

    private void checkOpen() {
        if (transport.isClosing()) {
            throw new IllegalStateException("Cannot write to a closing StreamWriter", knownError());
        }
    }

    /**
     * Closes the writing side after the buffered data is sent (a half-close); reading goes on.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
     */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Whether {@link #writeEof()} is supported.
     *
     * @return true for TCP and Unix sockets
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the connection after the buffered data is sent; does not wait (see {@link #waitClosed()}). Idempotent. */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Whether the writer is closing or closed.
     *
     * @return true after {@link #close()}, or once the connection broke
     */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Suspends until the connection is closed (the transport's {@code connectionLost}): asyncio's
     * {@code await writer.wait_closed()}. Call {@link #close()} first, or wait for the peer to close.
     *
     * <p>Cancel safety: cancelling the waiting task changes nothing about the connection, and other
     * tasks waiting here go on waiting (asyncio cancels the shared close future instead, so a later
     * {@code wait_closed()} there raises {@code CancelledError}).
     *
     * @throws IOException the error that ended the connection, if it did not end cleanly
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void waitClosed() throws IOException {
        protocol.waitClosed();
    }

    /**
     * Connection details, as the transport's: {@code "peername"}, {@code "sockname"}, {@code "socket"}.
     *
     * @param name the key
     * @return the value, or null if unknown
     */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /**
     * Waits until it is appropriate to write more: asyncio's {@code await writer.drain()}. Returns at
     * once while the transport's write buffer is below the high water mark; otherwise suspends until the
     * peer has read enough for the buffer to drop to the low one.
     *
     * <p>Raises if the connection is broken or closing: the error the reader saw (a reset, for
     * example), else the error that ended the connection, else a {@link SocketException}
     * ("Connection lost", or "Connection is closing" before the end). On a writer that is closing but not yet closed (its buffered data still going out), asyncio
     * returns if the buffer is below the high water mark; jasyncio raises, since nothing more can be
     * written. Before looking, it yields once, so that a {@code connectionLost} already scheduled is seen.
     *
     * <p>Cancel safety: cancelling a waiting drain loses nothing: the data written before stays
     * buffered and is still sent. Call drain again to wait again.
     *
     * @throws IOException the connection's error, as above
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void drain() throws IOException {
        Throwable failed = reader == null ? null : reader.exception();
        if (failed != null) {
            throw raisedAgain(failed);
        }
        if (transport.isClosing()) {
            // Let a connectionLost already scheduled run first, so that its error is the one raised
            // (asyncio's drain yields here for the same reason).
            Asyncio.sleep(0);
            throw raisedAgain(connectionError());
        }
        try {
            protocol.drainHelper();
        } catch (Exception e) { // the connection's error, stored when it failed (a CancelledError passes)
            throw raisedAgain(e);
        }
    }

    /** The error the reader saw, else the one the connection ended with; null if none is known. */
    private Throwable knownError() {
        Throwable failed = reader == null ? null : reader.exception();
        return failed != null ? failed : protocol.error();
    }

    /**
     * Throws the connection's error, made earlier where the connection failed (a write on the loop,
     * say), with this {@code drain()} recorded on it, as Python's traceback would show it.
     */
    private static RuntimeException raisedAgain(Throwable e) {
        io.jasyncio.internal.RaisedAgain.record(e, "raised again by StreamWriter.drain() in " + Asyncio.currentTask());
        throw Throw.sneaky(e);
    }

    private Throwable connectionError() {
        Throwable failed = knownError();
        return failed != null ? failed : new SocketException(protocol.isLost() ? "Connection lost" : "Connection is closing");
    }

    /**
     * A description in the style of asyncio's repr: {@code <StreamWriter transport=... reader=...>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + " reader=" + reader + ">";
    }
}
