package io.jasyncio.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between PostgreSQL and SQLite. Each implementation is the only class that names its
 * driver's types, so a program that uses one database never loads the other's driver.
 */
sealed interface Dialect permits PgDialect, SqliteDialect {

    /** Column reader kinds. */
    byte RAW = 0;
    byte INT = 1;
    byte LONG = 2;
    byte TEXT = 3;
    byte TIMESTAMP = 4;
    byte TIMESTAMPTZ = 5;
    byte DATE = 6;
    byte TIME = 7;
    byte TIMETZ = 8;
    byte ARRAY = 9;

    static Dialect of(Dsn dsn) {
        return dsn.postgres() ? PgDialect.INSTANCE : SqliteDialect.INSTANCE;
    }

    boolean postgres();

    /** Opens the physical connection (runs in the connection's lane). */
    Connection open(Dsn dsn) throws SQLException;

    /** Where this database's calls run (see {@link Lane}). */
    Lane newLane(String name);

    /** The error for a driver exception, with its SQLSTATE. */
    DatabaseError error(SQLException e);

    /** How to read a column (one of the kinds above). */
    byte readerKind(ResultSetMetaData md, int column) throws SQLException;

    /** Reads a column of the current row. */
    Object read(ResultSet rs, int column, byte kind) throws SQLException;

    /** Binds one parameter. */
    void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException;

    /**
     * Asks the database to stop what runs now on {@code c}: {@code running}, if known. Called from
     * another thread than the one running the statement.
     */
    void cancel(Connection c, Statement running) throws SQLException;

    /** True if no transaction is open or failed on {@code c} (no round trip). */
    boolean idle(Connection c) throws SQLException;

    /** True if the last statement left the transaction failed (only PostgreSQL has this state). */
    boolean failedTransaction(Connection c) throws SQLException;
}
