package io.jasyncio.net;


import io.jasyncio.internal.IoHandle;


import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} (TCP or Unix domain), driven by the
 * loop's selector: CPython's {@code _SelectorSocketTransport}.
 *
 * <p>Reading: each time the channel is readable, one read into the loop's shared buffer, handed to
 * {@link Protocol#dataReceived}. Writing: {@link #write} first tries the socket directly (most writes
 * complete there, without copying); what remains is copied into a queue flushed on writability, with
 * the protocol paused above the high water mark (64 KiB) and resumed at the low one (16 KiB), as
 * asyncio's flow control. {@code connectionMade} and {@code connectionLost} are called through the
 * ready queue, as asyncio does, so they never run inside the caller's stack.
 */
final class SocketTransport implements Transport, IoHandle {


    private final EventLoop loop;
    private final SocketChannel channel;
    /** The registration, flow control and lifecycle shared with UDP. */
    private final SelectorTransport core;
    private final SocketServer server;
    private Protocol protocol;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private int buffered;
    private boolean reading = true;
    private boolean eofSeen;
    private boolean eofRequested;
    private final SocketAddress peer;
    private final SocketAddress local;

    SocketTransport(EventLoop loop, SocketChannel channel, Protocol protocol, SocketServer server) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.server = server;
        this.peer = channel.getRemoteAddress();
        this.local = channel.getLocalAddress();
        this.core = new SelectorTransport(loop, channel, this);
        if (server != null) {
            server.attach(this);
        }
    }

    /** Calls {@code connectionMade}, then starts reading, in the next turn (asyncio's order). */
    void start(Future<Void> waiter) {
        core.start(waiter, () -> protocol.connectionMade(this), e -> fatalError(e, "connectionMade failed"),
                () -> reading);
    }

    @Override
    public void onReady(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0 && !core.lost) {
            flush();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && reading && !core.closing && !core.lost) {
            read();
        }
    }

    private void read() {
        ByteBuffer buf = core.reg.readBuffer();
        int n;
        try {
            n = core.reg.read(buf);
        } catch (IOException e) {
            buf.clear();
            fatalError(e, "read failed");
            return;
        }
        if (n > 0) {
            buf.flip();
            try {
                protocol.dataReceived(buf);
            } catch (Throwable e) {
                loop.callExceptionHandler(new ErrorContext("Fatal error: protocol.dataReceived() call failed",
                        e, null, null));
                forceClose(e);
            } finally {
                buf.clear();
            }
        } else if (n < 0) {
            buf.clear();
            eofReceived();
        }
    }

    private void eofReceived() {
        setInterest(SelectionKey.OP_READ, false);
        reading = false;
        eofSeen = true;
        boolean keepOpen = protocol.eofReceived();
        if (!keepOpen) {
            close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    @Override
    public void write(ByteBuffer data) {
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (core.closing) {
            throw new IllegalStateException("Cannot write to a closing transport");
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (pending.isEmpty()) {
            try {
                core.reg.write(data);
            } catch (IOException e) {
                fatalError(e, "write failed");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            setInterest(SelectionKey.OP_WRITE, true);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        pending.addLast(copy);
        buffered += copy.remaining();
        checkWaterMarks();
    }

    private void flush() {
        try {
            while (!pending.isEmpty()) {
                ByteBuffer b = pending.peekFirst();
                int n = core.reg.write(b);
                buffered -= n;
                if (b.hasRemaining()) {
                    break;
                }
                pending.pollFirst();
            }
        } catch (IOException e) {
            fatalError(e, "write failed");
            return;
        }
        checkWaterMarks();
        if (pending.isEmpty()) {
            setInterest(SelectionKey.OP_WRITE, false);
            if (core.closing) {
                scheduleConnectionLost(null);
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

    /** Pauses the protocol above the high water mark and resumes it at or below the low one. */
    private void checkWaterMarks() {
        core.checkWaterMarks(buffered, protocol);
    }

    @Override
    public void writeEof() {
        if (core.closing || eofRequested) {
            return;
        }
        eofRequested = true;
        if (pending.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "shutdownOutput failed");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        core.flow.setLimits(high, low);
        checkWaterMarks();
    }

    @Override
    public int getWriteBufferSize() {
        return buffered;
    }

    // ------------------------------------------------------------------------------------------
    // Closing

    @Override
    public void close() {
        if (core.closing) {
            return;
        }
        core.closing = true;
        reading = false;
        setInterest(SelectionKey.OP_READ, false);
        if (pending.isEmpty()) {
            scheduleConnectionLost(null);
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    /** Ends the connection because of {@code e}: the protocol's connectionLost gets it. */
    void fatalError(Throwable e, String what) {
        core.reportFatal(e, what);
        forceClose(e);
    }

    private void forceClose(Throwable e) {
        if (core.lost) {
            return;
        }
        core.closing = true;
        reading = false;
        pending.clear();
        buffered = 0;
        scheduleConnectionLost(e);
    }

    private void scheduleConnectionLost(Throwable e) {
        core.lose(() -> protocol.connectionLost(e), server == null ? null : () -> server.detach(this));
    }

    @Override
    public boolean isClosing() {
        return core.closing;
    }

    // ------------------------------------------------------------------------------------------
    // Reading control and info

    @Override
    public void pauseReading() {
        if (core.closing || !reading) {
            return;
        }
        reading = false;
        setInterest(SelectionKey.OP_READ, false);
    }

    @Override
    public void resumeReading() {
        if (core.closing || reading || eofSeen) {
            return; // after EOF there is nothing more to read: eofReceived must not come twice
        }
        reading = true;
        setInterest(SelectionKey.OP_READ, true);
    }

    @Override
    public boolean isReading() {
        return reading && !core.closing;
    }

    private void setInterest(int op, boolean on) {
        core.interest(op, on);
    }

    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "peername" -> peer;
            case "sockname" -> local;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
        return "<SocketTransport " + (core.lost ? "closed" : core.closing ? "closing" : "open") + " peer=" + peer
                + " buffered=" + buffered + ">";
    }
}
