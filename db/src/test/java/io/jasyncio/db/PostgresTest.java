package io.jasyncio.db;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The API on a real PostgreSQL 15 (JASYNCIO_PG_DSN), on both engines. */
@Tag("realtime")
class PostgresTest {

    record Account(int id, String owner, BigDecimal balance, OffsetDateTime createdAt) {
    }

    @Test
    void typesRowsAndRecords() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                assertTrue(c.isPostgres());
                c.execute("""
                        CREATE TEMP TABLE accounts (id serial PRIMARY KEY, owner text NOT NULL UNIQUE,
                            balance numeric(12, 2) NOT NULL CHECK (balance >= 0), created_at timestamptz NOT NULL DEFAULT now(),
                            tags text[], doc jsonb, token uuid, day date, raw bytea);
                        """);
                UUID token = UUID.randomUUID();
                c.execute("INSERT INTO accounts (owner, balance, tags, doc, token, day, raw) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        "alice", new BigDecimal("10.50"), List.of("a", "b"), "{\"k\": 1}", token, LocalDate.of(2026, 12, 6),
                        new byte[] {1, 2, 3});
                Row r = c.fetchrow("SELECT * FROM accounts WHERE owner = $1", "alice");
                assertEquals(1, r.get("id"));
                assertEquals(new BigDecimal("10.50"), r.get("balance"));
                assertEquals(List.of("a", "b"), r.get("tags"));
                assertEquals("{\"k\": 1}", r.get("doc"));
                assertEquals(token, r.get("token"));
                assertEquals(LocalDate.of(2026, 12, 6), r.get("day"));
                assertEquals(3, ((byte[]) r.get("raw")).length);
                assertInstanceOf(OffsetDateTime.class, r.get("created_at"));
                Account a = r.as(Account.class);
                assertEquals("alice", a.owner());
                assertEquals(1L, c.fetchval(Long.class, "SELECT count(*) FROM accounts WHERE doc ? 'k'"));
                assertEquals(3, c.fetchval("SELECT $1::int + $1::int + $2", 1, 1));
                assertEquals("it's $1", c.fetchval("SELECT 'it''s $1' || $1", ""));
                assertEquals(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC).toInstant(),
                        c.fetchval(OffsetDateTime.class, "SELECT $1::timestamptz", java.time.Instant.parse("2026-01-02T03:04:05Z")).toInstant());
                assertNull(c.fetchval("SELECT NULL::int"));
                PreparedStatement next = c.prepare("SELECT $1::int + 1");
                for (int i = 0; i < 10; i++) {
                    assertEquals(i + 1, next.fetchval(Integer.class, i));
                }
            }
            return null;
        });
    }

    @Test
    void errorsCarrySqlstateAndTheServersFields() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                c.execute("CREATE TEMP TABLE u (id int PRIMARY KEY, n int CHECK (n > 0))");
                c.execute("INSERT INTO u VALUES (1, 1)");
                var dup = assertThrows(DatabaseError.UniqueViolationError.class, () -> c.execute("INSERT INTO u VALUES ($1, 1)", 1));
                assertEquals("23505", dup.sqlstate());
                assertEquals("u_pkey", dup.constraintName());
                assertEquals("u", dup.tableName());
                assertTrue(dup.detail().contains("(id)=(1)"), dup.detail());
                assertTrue(dup.getMessage().contains("duplicate key"), dup.getMessage());
                assertEquals("23514", assertThrows(DatabaseError.CheckViolationError.class,
                        () -> c.execute("INSERT INTO u VALUES (2, -1)")).sqlstate());
                var syntax = assertThrows(DatabaseError.PostgresSyntaxError.class, () -> c.fetch("SELEC 1"));
                assertEquals(1, syntax.position());
                assertEquals("42P01", assertThrows(DatabaseError.UndefinedTableError.class, () -> c.fetch("SELECT * FROM nope")).sqlstate());
                assertEquals(1, c.fetchval("SELECT 1"), "the connection survives errors");
                DatabaseError auth = assertThrows(DatabaseError.class,
                        () -> Database.connect(dsn.replaceFirst(":[^:@/]*@", ":wrong-password@")));
                assertEquals("28P01", auth.sqlstate());
            }
            return null;
        });
    }

    @Test
    void aTimeoutMidQueryCancelsOnTheServerAndKeepsTheConnection() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                int pid = c.getServerPid();
                long t0 = System.nanoTime();
                assertThrows(TimeoutError.class, () -> waitFor(() -> c.fetchval("SELECT pg_sleep(30)"), 0.2));
                double took = (System.nanoTime() - t0) / 1e9;
                assertTrue(took < 10, "the cancel took " + took + " s");
                assertEquals(pid, c.getServerPid());
                assertEquals(1, c.fetchval("SELECT 1"));
                assertFalse(c.isInTransaction());
                // direct cancellation of a task (an interrupt on the main engine) does the same
                Task<Object> t = createTask(() -> c.fetchval("SELECT pg_sleep(30)"));
                sleep(0.1);
                t.cancel();
                assertThrows(CancelledError.class, () -> io.jasyncio.Asyncio.await(t));
                assertEquals(2, c.fetchval("SELECT 2"));
                // cancelled again while it waits for the statement to stop: absorbed, one CancelledError
                Task<Object> twice = createTask(() -> c.fetchval("SELECT pg_sleep(30)"));
                sleep(0.1);
                twice.cancel();
                sleep(0);
                twice.cancel();
                assertThrows(CancelledError.class, () -> io.jasyncio.Asyncio.await(twice));
                assertEquals(3, c.fetchval("SELECT 3"));
                try (Connection other = Database.connect(dsn)) {
                    assertEquals("idle", other.fetchval("SELECT state FROM pg_stat_activity WHERE pid = $1", pid));
                }
            }
            return null;
        });
    }

    @Test
    void aCancelInsideATransactionRollsItBack() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                c.execute("CREATE TEMP TABLE t (x int)");
                assertThrows(TimeoutError.class, () -> waitFor(() -> {
                    try (Transaction tx = c.transaction()) {
                        c.execute("INSERT INTO t VALUES (1)");
                        c.execute("SELECT pg_sleep(30)");
                        tx.commit();
                    }
                    return null;
                }, 0.3));
                assertFalse(c.isInTransaction());
                assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM t"));
                // a raw BEGIN left failed by the cancel is rolled back too
                c.execute("BEGIN");
                assertThrows(TimeoutError.class, () -> waitFor(() -> c.execute("SELECT pg_sleep(30)"), 0.2));
                assertFalse(c.isInTransaction());
            }
            return null;
        });
    }

    @Test
    void aPooledConnectionSurvivesACancelAndABrokenOneIsDiscarded() {
        String dsn = PgFixture.dsn();
        run(() -> {
            Pool pool = Database.createPool(dsn, 1, 1);
            try {
                int pid;
                try (Connection c = pool.acquire()) {
                    pid = c.getServerPid();
                }
                assertThrows(TimeoutError.class, () -> waitFor(() -> pool.fetchval("SELECT pg_sleep(30)"), 0.2));
                assertEquals(1, pool.getSize());
                try (Connection c = pool.acquire()) {
                    assertEquals(pid, c.getServerPid(), "the same connection, not a new one");
                    assertEquals(1, c.fetchval("SELECT 1"));
                }
                // the server ends the backend: the connection breaks and is never handed out again
                try (Connection c = pool.acquire(); Connection admin = Database.connect(dsn)) {
                    admin.fetchval("SELECT pg_terminate_backend($1)", pid);
                    DatabaseError gone = assertThrows(DatabaseError.class, () -> c.fetchval("SELECT 1"));
                    assertTrue(gone.sqlstate().startsWith("57P") || gone.sqlstate().startsWith("08"), gone.sqlstate());
                    assertTrue(c.isClosed());
                }
                try (Connection c = pool.acquire()) {
                    assertNotEquals(pid, c.getServerPid());
                    assertEquals(1, c.fetchval("SELECT 1"));
                }
                assertEquals(1, pool.getSize());
            } finally {
                pool.close();
            }
            return null;
        });
    }

    @Test
    void releaseUndoesTransactionsListenersAndCursors() {
        String dsn = PgFixture.dsn();
        run(() -> {
            Pool pool = Database.createPool(dsn, 1, 1);
            try {
                int pid;
                Transaction[] held = new Transaction[1];
                try (Connection c = pool.acquire()) {
                    pid = c.getServerPid();
                    c.listen("jasyncio-release");                        // a listener, left open
                    Transaction tx = c.transaction();                    // a transaction, left open
                    c.transaction();                                     // a savepoint inside it, left open
                    c.cursor("SELECT generate_series(1, 1000)").prefetch(10).hasNext();
                    assertTrue(c.isInTransaction());
                    held[0] = tx;
                }
                assertFalse(held[0].isActive(), "the release rolled the transaction back");
                try (Connection c = pool.acquire()) {
                    assertEquals(pid, c.getServerPid(), "a dirty connection is cleaned, not replaced");
                    assertFalse(c.isInTransaction());
                    assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM pg_listening_channels()"));
                    assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM pg_cursors WHERE name <> ''"));
                }
            } finally {
                pool.close();
            }
            return null;
        });
    }

    @Test
    void poolWaitersAreServedInOrderAndACancelledWaiterLosesNothing() {
        String dsn = PgFixture.dsn();
        run(() -> {
            Pool pool = Database.createPool(dsn, 1, 1);
            try {
                List<Integer> order = new ArrayList<>();
                Connection held = pool.acquire();
                List<Task<Object>> waiters = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    waiters.add(createTask(() -> {
                        try (Connection c = pool.acquire()) {
                            order.add(id);
                            return c.fetchval("SELECT 1");
                        }
                    }));
                    sleep(0.01);
                }
                Task<Object> impatient = createTask(() -> waitFor(() -> pool.fetchval("SELECT 1"), 0.05));
                assertThrows(TimeoutError.class, () -> io.jasyncio.Asyncio.await(impatient));
                held.close();
                for (Task<Object> w : waiters) {
                    assertEquals(1, io.jasyncio.Asyncio.await(w));
                }
                assertEquals(List.of(0, 1, 2), order);
                assertEquals(1, pool.getSize());
                assertEquals(1, pool.getIdleSize());
            } finally {
                pool.close();
            }
            return null;
        });
    }

    @Test
    void tasksRunQueriesConcurrentlyOverAPool() {
        String dsn = PgFixture.dsn();
        run(() -> {
            Pool pool = Database.createPool(dsn, 20, 20);
            try {
                List<Coroutine<Object>> sleeps = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    sleeps.add(() -> pool.fetchval("SELECT pg_sleep(0.5)"));
                }
                long t0 = System.nanoTime();
                gather(sleeps);
                double wall = (System.nanoTime() - t0) / 1e9;
                assertTrue(wall < 5.0, "20 x 0.5 s took " + wall + " s: not concurrent (sequential is 10 s)");
            } finally {
                pool.close();
            }
            return null;
        });
    }

    @Test
    void worksOnAVirtualClockLoop() {
        // While a statement runs, the loop counts it as outside work: the virtual clock waits for the
        // socket instead of jumping ahead or reporting a deadlock.
        String dsn = PgFixture.dsn();
        double[] at = new double[1];
        long sum = io.jasyncio.testing.TestLoop.run(() -> {
            try (Connection c = Database.connect(dsn)) {
                Task<Void> sleeper = createTask(() -> {
                    sleep(5);
                    at[0] = io.jasyncio.Asyncio.getRunningLoop().time();
                    return null;
                });
                long total = 0;
                for (int i = 0; i < 50; i++) {
                    total += c.fetchval(Long.class, "SELECT $1::bigint", i);
                }
                c.execute("SELECT pg_sleep(0.1)");
                io.jasyncio.Asyncio.await(sleeper);
                return total;
            }
        });
        assertEquals(1225L, sum);
        assertEquals(5.0, at[0]);
    }

    @Test
    void theLoopKeepsRunningDuringAQuery() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                int[] ticks = {0};
                Task<Void> ticker = createTask(() -> {
                    while (true) {
                        sleep(0.01);
                        ticks[0]++;
                    }
                });
                c.execute("SELECT pg_sleep(0.3)");
                ticker.cancel();
                assertTrue(ticks[0] >= 5, "the loop ran only " + ticks[0] + " ticks during a 0.3 s query");
            }
            return null;
        });
    }

    @Test
    void transactionsWithOptionsAndSavepoints() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                c.execute("CREATE TEMP TABLE t (x int)");
                try (Transaction tx = c.transaction(Transaction.Options.defaults().withIsolation(Transaction.Isolation.SERIALIZABLE))) {
                    assertEquals("serializable", c.fetchval("SHOW transaction_isolation"));
                    c.execute("INSERT INTO t VALUES (1)");
                    try (Transaction sp = c.transaction()) {
                        c.execute("INSERT INTO t VALUES (2)");
                        assertThrows(DatabaseError.class, () -> c.execute("INSERT INTO t VALUES ('x')"));
                    }
                    try (Transaction sp = c.transaction()) {
                        c.execute("INSERT INTO t VALUES (3)");
                        sp.commit();
                    }
                    tx.commit();
                }
                assertEquals(List.of(1, 3), ints(c.fetch("SELECT x FROM t ORDER BY x")));
                try (Transaction tx = c.transaction(Transaction.Options.defaults().readOnly())) {
                    assertEquals("on", c.fetchval("SHOW transaction_read_only"));
                    assertEquals("22012", assertThrows(DatabaseError.class, () -> c.fetchval("SELECT 1 / 0")).sqlstate());
                    assertEquals("25P02", assertThrows(DatabaseError.class, tx::commit, "a failed transaction cannot commit").sqlstate());
                }
                assertFalse(c.isInTransaction());
                assertEquals(2, c.executemany("INSERT INTO t VALUES ($1)", List.of(List.of(5), List.of(6))));
                assertThrows(DatabaseError.class, () -> c.executemany("INSERT INTO t VALUES ($1::int)", List.of(List.of("7"), List.of("x"))));
                assertEquals(0L, c.fetchval(Long.class, "SELECT count(*) FROM t WHERE x = 7"), "executemany is atomic");
            }
            return null;
        });
    }

    private static List<Integer> ints(List<Row> rows) {
        List<Integer> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(r.getInt("x"));
        }
        return out;
    }

    @Test
    void aCursorStreamsALargeResultInsideATransaction() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                assertThrows(InterfaceError.class, () -> c.cursor("SELECT 1").hasNext());
                long sum = 0;
                int n = 0;
                try (Transaction tx = c.transaction();
                     Cursor rows = c.cursor("SELECT g FROM generate_series(1, $1) g", 100_000).prefetch(1000)) {
                    for (Row r : rows) {
                        sum += r.getLong("g");
                        n++;
                        if (n == 500) {
                            assertEquals(7, c.fetchval("SELECT 7"), "other queries run between fetches");
                        }
                    }
                    tx.commit();
                }
                assertEquals(100_000, n);
                assertEquals(5_000_050_000L, sum);
            }
            return null;
        });
    }

    @Test
    void listenNotifyAsAsyncIteration() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection listener = Database.connect(dsn); Connection sender = Database.connect(dsn);
                 Listener events = listener.listen("jasyncio-Events")) {
                assertThrows(TimeoutError.class, () -> waitFor(events::hasNext, 0.1));
                Task<Void> send = createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        sender.execute("SELECT pg_notify($1, $2)", "jasyncio-Events", "job " + i);
                        sleep(0.02);
                    }
                    return null;
                });
                List<String> got = new ArrayList<>();
                for (Notification n : events) {
                    assertEquals("jasyncio-Events", n.channel());
                    assertEquals(sender.getServerPid(), n.pid());
                    got.add(n.payload());
                    if (got.size() == 3) {
                        break;
                    }
                }
                io.jasyncio.Asyncio.await(send);
                assertEquals(List.of("job 0", "job 1", "job 2"), got);
            }
            return null;
        });
    }

    @Test
    void copyInAndOut() {
        String dsn = PgFixture.dsn();
        run(() -> {
            try (Connection c = Database.connect(dsn)) {
                c.execute("CREATE TEMP TABLE items (id int, name text)");
                List<List<?>> records = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    records.add(java.util.Arrays.asList(i, i == 7 ? null : "n\t" + i + "\\\n"));
                }
                assertEquals(1000, c.copyRecordsToTable("items", List.of("id", "name"), records));
                assertEquals("n\t8\\\n", c.fetchval("SELECT name FROM items WHERE id = 8"));
                assertNull(c.fetchval("SELECT name FROM items WHERE id = 7"));
                var out = new java.io.ByteArrayOutputStream();
                assertEquals(2, c.copyFromQuery("SELECT id FROM items WHERE id < 2 ORDER BY id", out, CopyFormat.CSV_HEADER));
                assertEquals("id\n0\n1\n", out.toString());
                var csv = new java.io.ByteArrayInputStream("5000,x\n5001,y\n".getBytes());
                assertEquals(2, c.copyToTable("items", List.of("id", "name"), csv, CopyFormat.CSV));
                out.reset();
                c.copyFromTable("items", List.of("name"), out, CopyFormat.TEXT);
                assertTrue(out.toString().endsWith("x\ny\n"), out.toString().substring(out.size() - 20));
                assertEquals(1002L, c.fetchval(Long.class, "SELECT count(*) FROM items"));
            }
            return null;
        });
    }
}
