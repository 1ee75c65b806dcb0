package io.jasyncio.http.client;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.http.client.Target.Origin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The keep-alive connections of one session: aiohttp's {@code TCPConnector} (docs/adr/0017). Loop-confined.
 *
 * <ul>
 * <li>A connection is <em>acquired</em> by one request at a time; {@code limit} bounds the acquired
 *     connections of the session (connecting ones included), {@code limitPerHost} those of one origin (0: no
 *     per-origin bound), as aiohttp's {@code limit} and {@code limit_per_host}.</li>
 * <li>Idle connections wait per origin and are reused most recent first (the least likely to have been
 *     closed by the server); one idle longer than {@code keepAlive} seconds is closed instead of reused, and
 *     the idle ones, acquired or not, never exceed {@code limit} in all.</li>
 * <li>A request that finds no room waits in one FIFO queue: a released connection goes to the first waiter
 *     for its origin, a freed slot to the first waiter whose origin has room.</li>
 * <li>A connection comes back ({@link #release}) when its response was read to the end and both sides may
 *     keep it; otherwise it is closed and its slot freed.</li>
 * </ul>
 *
 * <p>Cancel safety: a request cancelled while it waits leaves the queue; if a connection or a slot was
 * handed to it in the same turn, it is passed on to the next waiter.
 */
final class ConnectionPool {

    /** Opens a connection to an origin (connecting, TLS). */
    @FunctionalInterface
    interface Connector {
        HttpConnection open(Origin origin, String url) throws ClientError;
    }

    /** Per-origin state. */
    private static final class Host {
        final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();
        int acquired;
    }

    /** A waiting request: completes with a connection to reuse, or with null for a slot to connect in. */
    private record Waiter(Origin origin, Future<HttpConnection> future) {
    }

    private final int limit;
    private final int limitPerHost;
    private final double keepAlive;
    private final Connector connector;
    private final Map<Origin, Host> hosts = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** The parse buffer the pool's connections share (all on one loop; a parse never re-enters). */
    java.nio.ByteBuffer scratch;
    private int acquired;
    private int idle;
    private int opened;
    private boolean closed;

    ConnectionPool(int limit, int limitPerHost, double keepAlive, Connector connector) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        if (limitPerHost < 0) {
            throw new IllegalArgumentException("limitPerHost must be >= 0 (0: no limit), got " + limitPerHost);
        }
        this.limit = limit;
        this.limitPerHost = limitPerHost;
        this.keepAlive = keepAlive;
        this.connector = connector;
    }

    /**
     * A connection to {@code origin}, acquired: an idle one, or a new one, or after waiting for room.
     * {@link HttpConnection#reused} tells which.
     *
     * <p>Cancel safety: see the class comment; a connection being opened when the task is cancelled is closed.
     *
     * @throws ClientError if the session is closed or connecting fails
     * @throws CancelledError if the task is cancelled
     */
    HttpConnection acquire(EventLoop loop, Origin origin, String url) throws ClientError {
        if (closed) {
            throw new ClientError.SessionClosed(url);
        }
        Host h = hosts.computeIfAbsent(origin, o -> new Host());
        HttpConnection c = takeIdle(loop, h);
        if (c != null) {
            return c;
        }
        if (acquired >= limit || !hostHasRoom(h) || !waiters.isEmpty() && firstWaiterFor(origin) != null) {
            Future<HttpConnection> f = loop.createFuture();
            Waiter w = new Waiter(origin, f);
            waiters.addLast(w);
            try {
                c = f.call();
            } catch (Throwable e) {
                waiters.remove(w);
                if (f.done() && !f.cancelled()) {
                    // Handed a connection or a slot in the same turn as the cancellation: pass it on.
                    HttpConnection handed = f.result();
                    if (handed != null) {
                        release(handed, true);
                    } else {
                        freeSlot(h);
                    }
                }
                throw e;
            }
            if (closed && c == null) {
                freeSlot(h);
                throw new ClientError.SessionClosed(url);
            }
            if (c != null) {
                c.reused = true;
                return c;
            }
            // a slot: connect below
        } else {
            acquired++;
            h.acquired++;
        }
        try {
            if (idle > 0 && acquired + idle > limit) {
                closeOldestIdle();
            }
            c = connector.open(origin, url);
            opened++;
        } catch (Throwable e) {
            freeSlot(h);
            throw e;
        }
        c.reused = false;
        return c;
    }

    private HttpConnection takeIdle(EventLoop loop, Host h) {
        HttpConnection c;
        while ((c = h.idle.pollLast()) != null) {
            idle--;
            if (c.isReusable() && loop.time() - c.idleSince <= keepAlive) {
                acquired++;
                h.acquired++;
                c.reused = true;
                return c;
            }
            c.close();
        }
        return null;
    }

    private boolean hostHasRoom(Host h) {
        return limitPerHost == 0 || h.acquired < limitPerHost;
    }

    private Waiter firstWaiterFor(Origin origin) {
        for (Waiter w : waiters) {
            if (w.origin.equals(origin) && !w.future.done()) {
                return w;
            }
        }
        return null;
    }

    /**
     * Gives back an acquired connection: to the first waiter for its origin, or to the idle list, if
     * {@code reusable} and the pool is open; otherwise it is closed and its slot goes to a waiter.
     */
    void release(HttpConnection c, boolean reusable) {
        Host h = hosts.get(c.origin);
        if (reusable && !closed && c.isReusable()) {
            Waiter w = firstWaiterFor(c.origin);
            if (w != null) {
                waiters.remove(w);
                w.future.setResult(c); // stays acquired: the waiter owns it now
                return;
            }
            acquired--;
            h.acquired--;
            c.idleSince = c.loop().time();
            h.idle.addLast(c);
            idle++;
            serveWaiters();
            return;
        }
        c.close();
        freeSlot(h);
    }

    /** An idle connection's transport closed (the server hung up): forget it. */
    void idleClosed(HttpConnection c) {
        Host h = hosts.get(c.origin);
        if (h != null && h.idle.remove(c)) {
            idle--;
        }
    }

    private void freeSlot(Host h) {
        acquired--;
        h.acquired--;
        serveWaiters();
    }

    /** Hands freed room to waiters, first come first served, as long as there is room for their origin. */
    private void serveWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext() && acquired < limit; ) {
            Waiter w = it.next();
            if (w.future.done()) {
                it.remove();
                continue;
            }
            Host h = hosts.get(w.origin);
            if (closed) {
                it.remove();
                w.future.setResult(null); // the waiter sees the pool closed
                acquired++;
                h.acquired++;
                continue;
            }
            if (hostHasRoom(h)) {
                it.remove();
                acquired++;
                h.acquired++;
                w.future.setResult(null);
            }
        }
    }

    private void closeOldestIdle() {
        HttpConnection oldest = null;
        for (Host h : hosts.values()) {
            HttpConnection c = h.idle.peekFirst();
            if (c != null && (oldest == null || c.idleSince < oldest.idleSince)) {
                oldest = c;
            }
        }
        if (oldest != null) {
            hosts.get(oldest.origin).idle.pollFirst();
            idle--;
            oldest.close();
        }
    }

    /** Closes the idle connections and fails the waiters; acquired ones close when released. */
    void close() {
        closed = true;
        for (Host h : hosts.values()) {
            for (HttpConnection c : h.idle) {
                c.close();
            }
            idle -= h.idle.size();
            h.idle.clear();
        }
        List<Waiter> ws = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter w : ws) {
            if (!w.future.done()) {
                Host h = hosts.get(w.origin);
                acquired++;
                h.acquired++;
                w.future.setResult(null); // the waiter frees the slot and raises SessionClosed
            }
        }
    }

    /** @return connections acquired now (for tests and stats) */
    int acquiredCount() {
        return acquired;
    }

    /** @return connections opened so far */
    int openedCount() {
        return opened;
    }

    /** @return idle connections now */
    int idleCount() {
        return idle;
    }
}
