package io.jasyncio.db;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** {@code COPY} in and out through pgjdbc's {@link CopyManager}; a batched INSERT for records on SQLite. */
final class Copy {

    private static final int CHUNK = 64 * 1024;

    private Copy() {
    }

    static String qualified(String table) {
        StringJoiner j = new StringJoiner(".");
        for (String part : table.split("\\.")) {
            j.add(Listener.quoteIdent(part));
        }
        return j.toString();
    }

    private static String columnList(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner(", ", " (", ")");
        for (String c : columns) {
            j.add(Listener.quoteIdent(c));
        }
        return j.toString();
    }

    private static void requirePostgres(Session s) {
        if (!s.dialect.postgres()) {
            throw new InterfaceError("COPY needs PostgreSQL; this connection is to SQLite");
        }
    }

    static long out(Session s, String copySql, OutputStream output) {
        requirePostgres(s);
        return s.run((c, call) -> {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            return copy.copyOut(copySql, output);
        });
    }

    static long fromQuery(Session s, String query, OutputStream output, CopyFormat format) {
        return out(s, "COPY (" + query + ") TO STDOUT " + format.option, output);
    }

    static long fromTable(Session s, String table, List<String> columns, OutputStream output, CopyFormat format) {
        return out(s, "COPY " + qualified(table) + columnList(columns) + " TO STDOUT " + format.option, output);
    }

    static long toTable(Session s, String table, List<String> columns, InputStream source, CopyFormat format) {
        requirePostgres(s);
        String sql = "COPY " + qualified(table) + columnList(columns) + " FROM STDIN " + format.option;
        return s.run((c, call) -> c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, source));
    }

    /**
     * Rows of values into a table: COPY in text format on PostgreSQL (encoded in 64 KiB chunks as
     * they are sent), a batched INSERT in a transaction on SQLite.
     */
    static long records(Session s, String table, List<String> columns, Iterable<? extends List<?>> records) {
        if (!s.dialect.postgres()) {
            Iterator<? extends List<?>> it = records.iterator();
            if (!it.hasNext()) {
                return 0;
            }
            List<List<?>> all = new ArrayList<>();
            it.forEachRemaining(all::add);
            int n = columns == null || columns.isEmpty() ? all.get(0).size() : columns.size();
            StringJoiner params = new StringJoiner(", ", "(", ")");
            for (int i = 1; i <= n; i++) {
                params.add("$" + i);
            }
            return Queries.executemany(s, "INSERT INTO " + qualified(table) + columnList(columns) + " VALUES " + params, all);
        }
        String sql = "COPY " + qualified(table) + columnList(columns) + " FROM STDIN (FORMAT text)";
        return s.run((c, call) -> {
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                ByteArrayOutputStream buf = new ByteArrayOutputStream(CHUNK + 1024);
                StringBuilder line = new StringBuilder(256);
                for (List<?> record : records) {
                    line.setLength(0);
                    for (int i = 0; i < record.size(); i++) {
                        if (i > 0) {
                            line.append('\t');
                        }
                        appendText(line, record.get(i));
                    }
                    line.append('\n');
                    buf.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                    if (buf.size() >= CHUNK) {
                        in.writeToCopy(buf.toByteArray(), 0, buf.size());
                        buf.reset();
                    }
                }
                if (buf.size() > 0) {
                    in.writeToCopy(buf.toByteArray(), 0, buf.size());
                }
                return in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        });
    }

    /** A value in COPY's text format. */
    private static void appendText(StringBuilder b, Object v) {
        if (v == null) {
            b.append("\\N");
            return;
        }
        String text = switch (v) {
            case Boolean x -> x ? "t" : "f";
            case byte[] bytes -> "\\\\x" + HexFormat.of().formatHex(bytes);
            case java.time.Instant i -> i.atOffset(java.time.ZoneOffset.UTC).toString();
            case List<?> l -> throw new InterfaceError("copyRecordsToTable does not encode arrays; use executemany");
            default -> v.toString();
        };
        if (v instanceof byte[]) {
            b.append(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
    }
}
