package io.jasyncio.db;

import org.junit.jupiter.api.Assumptions;

/** The PostgreSQL the tests run against: {@code JASYNCIO_PG_DSN}, which {@code .ci/run} always sets. */
final class PgFixture {

    private PgFixture() {
    }

    /** The DSN, or the test is skipped with a message saying how to get a server. */
    static String dsn() {
        String dsn = System.getenv("JASYNCIO_PG_DSN");
        Assumptions.assumeTrue(dsn != null && !dsn.isBlank(),
                "JASYNCIO_PG_DSN is not set: PostgreSQL tests skipped. Start a PostgreSQL 15 on 127.0.0.1 and set "
                        + "JASYNCIO_PG_DSN=postgresql://user:password@127.0.0.1:5432/db (.ci/run does both).");
        return dsn;
    }
}
