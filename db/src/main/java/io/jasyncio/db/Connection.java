package io.jasyncio.db;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * A database connection with asyncpg's methods: {@link #fetch}, {@link #fetchrow}, {@link #fetchval},
 * {@link #execute}, {@link #executemany}, {@link #prepare}, {@link #transaction()}, {@link #cursor},
 * {@link #listen}, and COPY. Queries take {@code $1}, {@code $2}, ... parameters, on PostgreSQL
 * and SQLite alike. Every method suspends only the calling task.
 *
 * <pre>{@code
 * try (Connection conn = Database.connect("postgresql://app:secret@127.0.0.1:5432/app")) {
 *     conn.execute("CREATE TABLE IF NOT EXISTS users (id serial PRIMARY KEY, name text)");
 *     conn.execute("INSERT INTO users (name) VALUES ($1)", "alice");
 *     List<Row> rows = conn.fetch("SELECT id, name FROM users WHERE name = $1", "alice");
 * }
 * }</pre>
 *
 * <p>One operation at a time: a second task using the connection while an operation runs gets
 * {@link InterfaceError} (use a {@link Pool} to share connections between tasks). A connection from
 * {@link Pool#acquire()} goes back to the pool on {@link #close()} and is unusable afterwards.
 *
 * <p><b>Cancel safety</b> of every operation: cancelling the task (directly, by a timeout, by a task
 * group) asks the database to stop the statement (PostgreSQL's cancel request, as asyncpg sends;
 * SQLite's interrupt), waits for it to stop (at most 5 s, further cancellations absorbed), rolls
 * back a transaction the cancel left failed if no {@link Transaction} owns it, then raises
 * {@code CancelledError}. The connection stays healthy and usable; inside a {@link Transaction} the
 * transaction is failed and rolls back when its block ends. A statement that does not stop in time
 * makes the connection broken: it is closed, and a pool replaces it.
 */
public final class Connection implements AutoCloseable {

    private final Session session;
    private final Pool pool;
    private boolean released;

    Connection(Session session, Pool pool) {
        this.session = session;
        this.pool = pool;
    }

    /** The session, if this handle may use it. */
    Session session() {
        if (released) {
            throw new InterfaceError(pool != null
                    ? "cannot use the connection: it was released back to the pool"
                    : "the connection is closed");
        }
        session.checkUsable();
        return session;
    }

    /** The session, or null once this handle was closed or released (it may serve another task now). */
    Session sessionOrNull() {
        return released ? null : session;
    }

    Session rawSession() {
        return session;
    }

    /**
     * Runs a query and returns its rows (asyncpg's {@code fetch}).
     *
     * <p>Cancel safety: see the class comment: the statement is stopped on the server and the
     * connection stays usable.
     *
     * @param sql the query, with {@code $1}-style parameters
     * @param args the arguments
     * @return the rows (empty for a command without a result)
     * @throws DatabaseError what the database reported (with its SQLSTATE)
     * @throws InterfaceError if the connection is closed or busy, or the argument count is wrong
     */
    public List<Row> fetch(String sql, Object... args) {
        return Queries.fetch(session(), sql, Queries.args(args), 0);
    }

    /**
     * The first row of a query, or null (asyncpg's {@code fetchrow}). Cancel safety as {@link #fetch}.
     *
     * @param sql the query
     * @param args the arguments
     * @return the row, or null
     * @throws DatabaseError what the database reported
     * @throws InterfaceError as {@link #fetch}
     */
    public Row fetchrow(String sql, Object... args) {
        return Queries.fetchrow(session(), sql, Queries.args(args));
    }

    /**
     * The first column of the first row, or null (asyncpg's {@code fetchval}). Cancel safety as
     * {@link #fetch}.
     *
     * @param sql the query
     * @param args the arguments
     * @return the value
     * @throws DatabaseError what the database reported
     * @throws InterfaceError as {@link #fetch}
     */
    public Object fetchval(String sql, Object... args) {
        return Queries.fetchval(session(), sql, Queries.args(args));
    }

    /**
     * The first column of the first row as a type, or null:
     * {@code long n = conn.fetchval(Long.class, "SELECT count(*) FROM t")}. Cancel safety as
     * {@link #fetch}.
     *
     * @param <T> the type
     * @param type the class wanted (conversions as {@link Row#get(String, Class)})
     * @param sql the query
     * @param args the arguments
     * @return the value
     * @throws DatabaseError what the database reported
     * @throws InterfaceError as {@link #fetch}, or if the value does not convert
     */
    public <T> T fetchval(Class<T> type, String sql, Object... args) {
        return Queries.fetchval(session(), type, sql, Queries.args(args));
    }

    /**
     * Runs a command (asyncpg's {@code execute}). Without arguments the text may hold several
     * statements separated by semicolons (a schema script). Cancel safety as {@link #fetch}.
     *
     * @param sql the command(s)
     * @param args the arguments
     * @return the number of rows the (last) statement affected; 0 for DDL. asyncpg returns the status
     *     tag ({@code "UPDATE 3"}); JDBC gives the count only.
     * @throws DatabaseError what the database reported
     * @throws InterfaceError as {@link #fetch}
     */
    public long execute(String sql, Object... args) {
        return Queries.execute(session(), sql, Queries.args(args));
    }

    /**
     * Runs a statement once per argument list, as one batch (asyncpg's {@code executemany}); atomic:
     * outside a transaction it runs in one of its own, so a failure applies none of them. Cancel
     * safety as {@link #fetch} (a cancelled batch applies none, outside a transaction).
     *
     * @param sql the statement
     * @param argsList one list of arguments per execution
     * @return the number of rows affected in total
     * @throws DatabaseError what the database reported (for the first failing row)
     * @throws InterfaceError as {@link #fetch}
     */
    public long executemany(String sql, Iterable<? extends List<?>> argsList) {
        return Queries.executemany(session(), sql, argsList);
    }

    /**
     * A prepared statement (asyncpg's {@code prepare}). Not suspending: the statement is prepared
     * on its first execution (once per connection; the connection's statement cache keeps it).
     *
     * @param sql the query
     * @return the statement
     * @throws InterfaceError if the connection is closed, or the query has an unclosed literal
     */
    public PreparedStatement prepare(String sql) {
        Objects.requireNonNull(sql, "sql");
        Sql.of(sql, session().dialect.postgres());
        return new PreparedStatement(this, sql);
    }

    /**
     * Starts a transaction, or a savepoint inside the open one (asyncpg's {@code transaction()}):
     * see {@link Transaction}. Use it in a try-with-resources and call {@link Transaction#commit()}.
     *
     * <p>Cancel safety: if cancelled while starting, no transaction is open afterwards.
     *
     * @return the started transaction
     * @throws DatabaseError what the database reported
     * @throws InterfaceError if the connection is closed or busy, or a transaction was opened with a
     *     raw {@code BEGIN}
     */
    public Transaction transaction() {
        return transaction(Transaction.Options.defaults());
    }

    /**
     * {@link #transaction()} with isolation level, read-only or deferrable options (PostgreSQL).
     *
     * @param options the options
     * @return the started transaction
     * @throws DatabaseError what the database reported
     * @throws InterfaceError as {@link #transaction()}, or options on a nested transaction
     */
    public Transaction transaction(Transaction.Options options) {
        return Transaction.start(this, session(), options);
    }

    /**
     * A cursor over a query's rows, read a batch at a time (asyncpg's {@code cursor}); see
     * {@link Cursor}. Not suspending: the query runs on the first fetch.
     *
     * @param sql the query
     * @param args the arguments
     * @return the cursor
     * @throws InterfaceError if the connection is closed or the argument count is wrong
     */
    public Cursor cursor(String sql, Object... args) {
        Objects.requireNonNull(sql, "sql");
        return new Cursor(this, sql, Queries.args(args));
    }

    /**
     * Listens on a channel (PostgreSQL {@code LISTEN}); iterate the listener to receive
     * notifications. See {@link Listener}. Cancel safety as {@link #fetch}.
     *
     * @param channel the channel (quoted, so case-sensitive)
     * @return the listener
     * @throws InterfaceError on SQLite, or if the connection already listens on the channel
     * @throws DatabaseError what the database reported
     */
    public Listener listen(String channel) {
        Objects.requireNonNull(channel, "channel");
        return Listener.start(this, session(), channel);
    }

    /**
     * {@code COPY (query) TO STDOUT} into a stream (asyncpg's {@code copy_from_query}). The stream is
     * written in the connection's lane: on the main engine that is the loop's thread, so give it an
     * in-memory or otherwise non-blocking stream. Cancel safety as {@link #fetch} (the output may hold
     * part of the data).
     *
     * @param query the query (no parameters: COPY takes none)
     * @param output where the data goes
     * @param format the format
     * @return the number of rows copied
     * @throws InterfaceError on SQLite
     * @throws DatabaseError what the database reported
     */
    public long copyFromQuery(String query, OutputStream output, CopyFormat format) {
        return Copy.fromQuery(session(), query, output, format);
    }

    /**
     * {@code COPY table (columns) TO STDOUT} into a stream (asyncpg's {@code copy_from_table}). As
     * {@link #copyFromQuery}.
     *
     * @param table the table, optionally schema-qualified ({@code schema.table}); quoted
     * @param columns the columns, or null for all
     * @param output where the data goes
     * @param format the format
     * @return the number of rows copied
     * @throws InterfaceError on SQLite
     * @throws DatabaseError what the database reported
     */
    public long copyFromTable(String table, List<String> columns, OutputStream output, CopyFormat format) {
        return Copy.fromTable(session(), table, columns, output, format);
    }

    /**
     * {@code COPY table (columns) FROM STDIN} from a stream (asyncpg's {@code copy_to_table}). The
     * stream is read in the connection's lane (see {@link #copyFromQuery}). Cancel safety as
     * {@link #fetch}: a cancelled COPY inserts nothing.
     *
     * @param table the table, optionally schema-qualified; quoted
     * @param columns the columns, or null for all
     * @param source the data
     * @param format its format
     * @return the number of rows copied
     * @throws InterfaceError on SQLite
     * @throws DatabaseError what the database reported (a bad row fails the whole COPY)
     */
    public long copyToTable(String table, List<String> columns, InputStream source, CopyFormat format) {
        return Copy.toTable(session(), table, columns, source, format);
    }

    /**
     * Inserts rows of values fast (asyncpg's {@code copy_records_to_table}): a COPY on PostgreSQL, a
     * batched INSERT in one transaction on SQLite. All or nothing. Cancel safety as {@link #fetch}:
     * a cancelled copy inserts nothing.
     *
     * @param table the table, optionally schema-qualified; quoted
     * @param columns the columns the values are for, or null for all in order
     * @param records the rows
     * @return the number of rows inserted
     * @throws DatabaseError what the database reported
     */
    public long copyRecordsToTable(String table, List<String> columns, Iterable<? extends List<?>> records) {
        return Copy.records(session(), table, columns, records);
    }

    /**
     * Whether a transaction is open (asyncpg's {@code is_in_transaction}), also one opened with a raw
     * {@code BEGIN}.
     *
     * @return true inside a transaction
     */
    public boolean isInTransaction() {
        Session s = session();
        try {
            return !s.transactions.isEmpty() || !s.dialect.idle(s.jdbc);
        } catch (java.sql.SQLException e) {
            throw s.dialect.error(e);
        }
    }

    /**
     * The server process id of this connection (asyncpg's {@code get_server_pid}), or 0 on SQLite.
     *
     * @return the backend pid
     */
    public int getServerPid() {
        Session s = session();
        if (!s.dialect.postgres()) {
            return 0;
        }
        try {
            return s.jdbc.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        } catch (java.sql.SQLException e) {
            throw s.dialect.error(e);
        }
    }

    /** @return true for PostgreSQL, false for SQLite */
    public boolean isPostgres() {
        return session.dialect.postgres();
    }

    /** @return true once closed, released to its pool, or broken */
    public boolean isClosed() {
        return released || session.closed();
    }

    /**
     * Closes the connection, or gives it back to its pool if it came from {@link Pool#acquire()}
     * (asyncpg's {@code close()} / {@code pool.release(conn)}). Idempotent; the handle is unusable
     * afterwards.
     *
     * <p>Cancel safety: the connection is closed or released even if the task is cancelled meanwhile
     * (shielded, bounded).
     */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        if (pool != null) {
            pool.release(session);
        } else {
            session.close();
        }
    }

    /** Closes at once, failing what runs on it (asyncpg's {@code terminate()}). Not suspending. */
    public void terminate() {
        if (released) {
            return;
        }
        released = true;
        session.terminate();
        if (pool != null) {
            pool.release(session);
        }
    }

    @Override
    public String toString() {
        return "<Connection " + session + (released ? " released" : "") + ">";
    }
}
