package io.jasyncio.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A parsed connection string: which database, the JDBC URL and driver properties.
 *
 * <ul>
 *   <li>{@code postgresql://user:password@host:port/database?option=value} (also {@code postgres://}),
 *   as libpq and asyncpg take it; user and password may be percent-encoded; options are pgjdbc
 *   connection properties ({@code sslmode}, {@code connectTimeout}, ...). Defaults: host
 *   {@code localhost}, port 5432, database = user.</li>
 *   <li>{@code sqlite:path/to/file.db}, {@code sqlite:///absolute/path.db}, or {@code sqlite::memory:};
 *   options after {@code ?} are sqlite-jdbc's ({@code journal_mode=WAL}, {@code foreign_keys=true}).</li>
 * </ul>
 *
 * @param postgres true for PostgreSQL, false for SQLite
 * @param jdbcUrl the URL for the driver
 * @param properties driver properties (user, password, defaults)
 * @param display the DSN without its password, for messages
 * @param memory an in-memory SQLite database
 */
record Dsn(boolean postgres, String jdbcUrl, Properties properties, String display, boolean memory) {

    private static final AtomicLong MEMORY_DBS = new AtomicLong();

    static Dsn parse(String dsn) {
        if (dsn == null) {
            throw new IllegalArgumentException("dsn is null");
        }
        if (dsn.startsWith("postgresql://") || dsn.startsWith("postgres://")) {
            return parsePostgres(dsn);
        }
        if (dsn.startsWith("sqlite:")) {
            String rest = dsn.substring("sqlite:".length());
            if (rest.startsWith("///")) {
                rest = rest.substring(2);
            } else if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("sqlite DSN needs a path or :memory: (e.g. sqlite:app.db), got: " + dsn);
            }
            boolean memory = rest.equals(":memory:");
            return new Dsn(false, "jdbc:sqlite:" + rest, new Properties(), dsn, memory);
        }
        throw new IllegalArgumentException("unsupported DSN (want postgresql://user:password@host:port/db, "
                + "sqlite:path or sqlite::memory:): " + redact(dsn));
    }

    /**
     * For a pool: an in-memory SQLite database shared by the pool's connections (one named,
     * shared-cache in-memory database per pool), since each plain {@code :memory:} connection
     * would have a database of its own.
     */
    Dsn forPool() {
        if (!memory) {
            return this;
        }
        String url = "jdbc:sqlite:file:jasyncio-memory-" + MEMORY_DBS.incrementAndGet() + "?mode=memory&cache=shared";
        return new Dsn(false, url, properties, display, true);
    }

    private static Dsn parsePostgres(String dsn) {
        URI uri;
        try {
            uri = new URI(dsn);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed PostgreSQL DSN (" + e.getReason() + "): " + redact(dsn));
        }
        Properties props = new Properties();
        // asyncpg-like defaults: text parameters typed by the server (so a String fits json, uuid,
        // enum columns), server-side prepared statements from the first execution.
        props.setProperty("stringtype", "unspecified");
        props.setProperty("prepareThreshold", "1");
        props.setProperty("ApplicationName", "jasyncio");
        String user = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            props.setProperty("user", user);
            if (colon >= 0) {
                props.setProperty("password", decode(info.substring(colon + 1)));
            }
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String db = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
        if (db.isEmpty()) {
            db = user == null ? "postgres" : user;
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                props.setProperty(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + db;
        return new Dsn(true, url, props, redact(dsn), false);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The DSN with its password replaced by {@code ***}. */
    static String redact(String dsn) {
        int scheme = dsn.indexOf("://");
        int at = dsn.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return dsn;
        }
        int colon = dsn.indexOf(':', scheme + 3);
        if (colon < 0 || colon > at) {
            return dsn;
        }
        return dsn.substring(0, colon + 1) + "***" + dsn.substring(at);
    }

    @Override
    public String toString() {
        return display;
    }
}
