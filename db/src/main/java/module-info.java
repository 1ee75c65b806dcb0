/**
 * Databases on jasyncio, shaped like asyncpg: {@link io.jasyncio.db.Database#connect} and
 * {@link io.jasyncio.db.Database#createPool}, on PostgreSQL (pgjdbc) or SQLite (sqlite-jdbc).
 */
@SuppressWarnings("requires-automatic") // pgjdbc is an automatic module (Automatic-Module-Name: org.postgresql.jdbc)
module io.jasyncio.db {
    requires transitive io.jasyncio;
    requires transitive java.sql;
    requires org.postgresql.jdbc;
    requires org.xerial.sqlitejdbc;
    exports io.jasyncio.db;
}
