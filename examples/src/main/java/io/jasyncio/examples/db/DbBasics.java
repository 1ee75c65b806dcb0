package io.jasyncio.examples.db;

import io.jasyncio.db.Connection;
import io.jasyncio.db.Cursor;
import io.jasyncio.db.Database;
import io.jasyncio.db.DatabaseError;
import io.jasyncio.db.Row;
import io.jasyncio.db.Transaction;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import java.io.PrintStream;
import java.util.List;

/**
 * asyncpg's API on the embedded SQLite: connect, {@code $1} parameters, rows and records, a
 * transaction with a savepoint, errors with their SQLSTATE, and a cursor. The same code runs on
 * PostgreSQL with a {@code postgresql://} DSN.
 *
 * <pre>
 * ./jasyncio example db.DbBasics          (or ./jasyncio demo --only db-basics)
 * </pre>
 */
public final class DbBasics {

    private DbBasics() {
    }

    /** A row as a record: columns map to components by name. */
    record Book(long id, String title, int year) {
    }

    /**
     * Runs the section.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("DbBasics", sections(), args);
    }

    /**
     * The tour's sections.
     *
     * @return the basics section
     */
    public static List<Section> sections() {
        return List.of(Section.of("db-basics",
                "databases: asyncpg's API on SQLite (rows, records, a transaction, an error, a cursor)", DbBasics::demo));
    }

    static void demo(PrintStream out) {
        try (Connection conn = Database.connect("sqlite::memory:")) {            // await asyncpg.connect(dsn)
            conn.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT UNIQUE, year INTEGER)");
            conn.executemany("INSERT INTO books (title, year) VALUES ($1, $2)",
                    List.of(List.of("Dune", 1965), List.of("Neuromancer", 1984), List.of("Hyperion", 1989)));
            Row first = conn.fetchrow("SELECT * FROM books WHERE year < $1 ORDER BY year", 1980);
            out.println("fetchrow: " + first + ", title " + first.get("title") + ", year " + first.get(2));
            for (Row row : conn.fetch("SELECT id, title, year FROM books WHERE year > $1", 1980)) {
                out.println("fetch as a record: " + row.as(Book.class));
            }
            try (Transaction tx = conn.transaction()) {                            // async with conn.transaction():
                conn.execute("UPDATE books SET year = year + 1");
                try (Transaction savepoint = conn.transaction()) {                 // nested: a savepoint
                    conn.execute("DELETE FROM books");
                }                                                                  // no commit: rolled back
                tx.commit();
            }
            out.println("after the transaction: " + conn.fetchval(Long.class, "SELECT count(*) FROM books")
                    + " books, Dune in " + conn.fetchval("SELECT year FROM books WHERE title = $1", "Dune"));
            try {
                conn.execute("INSERT INTO books (title, year) VALUES ($1, $2)", "Dune", 2021);
            } catch (DatabaseError.UniqueViolationError e) {                       // except asyncpg.UniqueViolationError
                out.println("duplicate refused: SQLSTATE " + e.sqlstate());
            }
            long total = 0;
            try (Cursor years = conn.cursor("SELECT year FROM books").prefetch(2)) {   // async for r in conn.cursor(...)
                for (Row r : years) {
                    total += r.getLong("year");
                }
            }
            out.println("cursor: years add up to " + total);
        }
    }
}
