package io.jasyncio.db;

import java.sql.SQLException;

/**
 * An error the database reported (asyncpg's {@code PostgresError}), with its SQLSTATE and message.
 * On PostgreSQL every field of the server's error report is kept ({@link #detail()},
 * {@link #hint()}, {@link #constraintName()}, ...); on SQLite the result code is mapped to the
 * SQLSTATE PostgreSQL would send for the same error (a UNIQUE constraint is {@code 23505}), so the
 * same {@code catch} works on both.
 *
 * <p>Errors of a few well-known SQLSTATEs have a subclass of their own, named as in asyncpg:
 * {@link UniqueViolationError}, {@link ForeignKeyViolationError}, {@link NotNullViolationError},
 * {@link CheckViolationError}, {@link SerializationError}, {@link DeadlockDetectedError},
 * {@link QueryCanceledError}, {@link UndefinedTableError}, {@link PostgresSyntaxError}, and
 * {@link ConnectionFailureError} (class 08: the connection is gone, and is discarded). The JDBC
 * driver's exception is the cause.
 */
public sealed class DatabaseError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The fields of an error report; null where the database did not say. */
    record Fields(String sqlstate, String message, String severity, String detail, String hint,
                  String schemaName, String tableName, String columnName, String constraintName, int position) {

        static Fields of(String sqlstate, String message) {
            return new Fields(sqlstate, message, null, null, null, null, null, null, null, 0);
        }
    }

    private final transient Fields fields;

    DatabaseError(Fields fields, SQLException cause) {
        super(fields.message() + " (SQLSTATE " + fields.sqlstate() + ")"
                + (fields.detail() == null ? "" : "\n  Detail: " + fields.detail())
                + (fields.hint() == null ? "" : "\n  Hint: " + fields.hint()), cause);
        this.fields = fields;
    }

    /** The subclass for a SQLSTATE. */
    static DatabaseError of(Fields f, SQLException cause) {
        String s = f.sqlstate() == null ? "" : f.sqlstate();
        return switch (s) {
            case "23505" -> new UniqueViolationError(f, cause);
            case "23503" -> new ForeignKeyViolationError(f, cause);
            case "23502" -> new NotNullViolationError(f, cause);
            case "23514" -> new CheckViolationError(f, cause);
            case "40001" -> new SerializationError(f, cause);
            case "40P01" -> new DeadlockDetectedError(f, cause);
            case "57014" -> new QueryCanceledError(f, cause);
            case "42P01" -> new UndefinedTableError(f, cause);
            case "42601" -> new PostgresSyntaxError(f, cause);
            default -> s.startsWith("08") ? new ConnectionFailureError(f, cause) : new DatabaseError(f, cause);
        };
    }

    /** @return the five-character SQLSTATE, e.g. {@code 23505} */
    public String sqlstate() {
        return fields.sqlstate();
    }

    /** @return the database's primary message, without the SQLSTATE and detail lines */
    public String serverMessage() {
        return fields.message();
    }

    /** @return the severity ({@code ERROR}, {@code FATAL}), or null */
    public String severity() {
        return fields.severity();
    }

    /** @return the detail line, or null */
    public String detail() {
        return fields.detail();
    }

    /** @return the hint, or null */
    public String hint() {
        return fields.hint();
    }

    /** @return the schema of the object involved, or null */
    public String schemaName() {
        return fields.schemaName();
    }

    /** @return the table involved, or null */
    public String tableName() {
        return fields.tableName();
    }

    /** @return the column involved, or null */
    public String columnName() {
        return fields.columnName();
    }

    /** @return the constraint violated, or null */
    public String constraintName() {
        return fields.constraintName();
    }

    /** @return the 1-based character position of the error in the query, or 0 */
    public int position() {
        return fields.position();
    }

    /** SQLSTATE 23505: a UNIQUE or PRIMARY KEY constraint. */
    public static final class UniqueViolationError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        UniqueViolationError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 23503: a FOREIGN KEY constraint. */
    public static final class ForeignKeyViolationError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        ForeignKeyViolationError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 23502: a NOT NULL constraint. */
    public static final class NotNullViolationError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        NotNullViolationError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 23514: a CHECK constraint. */
    public static final class CheckViolationError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        CheckViolationError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 40001: a serializable transaction lost a race; retry it. */
    public static final class SerializationError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        SerializationError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 40P01: the server broke a deadlock by failing this transaction; retry it. */
    public static final class DeadlockDetectedError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        DeadlockDetectedError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /**
     * SQLSTATE 57014: the statement was cancelled, by {@code statement_timeout} or by a cancel
     * request. A task cancelled mid-query raises {@code CancelledError}, not this.
     */
    public static final class QueryCanceledError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        QueryCanceledError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 42P01: no such table. */
    public static final class UndefinedTableError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        UndefinedTableError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /** SQLSTATE 42601: a syntax error in the query. */
    public static final class PostgresSyntaxError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        PostgresSyntaxError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }

    /**
     * SQLSTATE class 08: the connection could not be made or was lost. The connection it happened
     * on is closed, and a pool never hands it out again.
     */
    public static final class ConnectionFailureError extends DatabaseError {
        private static final long serialVersionUID = 1L;

        ConnectionFailureError(Fields f, SQLException cause) {
            super(f, cause);
        }
    }
}
