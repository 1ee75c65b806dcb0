package io.jasyncio.db;

import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's {@code LISTEN} as an async iteration: each {@link #next()} is one {@code NOTIFY}
 * on the channel (asyncpg's {@code add_listener}, turned into a loop).
 *
 * <pre>{@code
 * try (Listener events = conn.listen("jobs")) {               // LISTEN "jobs"
 *     for (Notification n : events) {                        // waits, parking only this task
 *         handle(n.payload());
 *     }
 * }                                                          // UNLISTEN "jobs"
 * }</pre>
 *
 * <p>The wait polls the connection in short slices (pgjdbc's {@code getNotifications(timeout)}), so
 * other tasks can use the connection between slices; notifications that arrive meanwhile are kept.
 * PostgreSQL delivers notifications only between transactions, so waiting inside one is refused.
 * Use {@code waitFor(() -> events.hasNext(), seconds)} for a bounded wait. The channel name is
 * quoted, as asyncpg does (case-sensitive). Closing the listener, or releasing its connection to the
 * pool, stops listening.
 */
public final class Listener implements Iterable<Notification>, Iterator<Notification>, AutoCloseable {

    /** How long each poll waits at most: the delay a cancelled wait may take to return. */
    static final int POLL_MILLIS = 50;

    private final Connection owner;
    private final String channel;
    private boolean closed;

    private Listener(Connection owner, String channel) {
        this.owner = owner;
        this.channel = channel;
    }

    static Listener start(Connection owner, Session s, String channel) {
        if (!s.dialect.postgres()) {
            throw new InterfaceError("LISTEN/NOTIFY needs PostgreSQL; this connection is to SQLite");
        }
        if (s.channels.containsKey(channel)) {
            throw new InterfaceError("this connection already listens on channel " + channel);
        }
        s.run((c, call) -> {
            try (Statement st = c.createStatement()) {
                call.statement = st;
                st.execute("LISTEN " + quoteIdent(channel));
            }
            return null;
        });
        s.channels.put(channel, new ArrayDeque<>());
        return new Listener(owner, channel);
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** @return the channel */
    public String channel() {
        return channel;
    }

    /** @return this listener, for a for-each loop */
    @Override
    public Iterator<Notification> iterator() {
        return this;
    }

    /**
     * Waits for the next notification on the channel. Returns false only once the listener is closed.
     *
     * <p>Cancel safety: cancel safe. A cancelled wait returns within one poll slice (50 ms) and loses
     * nothing: notifications that arrived are kept for the next call.
     *
     * @return true when a notification is ready
     * @throws InterfaceError if the connection is closed or inside a transaction
     * @throws DatabaseError if the connection fails
     */
    @Override
    public boolean hasNext() {
        while (true) {
            if (closed) {
                return false;
            }
            Session s = owner.session();
            ArrayDeque<Notification> queue = s.channels.get(channel);
            if (queue == null) {
                closed = true;
                return false;
            }
            if (!queue.isEmpty()) {
                return true;
            }
            if (!s.transactions.isEmpty()) {
                throw new InterfaceError("cannot wait for notifications inside a transaction: PostgreSQL delivers them between transactions");
            }
            s.run((c, call) -> {
                if (!s.dialect.idle(c)) {
                    throw new InterfaceError("cannot wait for notifications inside a transaction: PostgreSQL delivers them between transactions");
                }
                PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (got != null) {
                    for (PGNotification n : got) {
                        ArrayDeque<Notification> q = s.channels.get(n.getName());
                        if (q != null) {
                            q.add(new Notification(n.getPID(), n.getName(), n.getParameter()));
                        }
                    }
                }
                return null;
            }, false);
        }
    }

    /**
     * The next notification (waits for it; see {@link #hasNext()}).
     *
     * @return the notification
     * @throws NoSuchElementException if the listener is closed
     */
    @Override
    public Notification next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the listener on " + channel + " is closed");
        }
        return owner.session().channels.get(channel).poll();
    }

    /**
     * Stops listening ({@code UNLISTEN}); notifications not consumed are dropped. Idempotent.
     *
     * <p>Cancel safety: the UNLISTEN is shielded and bounded like any statement; if it cannot run,
     * the pool's release still does {@code UNLISTEN *}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Session s = owner.sessionOrNull();
        if (s == null || s.channels.remove(channel) == null || s.closed()) {
            return;
        }
        s.run((c, call) -> {
            try (Statement st = c.createStatement()) {
                st.execute("UNLISTEN " + quoteIdent(channel));
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "<Listener " + channel + (closed ? " closed" : "") + ">";
    }
}
