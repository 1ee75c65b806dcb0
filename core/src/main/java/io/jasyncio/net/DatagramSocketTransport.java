package io.jasyncio.net;

import io.jasyncio.internal.IoRegistration;

import io.jasyncio.internal.IoHandle;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import io.jasyncio.internal.Throw;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import io.jasyncio.ErrorContext;
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

    private static final KernelAccess KERNEL = Kernel.access();

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
    private final IoRegistration reg;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int queuedBytes;
    private final FlowControl flow = new FlowControl();
    private boolean made;
    private boolean closing;
    private boolean lost;
    Sender sender = this::sendNow;

    DatagramSocketTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress remote)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.remote = remote;
        this.local = channel.getLocalAddress();
        channel.configureBlocking(false);
        this.reg = KERNEL.register(loop, channel, 0, this);
    }

    /** Calls {@code connectionMade}, then starts receiving, in the next turn; then completes {@code waiter}. */
    void start(Future<Void> waiter) {
        loop.callSoon(() -> {
            if (lost) {
                return;
            }
            made = true;
            try {
                protocol.connectionMade(this);
            } catch (Throwable e) {
                endWith(e, "connectionMade failed");
                if (!waiter.done()) {
                    waiter.setException(e);
                }
                return;
            }
            if (!closing) {
                interest(SelectionKey.OP_READ, true);
            }
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        });
    }

    // ------------------------------------------------------------------------------------------
    // Opening (Datagrams.createDatagramEndpoint)

    /**
     * Opens the socket for the first pair of local and remote addresses that works, and starts a
     * transport on it: the body of asyncio's {@code create_datagram_endpoint}. A null list stands for
     * an address not given. Raises the first pair's error if none works.
     */
    static <P extends DatagramProtocol> Datagrams.DatagramEndpoint<P> open(EventLoop loop, Supplier<P> factory,
            List<InetSocketAddress> locals, List<InetSocketAddress> remotes, Datagrams.DatagramOptions options) {
        IOException first = null;
        for (InetSocketAddress[] pair : pairByFamily(locals, remotes)) {
            DatagramChannel ch;
            try {
                ch = openChannel(pair[0], pair[1], options);
            } catch (IOException e) {
                first = first == null ? e : first;
                continue;
            }
            return start(loop, ch, pair[1], factory);
        }
        throw Throw.sneaky(first);
    }

    /**
     * asyncio's pairing of local and remote addresses by family: one {local, remote} pair per family,
     * in order of first appearance, each side the first address of that family; a family missing on a
     * side that was given is dropped.
     */
    private static List<InetSocketAddress[]> pairByFamily(List<InetSocketAddress> locals, List<InetSocketAddress> remotes) {
        Map<Boolean, InetSocketAddress[]> byFamily = new LinkedHashMap<>();
        List<List<InetSocketAddress>> sides = Arrays.asList(locals, remotes);
        for (int side = 0; side < 2; side++) {
            for (InetSocketAddress a : Objects.requireNonNullElse(sides.get(side), List.<InetSocketAddress>of())) {
                InetSocketAddress[] pair = byFamily.computeIfAbsent(Net.isV6(a), k -> new InetSocketAddress[2]);
                if (pair[side] == null) {
                    pair[side] = a;
                }
            }
        }
        List<InetSocketAddress[]> pairs = new ArrayList<>();
        for (InetSocketAddress[] pair : byFamily.values()) {
            if ((locals == null || pair[0] != null) && (remotes == null || pair[1] != null)) {
                pairs.add(pair);
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no address family in common between local " + locals
                    + " and remote " + remotes);
        }
        return pairs;
    }

    private static DatagramChannel openChannel(InetSocketAddress local, InetSocketAddress remote,
                                               Datagrams.DatagramOptions options) throws IOException {
        DatagramChannel ch = DatagramChannel.open(Net.isV6(local != null ? local : remote)
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            if (options.reusePort() && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.allowBroadcast()) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (local != null) {
                ch.bind(local);
            }
            if (remote != null && !options.allowBroadcast()) {
                ch.connect(remote); // UDP: no handshake, nothing to wait for
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Wraps {@code ch} in a transport and waits until its protocol's {@code connectionMade} ran. */
    private static <P extends DatagramProtocol> Datagrams.DatagramEndpoint<P> start(
            EventLoop loop, DatagramChannel ch, InetSocketAddress remote, Supplier<P> factory) {
        DatagramSocketTransport transport;
        P protocol;
        try {
            protocol = factory.get();
            transport = new DatagramSocketTransport(loop, ch, protocol, remote);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw Throw.sneaky(e);
        }
        Future<Void> made = loop.createFuture();
        transport.start(made);
        boolean ok = false;
        try {
            made.call();
            ok = true;
        } finally {
            if (!ok) {
                transport.abort(); // cancelled, or connectionMade failed: nothing stays open
            }
        }
        return new Datagrams.DatagramEndpoint<>(transport, protocol);
    }

    // ------------------------------------------------------------------------------------------
    // Receiving

    @Override
    public void onReady(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0 && !lost) {
            sendQueued();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !closing && !lost) {
            receiveOne();
        }
    }

    private void receiveOne() {
        ByteBuffer buf = reg.readBuffer();
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
        if (closing) {
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
            if (lost) {
                return; // the channel closed under us: the queue is gone
            }
            queue.pollFirst();
            queuedBytes -= q.data().limit() + HEADER_SIZE;
        }
        checkWaterMarks();
        if (queue.isEmpty()) {
            interest(SelectionKey.OP_WRITE, false);
            if (closing) {
                scheduleConnectionLost(null);
            }
        }
    }

    /** Pauses the protocol above the high water mark and resumes it at or below the low one. */
    private void checkWaterMarks() {
        flow.update(queuedBytes, protocol, loop);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        flow.setLimits(high, low);
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
        if (closing) {
            return;
        }
        closing = true;
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
        if (lost) {
            return;
        }
        if (e != null && loop.getDebug()) {
            loop.callExceptionHandler(new ErrorContext("Fatal error on datagram transport: " + what, e, null, null));
        }
        closing = true;
        queue.clear();
        queuedBytes = 0;
        scheduleConnectionLost(e);
    }

    private void scheduleConnectionLost(Throwable e) {
        if (lost) {
            return;
        }
        lost = true;
        reg.closeNextTurn(channel, () -> {
            if (made) { // a protocol sees "lost" only after "made"
                protocol.connectionLost(e);
            }
        }, null);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    private void interest(int op, boolean on) {
        if (!lost) {
            reg.interest(op, on);
        }
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
        return "<DatagramSocketTransport " + (lost ? "closed" : closing ? "closing" : "open") + " local=" + local
                + (remote != null ? " remote=" + remote : "") + " queued=" + queuedBytes + ">";
    }
}
