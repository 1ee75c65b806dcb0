package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.Streams;

import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One end of an in-memory connection: a {@link Transport} whose bytes go to the other end's protocol
 * on the same loop, for protocol tests without sockets (trio's {@code memory_stream_pair}). Both ends
 * behave as a TCP connection's: each {@code write} is delivered in a later turn as one
 * {@code dataReceived} (so a test sees the same chunking as written), {@code writeEof} reaches the peer's
 * {@code eofReceived}, {@code close} delivers what was written and then ends both sides, {@code abort}
 * ends them at once (the peer sees "Connection reset by peer").
 *
 * <p>Flow control is real: bytes the peer has not taken (it paused reading) count in
 * {@link #getWriteBufferSize()}, and the writer's protocol is paused above the high water mark (64 KiB)
 * and resumed below the low one (16 KiB), as asyncio's transports do.
 *
 * <pre>{@code
 * var ends = MemoryTransport.pair(new EchoProtocol(), recorder);   // connectionMade runs in the next turn
 * sleep(0);
 * ends.right().write("ping".getBytes(UTF_8));                      // EchoProtocol answers "ping"
 * }</pre>
 *
 * Loop-confined, as any transport.
 */
public final class MemoryTransport implements Transport {

    /**
     * The two ends of a connection.
     *
     * @param left the end whose protocol is the first argument of {@link #pair}
     * @param right the other end
     */
    public record Ends(MemoryTransport left, MemoryTransport right) {
    }

    private final EventLoop loop;
    private final String name;
    private MemoryTransport peer;
    private Protocol protocol;
    /** Bytes written by the peer that this end has not delivered to its protocol yet. */
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private int inboundBytes;
    private boolean reading = true;
    private boolean eofPending;
    private boolean eofWritten;
    private boolean closing;
    private boolean lost;
    private boolean writePaused;
    private int high = 64 * 1024;
    private int low = 16 * 1024;

    private MemoryTransport(EventLoop loop, String name, Protocol protocol) {
        this.loop = loop;
        this.name = name;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * Connects two protocols on the running loop; each gets {@code connectionMade} in the next turn.
     *
     * @param left one protocol
     * @param right the other
     * @return the two ends
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static Ends pair(Protocol left, Protocol right) {
        EventLoop loop = Asyncio.getRunningLoop();
        MemoryTransport a = new MemoryTransport(loop, "memory-left", left);
        MemoryTransport b = new MemoryTransport(loop, "memory-right", right);
        a.peer = b;
        b.peer = a;
        loop.callSoon(() -> a.protocol.connectionMade(a));
        loop.callSoon(() -> b.protocol.connectionMade(b));
        return new Ends(a, b);
    }

    /**
     * The two stream pairs of an in-memory connection: what one writes, the other reads.
     *
     * @param left one side
     * @param right the other
     */
    public record StreamEnds(Streams.StreamPair left, Streams.StreamPair right) {
    }

    /**
     * An in-memory stream connection on the running loop (trio's {@code memory_stream_pair}): two
     * {@code (reader, writer)} pairs with the default reader limit, for testing stream code without
     * sockets. {@code drain()} waits while the other side's reader holds more than its limit allows.
     *
     * <pre>{@code
     * var s = MemoryTransport.streamPair();
     * s.left().writer().write("hello\n".getBytes(UTF_8));
     * byte[] line = s.right().reader().readline();          // "hello\n"
     * }</pre>
     *
     * @return the two ends
     * @throws IllegalStateException if not called from a task
     */
    public static StreamEnds streamPair() {
        Ends ends = pair(new Protocol() { }, new Protocol() { }); // each end gets its stream protocol below
        Streams.StreamPair left = Streams.pair(p -> {
            ends.left().setProtocol(p);
            return ends.left();
        }, StreamReader.DEFAULT_LIMIT);
        Streams.StreamPair right = Streams.pair(p -> {
            ends.right().setProtocol(p);
            return ends.right();
        }, StreamReader.DEFAULT_LIMIT);
        return new StreamEnds(left, right);
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing || eofWritten) {
            throw new IllegalStateException(name + ": write after " + (closing ? "close()" : "writeEof()"));
        }
        if (!data.hasRemaining()) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        peer.receive(copy);
        checkPause();
    }

    private void receive(ByteBuffer chunk) {
        if (lost) {
            return;
        }
        inbound.addLast(chunk);
        inboundBytes += chunk.remaining();
        scheduleDelivery();
    }

    private void scheduleDelivery() {
        loop.callSoon(this::deliverOne);
    }

    /** Delivers the oldest chunk (one per scheduled delivery, so chunks keep their boundaries). */
    private void deliverOne() {
        if (lost || !reading) {
            return; // resumeReading schedules the rest
        }
        ByteBuffer chunk = inbound.pollFirst();
        if (chunk != null) {
            inboundBytes -= chunk.remaining();
            peer.checkResume();
            protocol.dataReceived(chunk);
        } else if (eofPending) {
            eofPending = false;
            if (!protocol.eofReceived()) {
                close();
            }
        }
    }

    private void checkPause() {
        if (!writePaused && getWriteBufferSize() > high) {
            writePaused = true;
            protocol.pauseWriting();
        }
    }

    private void checkResume() {
        if (writePaused && getWriteBufferSize() <= low) {
            writePaused = false;
            protocol.resumeWriting();
        }
    }

    @Override
    public void writeEof() {
        if (eofWritten || closing) {
            return;
        }
        eofWritten = true;
        peer.eofPending = true;
        peer.scheduleDelivery();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** Sends what was written, then EOF, then ends both sides (the peer's protocol sees EOF first). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!eofWritten && !peer.lost) {
            eofWritten = true;
            peer.eofPending = true;
            peer.scheduleDelivery();
        }
        loop.callSoon(() -> lose(null));
    }

    @Override
    public void abort() {
        closing = true;
        inbound.clear();
        inboundBytes = 0;
        lose(null);
        if (!peer.lost) {
            peer.inbound.clear();
            peer.inboundBytes = 0;
            peer.closing = true;
            peer.lose(new SocketException("Connection reset by peer"));
        }
    }

    private void lose(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        Protocol p = protocol;
        loop.callSoon(() -> p.connectionLost(exc));
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        if (!reading) {
            reading = true;
            for (int i = 0; i < inbound.size() + (eofPending ? 1 : 0); i++) {
                scheduleDelivery();
            }
        }
    }

    @Override
    public boolean isReading() {
        return reading;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (high < 0 || low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
        this.high = high;
        this.low = low;
        checkPause();
        checkResume();
    }

    /** The bytes this end wrote that the peer's protocol has not received yet. */
    @Override
    public int getWriteBufferSize() {
        return peer.inboundBytes;
    }

    @Override
    public Object getExtraInfo(String key) {
        return switch (key) {
            case "sockname" -> name;
            case "peername" -> peer.name;
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
        return "MemoryTransport[" + name + (lost ? ", closed" : closing ? ", closing" : "") + "]";
    }
}
