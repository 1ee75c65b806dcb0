package io.jasyncio.net;


import io.jasyncio.internal.IoHandle;



import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * A {@link DatagramTransport} over a non-blocking {@link DatagramChannel}, driven by the loop's
 * selector: CPython's {@code _SelectorDatagramTransport} (3.13).
 *
 * <p>Receiving: each time the channel is readable, one datagram into the loop's shared buffer, handed
 * to {@link DatagramProtocol#datagramReceived}; an {@link IOException} (an ICMP error on a connected
 * socket) goes to {@link DatagramProtocol#errorReceived} instead. Sending: {@link #sendto} first tries
 * the socket directly; a datagram it does not take is copied into a queue sent on writability, behind
 * which later datagrams wait, so the order is kept. {@code connectionMade} and {@code connectionLost}
 * are called through the ready queue, as asyncio does.
 */
final class DatagramSocketTransport implements DatagramTransport, IoHandle {


    /** What a queued datagram costs besides its bytes (asyncio's {@code _header_size}). */
    static final int HEADER_SIZE = 8;

    /** Sends one datagram without blocking; the seam through which tests make the socket "full". */
    @FunctionalInterface
    interface Sender {
        /**
         * Sends {@code data} to {@code addr}.
         *
         * @return false if the socket would block (nothing was sent)
         */
        boolean send(ByteBuffer data, SocketAddress addr) throws IOException;
    }

    private record Queued(ByteBuffer data, SocketAddress addr) {
    }

    private final EventLoop loop;
    private final DatagramChannel channel;
    private DatagramProtocol protocol;
    /** The default destination (asyncio's {@code _address}): set with a remote address, else null. */
    private final SocketAddress remote;
    private final SocketAddress local;
    /** The registration, flow control and lifecycle shared with TCP. */
    private final SelectorTransport core;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean made;
    Sender sender = this::sendNow;

    DatagramSocketTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress remote)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.remote = remote;
        this.local = channel.getLocalAddress();
        this.core = new SelectorTransport(loop, channel, this);
    }

    /** Calls {@code connectionMade}, then starts receiving, in the next turn; then completes {@code waiter}. */
    void start(Future<Void> waiter) {
        core.start(waiter, () -> {
            made = true;
            protocol.connectionMade(this);
        }, e -> endWith(e, "connectionMade failed"), () -> true);
    }

    // ------------------------------------------------------------------------------------------
    // Receiving

    @Override
    public void onReady(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0 && !core.lost) {
            sendQueued();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !core.closing && !core.lost) {
            receiveOne();
        }
    }

    private void receiveOne() {
        ByteBuffer buf = core.reg.readBuffer();
        try {
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (IOException e) {
                ioError(e, "receive failed");
                return;
            }
            if (from != null) { // null: nothing after all (a spurious wake-up)
                buf.flip();
                protocol.datagramReceived(buf, from);
            }
        } finally {
            buf.clear();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Sending

    @Override
    public void sendto(ByteBuffer data, SocketAddress addr) {
        Objects.requireNonNull(data, "data");
        SocketAddress to = destination(addr);
        if (core.closing) {
            throw new IllegalStateException("Cannot send on a closing datagram transport");
        }
        if (queue.isEmpty()) {
            if (sendOrReport(data, to)) {
                return;
            }
            interest(SelectionKey.OP_WRITE, true);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        queue.addLast(new Queued(copy, to));
        queuedBytes += copy.remaining() + HEADER_SIZE;
        checkWaterMarks();
    }

    /** Where a datagram goes: {@code addr}, checked against the remote address if there is one. */
    private SocketAddress destination(SocketAddress addr) {
        if (remote != null) {
            if (addr != null && !addr.equals(remote)) {
                throw new IllegalArgumentException("Invalid address: must be null or " + remote + ", got " + addr);
            }
            return remote;
        }
        if (addr == null) {
            throw new IllegalArgumentException("an address is needed: this endpoint has no remote address");
        }
        if (addr instanceof InetSocketAddress isa && isa.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + addr + ": resolve it first");
        }
        return addr;
    }

    private boolean sendNow(ByteBuffer data, SocketAddress addr) throws IOException {
        // The JDK returns 0 both for "would block" and for an empty datagram; only the former leaves
        // bytes behind. (An empty datagram is not retried: UDP may drop it anyway.)
        channel.send(data, addr);
        return !data.hasRemaining();
    }

    /**
     * Sends one datagram, or reports why it could not be sent (and then it is done with, as if sent).
     *
     * @return false if the socket would block: the datagram is still to send
     */
    private boolean sendOrReport(ByteBuffer data, SocketAddress to) {
        try {
            return sender.send(data, to);
        } catch (IOException e) {
            ioError(e, "send failed");
            return true;
        }
    }

    /**
     * A failed send or receive: the end of the endpoint if its channel is closed, otherwise news for
     * the protocol, the endpoint staying open (asyncio's {@code error_received} for an {@code OSError}).
     */
    private void ioError(IOException e, String what) {
        if (e instanceof ClosedChannelException) {
            endWith(e, what);
        } else {
            protocol.errorReceived(e);
        }
    }

    /** Sends queued datagrams until the socket would block; each failure is reported and dropped. */
    private void sendQueued() {
        while (!queue.isEmpty()) {
            Queued q = queue.peekFirst();
            if (!sendOrReport(q.data(), q.addr())) {
                break;
            }
            if (core.lost) {
                return; // the channel closed under us: the queue is gone
            }
            queue.pollFirst();
            queuedBytes -= q.data().limit() + HEADER_SIZE;
        }
        checkWaterMarks();
        if (queue.isEmpty()) {
            interest(SelectionKey.OP_WRITE, false);
            if (core.closing) {
                scheduleConnectionLost(null);
            }
        }
    }

    /** Pauses the protocol above the high water mark and resumes it at or below the low one. */
    private void checkWaterMarks() {
        core.checkWaterMarks(queuedBytes, protocol);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        core.flow.setLimits(high, low);
        checkWaterMarks();
    }

    @Override
    public int getWriteBufferSize() {
        return queuedBytes;
    }

    // ------------------------------------------------------------------------------------------
    // Closing

    @Override
    public void close() {
        if (core.closing) {
            return;
        }
        core.closing = true;
        interest(SelectionKey.OP_READ, false);
        if (queue.isEmpty()) {
            scheduleConnectionLost(null);
        }
    }

    @Override
    public void abort() {
        endWith(null, null);
    }

    /** Ends the endpoint at once, dropping the queue; the protocol's connectionLost gets {@code e}. */
    private void endWith(Throwable e, String what) {
        if (core.lost) {
            return;
        }
        core.reportFatal(e, what);
        core.closing = true;
        queue.clear();
        queuedBytes = 0;
        scheduleConnectionLost(e);
    }

    private void scheduleConnectionLost(Throwable e) {
        core.lose(() -> {
            if (made) { // a protocol sees "lost" only after "made"
                protocol.connectionLost(e);
            }
        }, null);
    }

    @Override
    public boolean isClosing() {
        return core.closing;
    }

    private void interest(int op, boolean on) {
        core.interest(op, on);
    }

    // ------------------------------------------------------------------------------------------
    // Info

    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "sockname" -> local;
            case "peername" -> remoteIfConnected();
            case "socket" -> channel;
            default -> null;
        };
    }

    private SocketAddress remoteIfConnected() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null; // closed
        }
    }

    @Override
    public DatagramProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(DatagramProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
        return "<DatagramSocketTransport " + (core.lost ? "closed" : core.closing ? "closing" : "open") + " local=" + local
                + (remote != null ? " remote=" + remote : "") + " queued=" + queuedBytes + ">";
    }
}
