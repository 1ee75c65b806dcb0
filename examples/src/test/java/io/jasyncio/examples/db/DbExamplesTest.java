package io.jasyncio.examples.db;

import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.db.Database;
import io.jasyncio.db.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The database examples, on SQLite (and the store on PostgreSQL too when JASYNCIO_PG_DSN is set). */
@Tag("realtime")
class DbExamplesTest {

    private static List<String> output(Section body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        run(() -> {
            body.run(out);
            return null;
        });
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private interface Section {
        void run(PrintStream out) throws Exception;
    }

    @Test
    void basicsShowRowsARecordATransactionAnErrorAndACursor() {
        List<String> lines = output(DbBasics::demo);
        assertTrue(lines.contains("fetchrow: <Row id=1 title='Dune' year=1965>, title Dune, year 1965"), lines.toString());
        assertTrue(lines.contains("fetch as a record: Book[id=3, title=Hyperion, year=1989]"), lines.toString());
        assertTrue(lines.contains("after the transaction: 3 books, Dune in 1966"), lines.toString());
        assertTrue(lines.contains("duplicate refused: SQLSTATE 23505"), lines.toString());
        assertTrue(lines.contains("cursor: years add up to 5941"), lines.toString());
    }

    @Test
    void theRestApiDoesCrudATransferAndAStreamedExport() {
        List<String> lines = output(ItemsApi::demo);
        String all = String.join("\n", lines);
        assertTrue(all.contains("POST /items {\"name\": \"apple\", \"quantity\": 1}\n  -> 409 Conflict"), all);
        assertTrue(all.contains("[{\"id\":1,\"name\":\"apple\",\"quantity\":7},{\"id\":2,\"name\":\"pear\",\"quantity\":5}]"), all);
        assertTrue(all.contains("-> 409 Conflict\n  {\"error\":\"item 2 has less than 50 in stock\"}"), all);
        assertTrue(all.contains("GET /export.csv\n  -> 200 OK\n  id,name,quantity\n  1,apple,7\n  2,pear,4"), all);
        assertTrue(all.contains("DELETE /items/1\n  -> 204 No Content"), all);
        assertTrue(all.contains("GET /items/1\n  -> 404 Not Found"), all);
    }

    @Test
    void theStoreExportsManyRowsInChunksAndRefusedTransfersChangeNothing() {
        run(() -> {
            Pool pool = Database.createPool("sqlite::memory:", 1, 2);
            try {
                exercise(pool);
            } finally {
                pool.close();
            }
            return null;
        });
    }

    @Test
    void theStoreOnPostgres() {
        String dsn = System.getenv("JASYNCIO_PG_DSN");
        org.junit.jupiter.api.Assumptions.assumeTrue(dsn != null, "JASYNCIO_PG_DSN is not set: PostgreSQL part skipped");
        run(() -> {
            Pool pool = Database.createPool(dsn, 1, 2);
            try {
                pool.execute("DROP TABLE IF EXISTS items");
                exercise(pool);
                pool.execute("DROP TABLE items");
            } finally {
                pool.close();
            }
            return null;
        });
    }

    private static void exercise(Pool pool) throws Exception {
        ItemStore store = new ItemStore(pool);
        store.createSchema();
        for (int i = 0; i < 250; i++) {
            store.create("item-" + i, i);
        }
        List<String> chunks = new ArrayList<>();
        assertEquals(250, store.export(100, chunks::add));
        assertEquals(4, chunks.size(), "a header and three chunks of at most 100 rows");
        assertEquals("id,name,quantity\n", chunks.get(0));
        assertThrows(ItemStore.TransferRefused.class, () -> store.transfer(new ItemStore.Transfer(1, 2, 5)));
        assertThrows(ItemStore.TransferRefused.class, () -> store.transfer(new ItemStore.Transfer(3, 9999, 1)));
        assertEquals(2, store.get(3).quantity(), "the refused transfer to a missing item was rolled back");
        List<ItemStore.Item> moved = store.transfer(new ItemStore.Transfer(3, 1, 2));
        assertEquals(0, moved.get(0).quantity());
        assertEquals(2, moved.get(1).quantity());
    }
}
