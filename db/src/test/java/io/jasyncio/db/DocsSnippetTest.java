package io.jasyncio.db;

import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.TimeoutError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippets of docs/databases.md, as they are written there. */
class DocsSnippetTest {

    record User(long id, String name) {
    }

    @Test
    void quickstart() {
        List<Object> seen = run(() -> {
            // --- docs/databases.md: quickstart ---
            Pool pool = Database.createPool("sqlite::memory:", 1, 4);       // pool = await asyncpg.create_pool(dsn)
            pool.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            pool.execute("INSERT INTO users (name) VALUES ($1)", "alice");
            User alice;
            try (Connection conn = pool.acquire()) {                         // async with pool.acquire() as conn:
                try (Transaction tx = conn.transaction()) {                  //     async with conn.transaction():
                    conn.execute("INSERT INTO users (name) VALUES ($1)", "bob");
                    tx.commit();                                             //     (explicit in Java)
                }
                alice = conn.fetchrow("SELECT * FROM users WHERE name = $1", "alice").as(User.class);
            }
            long n = pool.fetchval(Long.class, "SELECT count(*) FROM users");   // 2
            pool.close();
            // --- end ---
            return List.of(alice, n);
        });
        assertEquals(List.of(new User(1, "alice"), 2L), seen);
    }

    @Test
    void timeoutsCancelTheStatementNotTheConnection() {
        String error = run(() -> {
            try (Connection conn = Database.connect("sqlite::memory:")) {
                String slowQuery = SqliteTest.ENDLESS;                       // runs until it is stopped
                // --- docs/databases.md: cancellation ---
                try {
                    waitFor(() -> conn.fetch(slowQuery), 0.1);               // await asyncio.wait_for(conn.fetch(slow_query), 0.1)
                } catch (TimeoutError e) {
                    // the statement was stopped in the database; conn is still good
                }
                conn.fetchval("SELECT 1");
                // --- end ---
                return "ok";
            }
        });
        assertEquals("ok", error);
    }
}
