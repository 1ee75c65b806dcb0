package io.jasyncio.examples.db;

import io.jasyncio.db.Connection;
import io.jasyncio.db.Cursor;
import io.jasyncio.db.DatabaseError;
import io.jasyncio.db.Pool;
import io.jasyncio.db.Row;
import io.jasyncio.db.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The data layer of the REST example: one table of stock items over a {@link Pool}, written once for
 * SQLite and PostgreSQL ({@code $1} parameters, {@code RETURNING}, and the one schema difference).
 *
 * <pre>
 * items(id, name UNIQUE, quantity >= 0)
 * </pre>
 */
public final class ItemStore {

    /** An item, as rows map to it and as the API sends it. */
    public record Item(long id, String name, int quantity) {
    }

    /** A request to move stock from one item to another. */
    public record Transfer(long from, long to, int quantity) {
    }

    /** Why a transfer was refused. */
    public static final class TransferRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransferRefused(String message) {
            super(message);
        }
    }

    /** Receives the export, one chunk of CSV lines at a time. */
    @FunctionalInterface
    public interface ChunkSink {
        /**
         * Takes a chunk.
         *
         * @param csv some complete lines
         * @throws Exception to stop the export
         */
        void write(String csv) throws Exception;
    }

    private final Pool pool;

    /**
     * A store over a pool.
     *
     * @param pool the pool
     */
    public ItemStore(Pool pool) {
        this.pool = pool;
    }

    /** Creates the table if it is missing. */
    public void createSchema() {
        try (Connection c = pool.acquire()) {
            String id = c.isPostgres() ? "bigserial PRIMARY KEY" : "INTEGER PRIMARY KEY";
            c.execute("CREATE TABLE IF NOT EXISTS items (id " + id + ", name text NOT NULL UNIQUE,"
                    + " quantity integer NOT NULL CHECK (quantity >= 0))");
        }
    }

    /**
     * Adds an item.
     *
     * @param name its name
     * @param quantity its stock
     * @return the item with its id
     * @throws DatabaseError.UniqueViolationError if the name is taken
     */
    public Item create(String name, int quantity) {
        return pool.fetchrow("INSERT INTO items (name, quantity) VALUES ($1, $2) RETURNING id, name, quantity",
                name, quantity).as(Item.class);
    }

    /**
     * @param id the id
     * @return the item, or null
     */
    public Item get(long id) {
        Row row = pool.fetchrow("SELECT id, name, quantity FROM items WHERE id = $1", id);
        return row == null ? null : row.as(Item.class);
    }

    /** @return every item, by id */
    public List<Item> list() {
        List<Item> items = new ArrayList<>();
        for (Row row : pool.fetch("SELECT id, name, quantity FROM items ORDER BY id")) {
            items.add(row.as(Item.class));
        }
        return items;
    }

    /**
     * Replaces an item's name and quantity.
     *
     * @param id the id
     * @param name the new name
     * @param quantity the new stock
     * @return the item, or null if there is none with that id
     */
    public Item update(long id, String name, int quantity) {
        Row row = pool.fetchrow("UPDATE items SET name = $2, quantity = $3 WHERE id = $1 RETURNING id, name, quantity",
                id, name, quantity);
        return row == null ? null : row.as(Item.class);
    }

    /**
     * @param id the id
     * @return true if an item was deleted
     */
    public boolean delete(long id) {
        return pool.execute("DELETE FROM items WHERE id = $1", id) > 0;
    }

    /**
     * Moves stock between two items in one transaction: both updates or neither.
     *
     * @param t the transfer
     * @return both items after the move
     * @throws TransferRefused if an item is missing or has too little stock (nothing changed)
     */
    public List<Item> transfer(Transfer t) {
        if (t.quantity() <= 0 || t.from() == t.to()) {
            throw new TransferRefused("a transfer needs a positive quantity and two different items");
        }
        try (Connection c = pool.acquire(); Transaction tx = c.transaction()) {
            Row from;
            try {
                from = c.fetchrow("UPDATE items SET quantity = quantity - $2 WHERE id = $1 RETURNING id, name, quantity",
                        t.from(), t.quantity());
            } catch (DatabaseError.CheckViolationError e) {
                throw new TransferRefused("item " + t.from() + " has less than " + t.quantity() + " in stock");
            }
            Row to = c.fetchrow("UPDATE items SET quantity = quantity + $2 WHERE id = $1 RETURNING id, name, quantity",
                    t.to(), t.quantity());
            if (from == null || to == null) {
                throw new TransferRefused("no item " + (from == null ? t.from() : t.to()));   // the block rolls back
            }
            tx.commit();
            return List.of(from.as(Item.class), to.as(Item.class));
        }
    }

    /**
     * Streams every item as CSV, a chunk per {@code batch} rows, from a cursor: memory stays flat
     * whatever the table's size, and the sink's backpressure (a slow HTTP client) pauses the cursor.
     *
     * @param batch rows per chunk (and per round trip)
     * @param sink where the chunks go
     * @return the number of items exported
     * @throws Exception what the sink throws
     */
    public long export(int batch, ChunkSink sink) throws Exception {
        long n = 0;
        try (Connection c = pool.acquire(); Transaction tx = c.transaction();
             Cursor rows = c.cursor("SELECT id, name, quantity FROM items ORDER BY id").prefetch(batch)) {
            sink.write("id,name,quantity\n");
            StringBuilder chunk = new StringBuilder();
            int inChunk = 0;
            for (Row r : rows) {
                chunk.append(r.getLong("id")).append(',').append(csv(r.getString("name"))).append(',')
                        .append(r.getInt("quantity")).append('\n');
                n++;
                if (++inChunk == batch) {
                    sink.write(chunk.toString());
                    chunk.setLength(0);
                    inChunk = 0;
                }
            }
            if (!chunk.isEmpty()) {
                sink.write(chunk.toString());
            }
            tx.commit();
        }
        return n;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
