package io.jasyncio.http.websocket;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pings of one {@link WebSocket} still waiting for their pongs, by payload, oldest first. A pong
 * completes the ping it answers and every earlier one with its round-trip time in seconds (websockets does
 * the same); a pong that answers none is ignored (section 5.5.3). When the connection closes, the futures
 * still waiting are cancelled. Loop-confined.
 */
final class PendingPings {

    private record Ping(Future<Double> future, double sentAt) {
    }

    private final EventLoop loop;
    private final Map<ByteBuffer, Ping> pings = new LinkedHashMap<>();

    PendingPings(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The key of a new ping: a copy of its payload.
     *
     * @throws IllegalArgumentException if a ping with this payload is already waiting for its pong
     */
    ByteBuffer newKey(byte[] data) {
        ByteBuffer key = ByteBuffer.wrap(data.clone());
        if (pings.containsKey(key)) {
            throw new IllegalArgumentException("a ping with this payload is already waiting for its pong");
        }
        return key;
    }

    /** Records the ping of {@code key} as sent now; the future completes with the latency when its pong comes. */
    Future<Double> sent(ByteBuffer key) {
        Future<Double> f = loop.createFuture();
        pings.put(key, new Ping(f, loop.time()));
        return f;
    }

    /** A pong came with {@code payload}. */
    void pong(byte[] payload) {
        Ping match = pings.get(ByteBuffer.wrap(payload));
        if (match == null) {
            return; // unsolicited, or not one of ours: ignored (section 5.5.3)
        }
        // A pong answers its ping and every earlier one (websockets does the same).
        for (Iterator<Ping> it = pings.values().iterator(); it.hasNext(); ) {
            Ping p = it.next();
            it.remove();
            if (!p.future().done()) {
                p.future().setResult(loop.time() - p.sentAt());
            }
            if (p == match) {
                break;
            }
        }
    }

    /** The connection closed: the futures still waiting are cancelled. */
    void cancelAll() {
        for (Ping p : pings.values()) {
            p.future().cancel("the WebSocket closed before the pong");
        }
        pings.clear();
    }
}
