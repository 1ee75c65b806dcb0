package io.jasyncio.db;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API on SQLite (embedded: needs nothing). Real-clock loops: each connection has a real thread. */
@Tag("realtime")
class SqliteTest {

    record Item(long id, String name, double price, boolean inStock) {
    }

    /** A query SQLite runs until it is interrupted. */
    static final String ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    private static void schema(Connection c) {
        c.execute("""
                CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, price REAL, in_stock INTEGER);
                INSERT INTO items (name, price, in_stock) VALUES ('apple', 1.5, 1), ('pear', 2.25, 0);
                """);
    }

    @Test
    void fetchFetchrowFetchvalAndRows() {
        run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                schema(c);
                List<Row> rows = c.fetch("SELECT id, name, price, in_stock FROM items ORDER BY id");
                assertEquals(2, rows.size());
                Row apple = rows.get(0);
                assertEquals("apple", apple.get("name"));
                assertEquals("apple", apple.get(1));
                assertEquals("apple", apple.get("NAME"));
                assertEquals(1L, apple.getLong("id"));
                assertEquals(1.5, apple.getDouble("price"));
                assertTrue(apple.getBoolean("in_stock"));
                assertEquals(List.of("id", "name", "price", "in_stock"), apple.keys());
                assertEquals(new Item(2, "pear", 2.25, false), rows.get(1).as(Item.class));
                assertEquals("<Row id=1 name='apple' price=1.5 in_stock=1>", apple.toString());
                assertEquals("pear", c.fetchrow("SELECT name FROM items WHERE price > $1", 2).get("name"));
                assertNull(c.fetchrow("SELECT name FROM items WHERE price > $1", 100));
                assertEquals(2L, c.fetchval(Long.class, "SELECT count(*) FROM items"));
                assertEquals(3.75, c.fetchval(Double.class, "SELECT $1 + $2", 1.5, 2.25));
                assertEquals("b", c.fetchval("SELECT $2 || ''", "a", "b"));
                assertEquals(LocalDate.of(2026, 12, 6), c.fetchrow("SELECT '2026-12-06' AS d").get("d", LocalDate.class));
                IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> apple.get("nope"));
                assertTrue(missing.getMessage().contains("[id, name, price, in_stock]"), missing.getMessage());
            }
            return null;
        });
    }

    @Test
    void executeReturnsCountsAndExecutemanyIsAtomic() {
        run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                schema(c);
                assertEquals(2, c.execute("UPDATE items SET price = price * $1", 2));
                assertEquals(2, c.executemany("INSERT INTO items (name, price) VALUES ($1, $2)",
                        List.of(List.of("plum", 3), List.of("fig", 4))));
                DatabaseError e = assertThrows(DatabaseError.UniqueViolationError.class,
                        () -> c.executemany("INSERT INTO items (name, price) VALUES ($1, $2)",
                                List.of(List.of("kiwi", 1), List.of("apple", 1))));
                assertEquals("23505", e.sqlstate());
                assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
                assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM items WHERE name = 'kiwi'"), "all or nothing");
                assertEquals(4L, c.fetchval(Long.class, "SELECT count(*) FROM items"));
                assertEquals("42P01", assertThrows(DatabaseError.class, () -> c.fetch("SELECT * FROM nope")).sqlstate());
                assertEquals("23502", assertThrows(DatabaseError.NotNullViolationError.class,
                        () -> c.execute("INSERT INTO items (name) VALUES ($1)", (Object) null)).sqlstate());
                InterfaceError arity = assertThrows(InterfaceError.class, () -> c.fetch("SELECT $1, $2", 1));
                assertTrue(arity.getMessage().contains("expects 2 arguments"), arity.getMessage());
            }
            return null;
        });
    }

    @Test
    void transactionsCommitRollBackAndNestAsSavepoints() {
        run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                schema(c);
                try (Transaction tx = c.transaction()) {
                    c.execute("INSERT INTO items (name) VALUES ('a')");
                    assertTrue(c.isInTransaction());
                    try (Transaction inner = c.transaction()) {
                        assertTrue(inner.isNested());
                        c.execute("INSERT INTO items (name) VALUES ('b')");
                        // no commit: rolled back to the savepoint
                    }
                    try (Transaction inner = c.transaction()) {
                        c.execute("INSERT INTO items (name) VALUES ('c')");
                        inner.commit();
                    }
                    tx.commit();
                }
                assertFalse(c.isInTransaction());
                assertEquals(List.of("a", "c"), names(c, "SELECT name FROM items WHERE name IN ('a', 'b', 'c') ORDER BY name"));
                RuntimeException boom = assertThrows(RuntimeException.class, () -> {
                    try (Transaction tx = c.transaction()) {
                        c.execute("INSERT INTO items (name) VALUES ('d')");
                        throw new RuntimeException("boom");
                    }
                });
                assertEquals("boom", boom.getMessage());
                assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM items WHERE name = 'd'"));
                Transaction done = c.transaction();
                done.commit();
                assertThrows(InterfaceError.class, done::commit);
            }
            return null;
        });
    }

    private static List<String> names(Connection c, String sql) {
        List<String> out = new ArrayList<>();
        for (Row r : c.fetch(sql)) {
            out.add(r.getString("name"));
        }
        return out;
    }

    @Test
    void cursorReadsALargeResultInBatches() {
        run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                long sum = 0;
                int count = 0;
                try (Cursor rows = c.cursor("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $1) SELECT x FROM n", 10_000)
                        .prefetch(1000)) {
                    for (Row r : rows) {
                        sum += r.getLong("x");
                        count++;
                    }
                }
                assertEquals(10_000, count);
                assertEquals(50_005_000L, sum);
                try (Cursor rows = c.cursor("SELECT 1 AS a UNION ALL SELECT 2 UNION ALL SELECT 3")) {
                    assertEquals(2, rows.fetch(2).size());
                    assertEquals(3, rows.fetchrow().getInt("a"));
                    assertNull(rows.fetchrow());
                }
            }
            return null;
        });
    }

    @Test
    void aCancelledQueryIsInterruptedAndTheConnectionStaysUsable() {
        run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                assertThrows(TimeoutError.class, () -> waitFor(() -> c.fetchval(ENDLESS), 0.2));
                assertEquals(1, c.fetchval(Integer.class, "SELECT 1"));
                // inside a transaction: the block rolls back and the connection stays usable
                c.execute("CREATE TABLE t (x INTEGER)");
                assertThrows(TimeoutError.class, () -> waitFor(() -> {
                    try (Transaction tx = c.transaction()) {
                        c.execute("INSERT INTO t VALUES (1)");
                        c.fetchval(ENDLESS);
                        tx.commit();
                    }
                    return null;
                }, 0.2));
                assertFalse(c.isInTransaction());
                assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM t"));
            }
            return null;
        });
    }

    @Test
    void aStatementThatWillNotStopBreaksTheConnectionAndThePoolReplacesIt() {
        run(() -> {
            Pool pool = Database.createPool("sqlite::memory:", 1, 1);
            try {
                Connection c = pool.acquire();
                Session s = c.session();
                // A user function that sleeps 8 s: SQLite's interrupt is only seen between steps, so the
                // cancel cannot stop it within the bound (Session.CANCEL_WAIT_SECONDS).
                s.run((jdbc, call) -> {
                    org.sqlite.Function.create(jdbc, "stall", new org.sqlite.Function() {
                        @Override
                        protected void xFunc() throws java.sql.SQLException {
                            try {
                                Thread.sleep(8000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            result(1);
                        }
                    });
                    return null;
                });
                long t0 = System.nanoTime();
                assertThrows(TimeoutError.class, () -> waitFor(() -> c.fetchval("SELECT stall()"), 0.1));
                double took = (System.nanoTime() - t0) / 1e9;
                assertTrue(took >= Session.CANCEL_WAIT_SECONDS && took < Session.CANCEL_WAIT_SECONDS + 2.5, "took " + took);
                assertTrue(c.isClosed(), "broken");
                InterfaceError gone = assertThrows(InterfaceError.class, () -> c.fetchval("SELECT 1"));
                assertTrue(gone.getMessage().contains("did not stop"), gone.getMessage());
                c.close();
                try (Connection fresh = pool.acquire()) {
                    assertTrue(fresh.rawSession() != s, "the broken connection is never handed out again");
                    assertEquals(1, fresh.fetchval(Integer.class, "SELECT 1"));
                }
            } finally {
                pool.terminate();
            }
            return null;
        });
    }

    @Test
    void theLoopKeepsRunningWhileSqliteWorks() {
        run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                int[] ticks = {0};
                Task<Void> ticker = createTask(() -> {
                    while (true) {
                        sleep(0.01);
                        ticks[0]++;
                    }
                });
                assertThrows(TimeoutError.class, () -> waitFor(() -> c.fetchval(ENDLESS), 0.3));
                ticker.cancel();
                assertTrue(ticks[0] >= 5, "the loop ran only " + ticks[0] + " ticks during a 0.3 s query");
            }
            return null;
        });
    }

    @Test
    void worksOnAVirtualClockLoop() {
        // The connection's thread counts as outside work, and handing work to it never blocks the task,
        // so the virtual clock neither jumps over a statement nor reports a deadlock.
        double[] at = new double[1];
        long n = io.jasyncio.testing.TestLoop.run(() -> {
            try (Connection c = Database.connect("sqlite::memory:")) {
                c.execute("CREATE TABLE t (x INTEGER)");
                Task<Void> sleeper = createTask(() -> {
                    sleep(5);
                    at[0] = io.jasyncio.Asyncio.getRunningLoop().time();
                    return null;
                });
                for (int i = 0; i < 200; i++) {
                    try (Transaction tx = c.transaction()) {
                        c.execute("INSERT INTO t VALUES ($1)", i);
                        tx.commit();
                    }
                }
                io.jasyncio.Asyncio.await(sleeper);
                return c.fetchval(Long.class, "SELECT count(*) FROM t");
            }
        });
        assertEquals(200L, n);
        assertEquals(5.0, at[0]);
    }

    @Test
    void oneOperationAtATimeAndNoUseAfterClose() {
        run(() -> {
            Connection c = Database.connect("sqlite::memory:");
            Task<Object> slow = createTask(() -> c.fetchval(ENDLESS));
            sleep(0.05);
            InterfaceError busy = assertThrows(InterfaceError.class, () -> c.fetchval("SELECT 1"));
            assertTrue(busy.getMessage().contains("another operation is in progress"), busy.getMessage());
            slow.cancel();
            assertThrows(io.jasyncio.CancelledError.class, () -> io.jasyncio.Asyncio.await(slow));
            c.close();
            assertTrue(c.isClosed());
            assertThrows(InterfaceError.class, () -> c.fetchval("SELECT 1"));
            return null;
        });
    }

    @Test
    void aPoolSharesOneMemoryDatabaseAndHandsOutReleasedConnections() {
        run(() -> {
            Pool pool = Database.createPool("sqlite::memory:", 1, 3);
            try {
                pool.execute("CREATE TABLE t (x INTEGER)");
                List<Long> inserted = gather(List.of(
                        () -> pool.execute("INSERT INTO t VALUES ($1)", 1),
                        () -> pool.execute("INSERT INTO t VALUES ($1)", 2),
                        () -> pool.execute("INSERT INTO t VALUES ($1)", 3)));
                assertEquals(List.of(1L, 1L, 1L), inserted);
                assertEquals(6L, pool.fetchval(Long.class, "SELECT sum(x) FROM t"));
                Connection held;
                try (Connection c = pool.acquire()) {
                    held = c;
                    try (Transaction tx = c.transaction()) {
                        c.execute("INSERT INTO t VALUES (100)");
                        tx.commit();
                    }
                }
                try (Connection busy = pool.acquire(); Connection two = pool.acquire(); Connection three = pool.acquire()) {
                    assertThrows(TimeoutError.class, () -> pool.acquire(0.05), "all 3 are in use");
                }
                try (Connection again = pool.acquire(1.0)) {
                    assertEquals(1, again.fetchval(Integer.class, "SELECT 1"));
                }
                InterfaceError released = assertThrows(InterfaceError.class, () -> held.fetchval("SELECT 1"));
                assertTrue(released.getMessage().contains("released back to the pool"), released.getMessage());
                assertTrue(pool.getSize() <= 3);
                assertEquals(106L, pool.fetchval(Long.class, "SELECT sum(x) FROM t"));
            } finally {
                pool.close();
            }
            return null;
        });
    }

    @Test
    void aFileDatabaseAndCopyRecordsOnSqlite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.db");
        run(() -> {
            try (Connection c = Database.connect("sqlite:" + file)) {
                c.execute("CREATE TABLE p (id INTEGER, name TEXT)");
                assertEquals(3, c.copyRecordsToTable("p", List.of("id", "name"),
                        List.of(List.of(1, "a"), List.of(2, "b"), List.of(3, "c"))));
                assertThrows(InterfaceError.class, () -> c.listen("events"));
                assertThrows(InterfaceError.class, () -> c.copyFromQuery("SELECT 1", new java.io.ByteArrayOutputStream(), CopyFormat.CSV));
            }
            try (Connection c = Database.connect("sqlite:" + file)) {
                assertEquals(3L, c.fetchval(Long.class, "SELECT count(*) FROM p"));
            }
            return null;
        });
        assertTrue(Files.size(file) > 0);
    }
}
