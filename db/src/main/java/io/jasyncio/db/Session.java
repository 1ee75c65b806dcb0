package io.jasyncio.db;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.shieldFuture;
import static io.jasyncio.Asyncio.waitFor;

import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.ThreadCancelPolicy;
import io.jasyncio.TimeoutError;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One physical connection: the JDBC connection, the {@link Lane} its calls run in, a statement
 * cache, the transaction stack, and the rules that keep it healthy.
 *
 * <p>State: OPEN (idle or running one operation; a second concurrent one is refused) → BROKEN (the
 * connection failed, or a cancelled operation did not end in time: closed, never used again) or
 * CLOSED. Only the owning loop's tasks call it, one operation at a time; driver state is touched
 * only by the work in the lane, ordered by the hand-offs to and from it.
 *
 * <p><b>Cancellation</b> (asyncpg's behaviour, without a dead connection): an operation runs in the
 * lane, never in the awaiting task's thread, so cancelling the task interrupts nothing. The task's
 * {@link CancelledError} is caught here: the database is asked to stop the statement (pgjdbc sends a
 * CancelRequest on a separate connection; SQLite gets {@code sqlite3_interrupt}), then the task
 * waits, shielded and for at most {@link #CANCEL_WAIT_SECONDS}, until the operation has ended (with
 * SQLSTATE 57014 or its own result) and the cancel request has been delivered, so that a late cancel
 * cannot hit the next statement. A transaction the cancel left failed and no {@link Transaction}
 * owns is rolled back. Then the {@link CancelledError} is rethrown. An operation still running after
 * the wait marks the connection broken and closes it.
 */
final class Session {

    /** How long a cancelled task waits for its statement to stop before the connection is given up. */
    static final double CANCEL_WAIT_SECONDS = 5.0;
    private static final int STATEMENT_CACHE_SIZE = 100;
    private static final AtomicLong IDS = new AtomicLong();

    /** An operation on the JDBC connection, run in the lane. */
    @FunctionalInterface
    interface Op<T> {
        T run(Connection c, Call call) throws Exception;
    }

    /** What a running operation tells the canceller: the statement it is executing. */
    static final class Call {
        volatile Statement statement;
        /** The cache key of the cached statement in use: dropped if the statement fails. */
        String cached;
    }

    /** A cached prepared statement and the columns of its result, once known. */
    static final class Cached {
        final PreparedStatement ps;
        Columns columns;

        Cached(PreparedStatement ps) {
            this.ps = ps;
        }
    }

    final Dsn dsn;
    final Dialect dialect;
    final Connection jdbc;
    private final Lane lane;
    private final String name;
    private boolean busy;
    private boolean closed;
    private volatile String brokenReason;
    /** Open {@link Transaction}s, innermost first. */
    final ArrayDeque<Transaction> transactions = new ArrayDeque<>();
    /** Channels listened to, with notifications received and not yet consumed. */
    final Map<String, ArrayDeque<Notification>> channels = new HashMap<>();
    /** Cursors still open: closed when the connection is released or closed. */
    final Set<Cursor> cursors = new HashSet<>();
    private int savepoints;

    private final LinkedHashMap<String, Cached> statements = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            if (size() > STATEMENT_CACHE_SIZE) {
                closeQuietly(eldest.getValue().ps);
                return true;
            }
            return false;
        }
    };

    private Session(Dsn dsn, Dialect dialect, Connection jdbc, Lane lane, String name) {
        this.dsn = dsn;
        this.dialect = dialect;
        this.jdbc = jdbc;
        this.lane = lane;
        this.name = name;
    }

    /**
     * Opens a connection. Cancel safety: a cancelled open raises {@link CancelledError} at once; a
     * connection that still gets made is closed when it arrives.
     */
    static Session open(Dsn dsn) {
        Dialect dialect = Dialect.of(dsn);
        String name = "jasyncio-db-" + IDS.incrementAndGet();
        Lane lane = dialect.newLane(name);
        // 0: opening, 1: opened, 2: abandoned by a cancelled caller. A CAS, not a lock: the caller is a
        // task, and a task blocked on a monitor is invisible to a virtual clock.
        AtomicInteger state = new AtomicInteger();
        AtomicReference<Connection> made = new AtomicReference<>();
        Lane.Pending<Connection> p = lane.submit(() -> {
            Connection c;
            try {
                c = dialect.open(dsn);
            } catch (SQLException e) {
                throw dialect.error(e);
            }
            made.set(c);
            if (!state.compareAndSet(0, 1)) {
                closeQuietly(c);
            }
            return c;
        });
        try {
            return new Session(dsn, dialect, p.await(), lane, name);
        } catch (CancelledError e) {
            if (!state.compareAndSet(0, 2)) {
                Connection c = made.get();   // made before the cancel won: close it, off this task
                Thread.ofVirtual().name(name + "-abandoned").start(() -> closeQuietly(c));
            }
            lane.close();
            throw e;
        } catch (RuntimeException | Error e) {
            lane.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Running operations

    /** Runs {@code op} in the lane; a cancellation asks the server to stop it (see the class comment). */
    <T> T run(Op<T> op) {
        return run(op, true);
    }

    /**
     * Runs {@code op}. With {@code serverCancel} false a cancellation only waits for the operation
     * (which must end by itself within {@link #CANCEL_WAIT_SECONDS}, as a notification poll does).
     */
    <T> T run(Op<T> op, boolean serverCancel) {
        enter();
        try {
            return runEntered(op, serverCancel);
        } finally {
            busy = false;
        }
    }

    private void enter() {
        checkUsable();
        if (busy) {
            throw new InterfaceError("cannot perform operation: another operation is in progress on " + name);
        }
        busy = true;
    }

    void checkUsable() {
        if (brokenReason != null) {
            throw new InterfaceError("the connection is closed: it broke (" + brokenReason + ")");
        }
        if (closed) {
            throw new InterfaceError("the connection is closed");
        }
    }

    private <T> T runEntered(Op<T> op, boolean serverCancel) {
        Call call = new Call();
        Lane.Pending<T> p = lane.submit(() -> execute(op, call));
        try {
            return p.await();
        } catch (CancelledError cancelled) {
            afterCancel(p, call, serverCancel);
            throw cancelled;
        }
    }

    private <T> T execute(Op<T> op, Call call) throws Exception {
        try {
            return op.run(jdbc, call);
        } catch (SQLException e) {
            if (call.cached != null) {
                // a driver may finalize a statement that failed or was interrupted (sqlite-jdbc does)
                Cached dead = statements.remove(call.cached);
                if (dead != null) {
                    closeQuietly(dead.ps);
                }
            }
            SQLException root = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
            DatabaseError error = dialect.error(root);
            if (error instanceof DatabaseError.ConnectionFailureError || jdbc.isClosed()) {
                brokenReason = error.getMessage();
                closeQuietly(jdbc);
            }
            throw error;
        }
    }

    /** The cancellation protocol: stop the statement, wait for it (bounded), leave the connection clean. */
    private void afterCancel(Lane.Pending<?> p, Call call, boolean serverCancel) {
        CompletableFuture<Void> cancelSent = new CompletableFuture<>();
        if (serverCancel && !p.done()) {
            Statement running = call.statement;
            Thread.ofVirtual().name(name + "-cancel").start(() -> {
                try {
                    dialect.cancel(jdbc, running);
                } catch (SQLException | RuntimeException ignored) {
                    // the statement ends anyway, or the wait below gives the connection up
                } finally {
                    cancelSent.complete(null);
                }
            });
        } else {
            cancelSent.complete(null);
        }
        boolean ended = awaitEnd(() -> {
            p.join();
            io.jasyncio.Asyncio.await(cancelSent, ThreadCancelPolicy.ABANDON);
        });
        if (!ended) {
            markBroken("a cancelled operation did not stop within " + CANCEL_WAIT_SECONDS + " s");
            return;
        }
        if (brokenReason == null && transactions.isEmpty() && cursors.isEmpty()) {
            // No Transaction owns what is open: a transaction the cancel left failed (a raw BEGIN), or
            // one a cancelled transaction() start left behind (autocommit off, nothing on the stack).
            awaitEnd(() -> lane.submit(() -> {
                if (dialect.failedTransaction(jdbc) || !jdbc.getAutoCommit()) {
                    rollback(jdbc);
                }
                return null;
            }).join());
        }
    }

    private interface Wait {
        void run();
    }

    /**
     * Runs {@code wait} in a task of its own for at most {@link #CANCEL_WAIT_SECONDS}, shielded:
     * further cancellations of the calling task are absorbed (the caller rethrows the first one).
     *
     * @return false if the bound passed first
     */
    private static boolean awaitEnd(Wait wait) {
        Task<Boolean> waiter = createTask(() -> {
            try {
                return waitFor(() -> {
                    wait.run();
                    return true;
                }, CANCEL_WAIT_SECONDS);
            } catch (TimeoutError e) {
                return false;
            }
        });
        while (true) {
            try {
                return shieldFuture(waiter).call();
            } catch (CancelledError again) {
                // already cancelling: keep waiting, the first CancelledError is rethrown by the caller
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Statements (called inside ops, in the lane)

    Cached prepared(Connection c, Sql sql, Call call) throws SQLException {
        call.cached = sql.jdbcSql();
        Cached st = statements.get(sql.jdbcSql());
        if (st == null || st.ps.isClosed()) {
            st = new Cached(c.prepareStatement(sql.jdbcSql()));
            statements.put(sql.jdbcSql(), st);
        }
        return st;
    }

    void bind(Connection c, PreparedStatement ps, Sql sql, Object[] args) throws SQLException {
        int[] order = sql.order();
        for (int i = 0; i < order.length; i++) {
            dialect.bind(c, ps, i + 1, args[order[i]]);
        }
    }

    Columns columns(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        byte[] kinds = new byte[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            kinds[i] = dialect.readerKind(md, i + 1);
        }
        return new Columns(names, kinds);
    }

    Columns columns(Cached st, ResultSet rs) throws SQLException {
        Columns cols = st.columns;
        if (cols == null || cols.size() != rs.getMetaData().getColumnCount()) {
            cols = columns(rs);
            st.columns = cols;
        }
        return cols;
    }

    Row readRow(ResultSet rs, Columns cols) throws SQLException {
        int n = cols.size();
        Object[] values = new Object[n];
        byte[] kinds = cols.kinds;
        for (int i = 0; i < n; i++) {
            values[i] = dialect.read(rs, i + 1, kinds[i]);
        }
        return new Row(cols, values);
    }

    /** Up to {@code limit} rows (all if 0). */
    List<Row> readRows(ResultSet rs, Columns cols, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        while ((limit <= 0 || rows.size() < limit) && rs.next()) {
            rows.add(readRow(rs, cols));
        }
        return rows;
    }

    /** The next savepoint name on this connection. */
    String nextSavepoint() {
        return "jasyncio_sp_" + (++savepoints);
    }

    // ------------------------------------------------------------------------------------------
    // Lifecycle

    boolean broken() {
        return brokenReason != null;
    }

    boolean closed() {
        return closed || brokenReason != null;
    }

    /** Gives the connection up: closes it without waiting for what runs on it. */
    void markBroken(String reason) {
        if (brokenReason == null) {
            brokenReason = reason;
        }
        terminate();
    }

    /**
     * Makes the connection ready for its next user (a pool's release): rolls back an open
     * transaction, stops listening, closes cursors. Without anything to undo there is no round trip.
     *
     * @return false if the connection cannot be reused (broken, closed, or the reset failed)
     */
    boolean reset() {
        if (closed()) {
            return false;
        }
        if (busy) {
            return false;   // released while another task still runs an operation on it
        }
        boolean dirty;
        try {
            dirty = !transactions.isEmpty() || !cursors.isEmpty() || !channels.isEmpty() || !dialect.idle(jdbc);
        } catch (SQLException e) {
            return false;
        }
        if (!dirty) {
            return true;
        }
        for (Transaction t : transactions) {
            t.abandon();
        }
        transactions.clear();
        List<Cursor> open = new ArrayList<>(cursors);
        cursors.clear();
        boolean listening = !channels.isEmpty();
        channels.clear();
        try {
            run((c, call) -> {
                for (Cursor cursor : open) {
                    cursor.closeInLane();
                }
                if (!dialect.idle(c)) {
                    rollback(c);
                }
                if (listening) {
                    try (Statement st = c.createStatement()) {
                        st.execute("UNLISTEN *");
                    }
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Closes the connection gracefully (asyncpg's {@code close()}): waits for the operation in
     * progress, if any, at most {@link #CANCEL_WAIT_SECONDS}, then closes.
     */
    void close() {
        if (closed) {
            return;
        }
        if (busy || brokenReason != null) {
            terminate();
            return;
        }
        closed = true;
        awaitEnd(() -> lane.submit(() -> {
            for (Cached st : statements.values()) {
                closeQuietly(st.ps);
            }
            statements.clear();
            closeQuietly(jdbc);
            return null;
        }).join());
        lane.close();
    }

    /**
     * Closes at once (asyncpg's {@code terminate()}): what runs on the connection fails. Not
     * suspending: the close itself runs on a thread of its own.
     */
    void terminate() {
        closed = true;
        Thread.ofVirtual().name(name + "-terminate").start(() -> {
            try {
                if (dialect.postgres()) {
                    jdbc.abort(Runnable::run);
                } else {
                    dialect.cancel(jdbc, null);
                }
            } catch (SQLException | RuntimeException ignored) {
                // closing anyway
            }
            if (!dialect.postgres()) {
                lane.submit(() -> {
                    closeQuietly(jdbc);
                    return null;
                });
            }
            lane.close();
        });
    }

    /** Rolls back whatever is open: a transaction of ours, or one a raw {@code BEGIN} opened. */
    static void rollback(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            }
        } else {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing: nothing to report to
        }
    }

    @Override
    public String toString() {
        return name + "[" + dsn + (closed() ? ", closed" : "") + "]";
    }
}
