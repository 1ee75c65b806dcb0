package io.jasyncio.db;

import java.util.List;

/**
 * A statement parsed once and run many times with different arguments (asyncpg's
 * {@code conn.prepare()}). On PostgreSQL it is a named server-side statement from its first
 * execution, so each run is one Bind/Execute round trip; on SQLite a compiled {@code sqlite3_stmt}.
 *
 * <pre>{@code
 * PreparedStatement next = conn.prepare("SELECT $1::int + 1");   // stmt = await conn.prepare(...)
 * int three = next.fetchval(Integer.class, 2);                  // await stmt.fetchval(2)
 * }</pre>
 *
 * <p>It belongs to its connection (the connection's statement cache keeps the driver statement,
 * and prepares it again if the cache dropped it) and is unusable once the connection is closed or
 * released to its pool. Each method's cancel safety is the same as {@link Connection}'s.
 */
public final class PreparedStatement {

    private final Connection owner;
    private final String sql;

    PreparedStatement(Connection owner, String sql) {
        this.owner = owner;
        this.sql = sql;
    }

    /** @return the query text, with its {@code $n} parameters */
    public String getQuery() {
        return sql;
    }

    /**
     * Runs the statement and returns all rows. Cancel safety as {@link Connection#fetch}.
     *
     * @param args the arguments, for {@code $1}, {@code $2}, ...
     * @return the rows
     * @throws DatabaseError as {@link Connection#fetch}
     */
    public List<Row> fetch(Object... args) {
        return Queries.fetch(owner.session(), sql, Queries.args(args), 0);
    }

    /**
     * Runs the statement and returns the first row, or null. Cancel safety as {@link Connection#fetch}.
     *
     * @param args the arguments
     * @return the first row, or null
     * @throws DatabaseError as {@link Connection#fetch}
     */
    public Row fetchrow(Object... args) {
        return Queries.fetchrow(owner.session(), sql, Queries.args(args));
    }

    /**
     * The first column of the first row, or null. Cancel safety as {@link Connection#fetch}.
     *
     * @param args the arguments
     * @return the value
     * @throws DatabaseError as {@link Connection#fetch}
     */
    public Object fetchval(Object... args) {
        return Queries.fetchval(owner.session(), sql, Queries.args(args));
    }

    /**
     * The first column of the first row as a type, or null. Cancel safety as {@link Connection#fetch}.
     *
     * @param <T> the type
     * @param type the class wanted (see {@link Row#get(String, Class)})
     * @param args the arguments
     * @return the value
     * @throws DatabaseError as {@link Connection#fetch}
     */
    public <T> T fetchval(Class<T> type, Object... args) {
        return Queries.fetchval(owner.session(), type, sql, Queries.args(args));
    }

    /**
     * Runs the statement as a command. Cancel safety as {@link Connection#execute}.
     *
     * @param args the arguments
     * @return the number of rows affected
     * @throws DatabaseError as {@link Connection#execute}
     */
    public long execute(Object... args) {
        return Queries.execute(owner.session(), sql, Queries.args(args));
    }

    /**
     * Runs the statement once per argument list, atomically. Cancel safety as
     * {@link Connection#executemany}.
     *
     * @param argsList one list of arguments per execution
     * @return the number of rows affected in total
     * @throws DatabaseError as {@link Connection#executemany}
     */
    public long executemany(Iterable<? extends List<?>> argsList) {
        return Queries.executemany(owner.session(), sql, argsList);
    }

    /**
     * A cursor over the statement's rows (see {@link Connection#cursor}).
     *
     * @param args the arguments
     * @return a cursor, not started yet
     */
    public Cursor cursor(Object... args) {
        return owner.cursor(sql, args);
    }

    @Override
    public String toString() {
        return "<PreparedStatement " + Sql.abbreviate(sql) + ">";
    }
}
