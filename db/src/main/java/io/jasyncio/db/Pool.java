package io.jasyncio.db;

import static io.jasyncio.Asyncio.gatherReturnExceptions;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.sync.Semaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pool of connections (asyncpg's {@code create_pool}): tasks {@link #acquire()} a connection in a
 * try-with-resources and give it back when the block ends; {@link #fetch}, {@link #fetchrow},
 * {@link #fetchval}, {@link #execute} and {@link #executemany} do that around one call.
 *
 * <pre>{@code
 * Pool pool = Database.createPool(dsn, 2, 10);          // pool = await asyncpg.create_pool(dsn, min_size=2, max_size=10)
 * try (Connection conn = pool.acquire()) {              // async with pool.acquire() as conn:
 *     conn.execute("UPDATE jobs SET done = true WHERE id = $1", id);
 * }
 * long n = pool.fetchval(Long.class, "SELECT count(*) FROM jobs");
 * pool.close();
 * }</pre>
 *
 * <ul>
 *   <li>At most {@code maxSize} connections exist; waiters are served first come, first served (a
 *   fair {@link Semaphore}), and a waiter that is cancelled or times out never loses a connection.</li>
 *   <li>{@code minSize} connections are opened by {@link Database#createPool}; more are opened on
 *   demand and kept. A discarded connection is replaced on demand.</li>
 *   <li>On release the connection is checked: one that broke (connection failure, a cancelled
 *   statement that would not stop) is closed and never handed out again; an open transaction is
 *   rolled back, cursors closed, {@code UNLISTEN *} run if it listened. A clean connection costs no
 *   round trip.</li>
 *   <li>The pool belongs to the loop it was created on.</li>
 * </ul>
 *
 * <p>Cancel safety of the shortcuts ({@code fetch}, {@code fetchval}, ...): as {@link Connection}'s
 * methods: a cancelled call stops its statement on the server, and the connection goes back to the
 * pool healthy (or, if it broke, is closed and replaced on demand).
 *
 * <p>States: OPEN → CLOSING ({@link #close()}: no new acquires, waits for connections in use) →
 * CLOSED; {@link #terminate()} closes everything at once.
 */
public final class Pool implements AutoCloseable {

    private final Dsn dsn;
    private final int minSize;
    private final int maxSize;
    private final EventLoop loop;
    private final Semaphore slots;
    /** Idle connections, most recently used first. */
    private final ArrayDeque<Session> idle = new ArrayDeque<>();
    private final Set<Session> inUse = new HashSet<>();
    private int opening;
    private boolean closing;
    private Future<Void> drained;

    private Pool(Dsn dsn, int minSize, int maxSize) {
        this.dsn = dsn;
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.loop = EventLoop.getRunningLoop();
        this.slots = new Semaphore(maxSize);
    }

    static Pool create(Dsn dsn, int minSize, int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, got " + maxSize);
        }
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("minSize must be between 0 and maxSize (" + maxSize + "), got " + minSize);
        }
        if (dsn.memory() && minSize == 0) {
            minSize = 1;   // the shared in-memory database lives as long as one connection to it
        }
        Pool pool = new Pool(dsn.forPool(), minSize, maxSize);
        List<Coroutine<Session>> opens = new ArrayList<>();
        for (int i = 0; i < minSize; i++) {
            opens.add(() -> Session.open(pool.dsn));
        }
        List<Object> results = gatherReturnExceptions(opens);
        Throwable failure = null;
        for (Object r : results) {
            if (r instanceof Session s) {
                pool.idle.add(s);
            } else if (failure == null) {
                failure = (Throwable) r;
            }
        }
        if (failure != null) {
            for (Session s : pool.idle) {
                s.terminate();
            }
            throw Throw.sneaky(failure);
        }
        return pool;
    }

    /**
     * Takes a connection, waiting while {@code maxSize} are in use (asyncpg's {@code acquire()}).
     * Close it (try-with-resources) to give it back.
     *
     * <p>Cancel safety: cancel safe. A waiter cancelled or timed out ({@code waitFor}) takes no
     * connection and loses none; a connection being opened for it is closed.
     *
     * @return a connection, usable until closed
     * @throws InterfaceError if the pool is closing or closed
     * @throws DatabaseError if a new connection could not be opened
     */
    public Connection acquire() {
        checkOpen();
        slots.acquire();
        boolean ok = false;
        try {
            checkOpen();
            Session s = null;
            while (!idle.isEmpty()) {
                Session candidate = idle.poll();
                if (!candidate.closed()) {
                    s = candidate;
                    break;
                }
            }
            if (s == null) {
                opening++;
                try {
                    s = Session.open(dsn);
                } finally {
                    opening--;
                }
            }
            inUse.add(s);
            ok = true;
            return new Connection(s, this);
        } finally {
            if (!ok) {
                slots.release();
            }
        }
    }

    /**
     * {@link #acquire()} with a deadline (asyncpg's {@code acquire(timeout=...)}).
     *
     * <p>Cancel safety: as {@link #acquire()}; a waiter that times out takes no connection.
     *
     * @param timeoutSeconds how long to wait for a connection
     * @return a connection, usable until closed
     * @throws io.jasyncio.TimeoutError if none came in time
     * @throws InterfaceError if the pool is closing or closed
     * @throws DatabaseError if a new connection could not be opened
     */
    public Connection acquire(double timeoutSeconds) {
        return io.jasyncio.Asyncio.waitFor(this::acquire, timeoutSeconds);
    }

    /** Takes back a connection (from {@link Connection#close()}). */
    void release(Session s) {
        if (!inUse.remove(s)) {
            return;
        }
        boolean reusable = false;
        try {
            reusable = !closing && s.reset();
        } finally {
            if (reusable) {
                idle.push(s);
            } else if (closing && !s.closed()) {
                s.close();       // the pool is closing: a clean goodbye to the server
            } else {
                s.terminate();   // broken, or dirty beyond repair
            }
            slots.release();
            if (closing && inUse.isEmpty() && drained != null && !drained.done()) {
                drained.setResult(null);
            }
        }
    }

    private void checkOpen() {
        if (closing) {
            throw new InterfaceError("the pool is closing");
        }
    }

    /**
     * {@code acquire}, {@link Connection#fetch}, release. Cancel safety as {@link Connection#fetch}.
     *
     * @param sql the query
     * @param args the arguments
     * @return the rows
     * @throws DatabaseError what the database reported
     */
    public List<Row> fetch(String sql, Object... args) {
        try (Connection c = acquire()) {
            return c.fetch(sql, args);
        }
    }

    /**
     * {@code acquire}, {@link Connection#fetchrow}, release.
     *
     * @param sql the query
     * @param args the arguments
     * @return the first row, or null
     * @throws DatabaseError what the database reported
     */
    public Row fetchrow(String sql, Object... args) {
        try (Connection c = acquire()) {
            return c.fetchrow(sql, args);
        }
    }

    /**
     * {@code acquire}, {@link Connection#fetchval}, release.
     *
     * @param sql the query
     * @param args the arguments
     * @return the value
     * @throws DatabaseError what the database reported
     */
    public Object fetchval(String sql, Object... args) {
        try (Connection c = acquire()) {
            return c.fetchval(sql, args);
        }
    }

    /**
     * {@code acquire}, {@link Connection#fetchval(Class, String, Object...)}, release.
     *
     * @param <T> the type
     * @param type the class wanted
     * @param sql the query
     * @param args the arguments
     * @return the value
     * @throws DatabaseError what the database reported
     */
    public <T> T fetchval(Class<T> type, String sql, Object... args) {
        try (Connection c = acquire()) {
            return c.fetchval(type, sql, args);
        }
    }

    /**
     * {@code acquire}, {@link Connection#execute}, release.
     *
     * @param sql the command
     * @param args the arguments
     * @return rows affected
     * @throws DatabaseError what the database reported
     */
    public long execute(String sql, Object... args) {
        try (Connection c = acquire()) {
            return c.execute(sql, args);
        }
    }

    /**
     * {@code acquire}, {@link Connection#executemany}, release.
     *
     * @param sql the statement
     * @param argsList one list of arguments per execution
     * @return rows affected in total
     * @throws DatabaseError what the database reported
     */
    public long executemany(String sql, Iterable<? extends List<?>> argsList) {
        try (Connection c = acquire()) {
            return c.executemany(sql, argsList);
        }
    }

    /** @return the number of open connections, idle or in use (asyncpg's {@code get_size}) */
    public int getSize() {
        int live = 0;
        for (Session s : idle) {
            if (!s.closed()) {
                live++;
            }
        }
        return live + inUse.size() + opening;
    }

    /** @return the number of idle connections */
    public int getIdleSize() {
        return idle.size();
    }

    /** @return the minimum size */
    public int getMinSize() {
        return minSize;
    }

    /** @return the maximum size */
    public int getMaxSize() {
        return maxSize;
    }

    /**
     * Closes the pool gracefully (asyncpg's {@code close()}): no new acquires; waits until every
     * connection in use is released, then closes them all. Idempotent.
     *
     * <p>Cancel safety: a cancelled close leaves the pool closing (no new acquires); the
     * connections are closed as they come back, and a later {@code close()} or
     * {@link #terminate()} finishes the job.
     */
    @Override
    public void close() {
        closing = true;
        if (!inUse.isEmpty()) {
            if (drained == null) {
                drained = loop.createFuture();
            }
            io.jasyncio.Asyncio.shield(drained);
        }
        while (!idle.isEmpty()) {
            idle.poll().close();
        }
    }

    /** Closes every connection at once, failing what runs on them (asyncpg's {@code terminate()}). Not suspending. */
    public void terminate() {
        closing = true;
        for (Session s : new ArrayList<>(inUse)) {
            s.terminate();
        }
        while (!idle.isEmpty()) {
            idle.poll().terminate();
        }
        if (drained != null && !drained.done()) {
            drained.setResult(null);
        }
    }

    /** @return true once {@link #close()} or {@link #terminate()} was called */
    public boolean isClosing() {
        return closing;
    }

    @Override
    public String toString() {
        return "<Pool " + dsn + " min=" + minSize + " max=" + maxSize + " size=" + getSize() + " idle=" + idle.size() + ">";
    }
}
