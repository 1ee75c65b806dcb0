package io.jasyncio.db;

import io.jasyncio.EventLoop;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** PostgreSQL through pgjdbc. */
final class PgDialect implements Dialect {

    static final PgDialect INSTANCE = new PgDialect();

    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private PgDialect() {
    }

    @Override
    public boolean postgres() {
        return true;
    }

    @Override
    public Connection open(Dsn dsn) throws SQLException {
        Connection c = DRIVER.connect(dsn.jdbcUrl(), dsn.properties());
        if (c == null) {
            throw new SQLException("pgjdbc did not accept the URL " + dsn.jdbcUrl(), "08001");
        }
        return c;
    }

    /**
     * On the main engine pgjdbc's blocking socket I/O parks only the virtual thread, so each call
     * runs as a task of the loop; on the fallback engine a blocking read would hold the loop, so each
     * connection gets a platform thread, as SQLite's do.
     */
    @Override
    public Lane newLane(String name) {
        return Lane.onLoopIfParkable(name);
    }

    @Override
    public DatabaseError error(SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        DatabaseError.Fields f;
        if (m != null) {
            f = new DatabaseError.Fields(m.getSQLState(), m.getMessage(), m.getSeverity(), m.getDetail(), m.getHint(),
                    m.getSchema(), m.getTable(), m.getColumn(), m.getConstraint(), m.getPosition());
        } else {
            String state = e.getSQLState() == null ? "08006" : e.getSQLState();
            f = DatabaseError.Fields.of(state, e.getMessage());
        }
        return DatabaseError.of(f, e);
    }

    @Override
    public byte readerKind(ResultSetMetaData md, int column) throws SQLException {
        String type = md.getColumnTypeName(column);
        return switch (type) {
            case "int4", "int2" -> INT;
            case "int8" -> LONG;
            case "text", "varchar", "bpchar", "name" -> TEXT;
            case "timestamp" -> TIMESTAMP;
            case "timestamptz" -> TIMESTAMPTZ;
            case "date" -> DATE;
            case "time" -> TIME;
            case "timetz" -> TIMETZ;
            default -> type.startsWith("_") ? ARRAY : RAW;
        };
    }

    @Override
    public Object read(ResultSet rs, int column, byte kind) throws SQLException {
        switch (kind) {
            case INT: {
                int v = rs.getInt(column);
                return v == 0 && rs.wasNull() ? null : v;
            }
            case LONG: {
                long v = rs.getLong(column);
                return v == 0 && rs.wasNull() ? null : v;
            }
            case TEXT:
                return rs.getString(column);
            case TIMESTAMP:
                return rs.getObject(column, LocalDateTime.class);
            case TIMESTAMPTZ:
                return rs.getObject(column, OffsetDateTime.class);
            case DATE:
                return rs.getObject(column, LocalDate.class);
            case TIME:
                return rs.getObject(column, LocalTime.class);
            case TIMETZ:
                return rs.getObject(column, OffsetTime.class);
            case ARRAY: {
                Array a = rs.getArray(column);
                return a == null ? null : toList(a.getArray());
            }
            default: {
                Object v = rs.getObject(column);
                return v instanceof PGobject o ? o.getValue() : v;
            }
        }
    }

    private static List<Object> toList(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object v = java.lang.reflect.Array.get(array, i);
            out.add(v != null && v.getClass().isArray() && !(v instanceof byte[]) ? toList(v) : v);
        }
        return out;
    }

    @Override
    public void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);
            case Integer i -> ps.setInt(index, i);
            case Long l -> ps.setLong(index, l);
            case String s -> ps.setString(index, s);
            case Instant i -> ps.setObject(index, i.atOffset(ZoneOffset.UTC));
            case BigInteger b -> ps.setBigDecimal(index, new BigDecimal(b));
            case Enum<?> e -> ps.setString(index, e.name());
            case Character ch -> ps.setString(index, ch.toString());
            case Collection<?> list -> ps.setArray(index, array(c, list.toArray()));
            case Object[] arr -> ps.setArray(index, array(c, arr));
            default -> ps.setObject(index, value);
        }
    }

    private static Array array(Connection c, Object[] elements) throws SQLException {
        String type = "text";
        for (Object e : elements) {
            if (e != null) {
                type = switch (e) {
                    case Integer i -> "int4";
                    case Long l -> "int8";
                    case Short s -> "int2";
                    case Double d -> "float8";
                    case Float f -> "float4";
                    case Boolean b -> "bool";
                    case BigDecimal b -> "numeric";
                    case UUID u -> "uuid";
                    case LocalDate d -> "date";
                    case LocalDateTime d -> "timestamp";
                    case OffsetDateTime d -> "timestamptz";
                    default -> "text";
                };
                break;
            }
        }
        if (type.equals("text")) {
            Object[] texts = new Object[elements.length];
            for (int i = 0; i < elements.length; i++) {
                texts[i] = elements[i] == null ? null : elements[i].toString();
            }
            elements = texts;
        }
        return c.createArrayOf(type, elements);
    }

    @Override
    public void cancel(Connection c, Statement running) throws SQLException {
        if (running != null) {
            running.cancel();   // pgjdbc: a CancelRequest only if that statement still runs
        } else {
            c.unwrap(PGConnection.class).cancelQuery();
        }
    }

    @Override
    public boolean idle(Connection c) throws SQLException {
        return c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
    }

    @Override
    public boolean failedTransaction(Connection c) throws SQLException {
        return c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
    }

    static boolean mainEngine() {
        return !"baton-fallback".equals(EventLoop.engineName());
    }
}
