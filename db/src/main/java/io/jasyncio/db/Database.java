package io.jasyncio.db;

/**
 * The entry points, asyncpg's module functions: {@link #connect(String)} and
 * {@link #createPool(String, int, int)}. A DSN names the database:
 *
 * <ul>
 *   <li>{@code postgresql://user:password@host:port/database} (PostgreSQL through pgjdbc; options as
 *   {@code ?sslmode=require});</li>
 *   <li>{@code sqlite:path/app.db}, {@code sqlite:///abs/app.db} or {@code sqlite::memory:} (SQLite,
 *   embedded, no server: the default for examples and for users without a server).</li>
 * </ul>
 *
 * <p>Both speak the same API with {@code $1}-style parameters. PostgreSQL's socket I/O parks only
 * the calling task (on the main engine); SQLite's native calls run on a platform thread per
 * connection, as aiosqlite does.
 */
public final class Database {

    /** asyncpg's default pool sizes. */
    public static final int DEFAULT_MIN_SIZE = 10;
    /** asyncpg's default pool sizes. */
    public static final int DEFAULT_MAX_SIZE = 10;

    private Database() {
    }

    /**
     * Opens a connection (asyncpg's {@code connect}). Close it when done (try-with-resources).
     *
     * <p>Cancel safety: a cancelled connect raises {@code CancelledError} at once; a connection made
     * after that is closed.
     *
     * @param dsn see the class comment
     * @return the connection
     * @throws IllegalArgumentException if the DSN is not understood (the message names the forms)
     * @throws DatabaseError if the database refused or could not be reached (SQLSTATE class 08, or
     *     28P01 for a wrong password)
     * @throws IllegalStateException if not called from a task (inside {@code Asyncio.run})
     */
    public static Connection connect(String dsn) {
        return new Connection(Session.open(Dsn.parse(dsn)), null);
    }

    /**
     * Creates a pool and opens its {@code minSize} connections (asyncpg's {@code create_pool}). A
     * pool over {@code sqlite::memory:} shares one in-memory database among its connections.
     *
     * <p>Cancel safety: if cancelled, or if a connection fails, the connections already opened are
     * closed.
     *
     * @param dsn see the class comment
     * @param minSize connections opened now and kept
     * @param maxSize the most connections at once
     * @return the pool
     * @throws IllegalArgumentException for a bad DSN or sizes
     * @throws DatabaseError if a connection could not be opened
     * @throws IllegalStateException if not called from a task (inside {@code Asyncio.run})
     */
    public static Pool createPool(String dsn, int minSize, int maxSize) {
        return Pool.create(Dsn.parse(dsn), minSize, maxSize);
    }

    /**
     * {@link #createPool(String, int, int)} with asyncpg's default sizes (10 and 10).
     *
     * @param dsn see the class comment
     * @return the pool
     * @throws IllegalArgumentException for a bad DSN
     * @throws DatabaseError if a connection could not be opened
     */
    public static Pool createPool(String dsn) {
        return createPool(dsn, DEFAULT_MIN_SIZE, DEFAULT_MAX_SIZE);
    }
}
