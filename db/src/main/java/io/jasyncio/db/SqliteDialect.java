package io.jasyncio.db;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.UUID;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite through sqlite-jdbc. Its calls are native (JNI) and block the calling thread whatever the
 * engine, so each connection has a platform thread of its own, as aiosqlite does.
 */
final class SqliteDialect implements Dialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    private static final org.sqlite.JDBC DRIVER = new org.sqlite.JDBC();

    private SqliteDialect() {
    }

    @Override
    public boolean postgres() {
        return false;
    }

    @Override
    public Connection open(Dsn dsn) throws SQLException {
        Connection c = DRIVER.connect(dsn.jdbcUrl(), dsn.properties());
        if (c == null) {
            throw new SQLException("sqlite-jdbc did not accept the URL " + dsn.jdbcUrl(), "08001");
        }
        return c;
    }

    @Override
    public Lane newLane(String name) {
        return Lane.onThread(name);
    }

    @Override
    public DatabaseError error(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLiteException s) {
            state = sqlstate(s.getResultCode(), e.getMessage());
        } else if (state == null) {
            state = e.getMessage() != null && e.getMessage().contains("closed") ? "08003" : "HY000";
        }
        return DatabaseError.of(DatabaseError.Fields.of(state, e.getMessage()), e);
    }

    /** The SQLSTATE PostgreSQL sends for the same error, so that one {@code catch} fits both. */
    private static String sqlstate(SQLiteErrorCode code, String message) {
        String m = message == null ? "" : message;
        return switch (code) {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> "23505";
            case SQLITE_CONSTRAINT_NOTNULL -> "23502";
            case SQLITE_CONSTRAINT_FOREIGNKEY -> "23503";
            case SQLITE_CONSTRAINT_CHECK -> "23514";
            case SQLITE_INTERRUPT -> "57014";
            case SQLITE_READONLY -> "25006";
            case SQLITE_FULL -> "53100";
            case SQLITE_CANTOPEN, SQLITE_NOTADB -> "08001";
            default -> {
                String name = code.name();
                if (name.startsWith("SQLITE_CONSTRAINT")) {
                    yield "23000";
                } else if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                    yield "55P03";
                } else if (m.contains("no such table")) {
                    yield "42P01";
                } else if (m.contains("syntax error")) {
                    yield "42601";
                } else if (m.contains("no such column")) {
                    yield "42703";
                }
                yield "HY000";
            }
        };
    }

    @Override
    public byte readerKind(ResultSetMetaData md, int column) {
        return RAW;
    }

    @Override
    public Object read(ResultSet rs, int column, byte kind) throws SQLException {
        return rs.getObject(column);
    }

    @Override
    public void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setObject(index, null);
            case Integer i -> ps.setInt(index, i);
            case Long l -> ps.setLong(index, l);
            case String s -> ps.setString(index, s);
            case Boolean b -> ps.setInt(index, b ? 1 : 0);
            case BigDecimal d -> ps.setString(index, d.toPlainString());
            case BigInteger b -> ps.setString(index, b.toString());
            case TemporalAccessor t -> ps.setString(index, t.toString());
            case UUID u -> ps.setString(index, u.toString());
            case Enum<?> e -> ps.setString(index, e.name());
            case Character ch -> ps.setString(index, ch.toString());
            case Collection<?> list -> throw new InterfaceError("SQLite has no array type: parameter " + index + " is a collection");
            default -> ps.setObject(index, value);
        }
    }

    @Override
    public void cancel(Connection c, Statement running) throws SQLException {
        c.unwrap(SQLiteConnection.class).getDatabase().interrupt();   // sqlite3_interrupt: any thread
    }

    @Override
    public boolean idle(Connection c) throws SQLException {
        return c.getAutoCommit();
    }

    @Override
    public boolean failedTransaction(Connection c) {
        return false;
    }
}
