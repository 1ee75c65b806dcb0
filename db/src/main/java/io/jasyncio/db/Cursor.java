package io.jasyncio.db;

import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A cursor over a large result, read {@link #prefetch(int)} rows at a time (asyncpg's
 * {@code conn.cursor()}): an {@code async for} is a for-each loop in a try-with-resources.
 *
 * <pre>{@code
 * try (Transaction tx = conn.transaction();                     // PostgreSQL: cursors live in a transaction
 *      Cursor rows = conn.cursor("SELECT * FROM events WHERE day = $1", day).prefetch(500)) {
 *     for (Row row : rows) {                                    // async for row in conn.cursor(...):
 *         export(row);                                          //   one round trip per 500 rows
 *     }
 *     tx.commit();
 * }
 * }</pre>
 *
 * <p>Nothing runs until the first {@link #hasNext()}, {@link #fetch(int)} or {@link #fetchrow()}. On
 * PostgreSQL the query runs as a portal with the fetch size (pgjdbc's cursor mode), which needs an
 * open {@link Transaction}; on SQLite rows are stepped natively. Other queries may run on the
 * connection between fetches. The cursor is closed by {@link #close()}, when the rows run out, and
 * when its connection is released or closed.
 *
 * <p>State: NEW → OPEN (the query ran) → EXHAUSTED (no more rows) → CLOSED.
 */
public final class Cursor implements Iterable<Row>, Iterator<Row>, AutoCloseable {

    /** asyncpg's default prefetch. */
    public static final int DEFAULT_PREFETCH = 50;

    private final Connection owner;
    private final Sql sql;
    private final Object[] args;
    private int prefetch = DEFAULT_PREFETCH;
    private java.sql.PreparedStatement ps;
    private ResultSet rs;
    private Columns columns;
    private final ArrayDeque<Row> buffer = new ArrayDeque<>();
    private boolean started;
    private boolean exhausted;
    private boolean closed;

    Cursor(Connection owner, String sql, Object[] args) {
        this.owner = owner;
        Session s = owner.session();
        this.sql = Sql.of(sql, s.dialect.postgres());
        this.sql.checkArity(args.length);
        this.args = args;
    }

    /**
     * Sets how many rows each round trip reads (before the first fetch only).
     *
     * @param rows at least 1
     * @return this cursor
     * @throws IllegalArgumentException if {@code rows < 1}
     * @throws InterfaceError if the cursor has started
     */
    public Cursor prefetch(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + rows);
        }
        if (started) {
            throw new InterfaceError("prefetch cannot change once the cursor has started");
        }
        prefetch = rows;
        return this;
    }

    /** @return this cursor, for a for-each loop */
    @Override
    public Iterator<Row> iterator() {
        return this;
    }

    /**
     * Whether there is another row; reads the next {@code prefetch} rows when the buffer is empty.
     *
     * <p>Cancel safety: a cancelled read is stopped on the server (asyncpg's behaviour); rows already
     * buffered stay, but on PostgreSQL the transaction is then failed and the cursor unusable: roll
     * back (the try-with-resources does).
     *
     * @return true if {@link #next()} has a row
     * @throws DatabaseError if the query fails
     * @throws InterfaceError if the cursor or its connection is closed, or (PostgreSQL) no transaction is open
     */
    @Override
    public boolean hasNext() {
        if (!buffer.isEmpty()) {
            return true;
        }
        if (exhausted || closed) {
            return false;
        }
        fill(prefetch);
        return !buffer.isEmpty();
    }

    /**
     * The next row.
     *
     * @return the row
     * @throws NoSuchElementException if there is none
     */
    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the cursor has no more rows");
        }
        return buffer.poll();
    }

    /**
     * Up to {@code n} more rows (fewer at the end). Cancel safety as {@link #hasNext()}.
     *
     * @param n how many
     * @return the rows
     * @throws DatabaseError if the query fails
     */
    public List<Row> fetch(int n) {
        List<Row> out = new ArrayList<>(Math.min(n, 1024));
        while (out.size() < n) {
            if (buffer.isEmpty()) {
                if (exhausted || closed) {
                    break;
                }
                fill(Math.max(prefetch, n - out.size()));
                continue;
            }
            out.add(buffer.poll());
        }
        return out;
    }

    /**
     * The next row, or null at the end. Cancel safety as {@link #hasNext()}.
     *
     * @return the row or null
     * @throws DatabaseError if the query fails
     */
    public Row fetchrow() {
        return hasNext() ? buffer.poll() : null;
    }

    private void fill(int n) {
        Session s = owner.session();
        if (!started && s.dialect.postgres() && s.transactions.isEmpty()) {
            throw new InterfaceError("cursor cannot be created outside of a transaction (open one with conn.transaction())");
        }
        boolean first = !started;
        started = true;
        try {
            s.run((c, call) -> {
                if (first) {
                    ps = c.prepareStatement(sql.jdbcSql());
                    s.bind(c, ps, sql, args);
                    ps.setFetchSize(prefetch);
                    call.statement = ps;
                    rs = ps.executeQuery();
                    columns = s.columns(rs);
                }
                call.statement = ps;
                List<Row> rows = s.readRows(rs, columns, n);
                buffer.addAll(rows);
                if (rows.size() < n) {
                    exhausted = true;
                    closeInLane();
                }
                return null;
            });
        } finally {
            if (first && ps != null && !exhausted) {
                s.cursors.add(this);
            }
            if (exhausted) {
                s.cursors.remove(this);
            }
        }
    }

    /** Closes the driver's statement; runs in the lane. */
    void closeInLane() {
        if (rs != null) {
            Session.closeQuietly(rs);
            rs = null;
        }
        if (ps != null) {
            Session.closeQuietly(ps);
            ps = null;
        }
    }

    /**
     * Closes the cursor (the server's portal, the driver's statement). Idempotent.
     *
     * <p>Cancel safety: if cancelled, the statement is still closed (shielded, bounded), or the
     * connection is given up.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer.clear();
        Session s = owner.sessionOrNull();
        if (s == null || !s.cursors.remove(this) || s.closed()) {
            return;
        }
        s.run((c, call) -> {
            closeInLane();
            return null;
        });
    }

    @Override
    public String toString() {
        return "<Cursor " + Sql.abbreviate(sql.jdbcSql()) + (closed ? " closed" : exhausted ? " exhausted" : "") + ">";
    }
}
