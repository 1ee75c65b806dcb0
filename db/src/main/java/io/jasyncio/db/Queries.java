package io.jasyncio.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/** The statement operations shared by {@link Connection}, {@link PreparedStatement} and {@link Pool}. */
final class Queries {

    private Queries() {
    }

    static Object[] args(Object[] args) {
        return args == null ? new Object[] {null} : args;
    }

    /** Rows of a query; at most {@code limit} (all if 0). */
    static List<Row> fetch(Session s, String sql, Object[] args, int limit) {
        Objects.requireNonNull(sql, "sql");
        Sql t = Sql.of(sql, s.dialect.postgres());
        t.checkArity(args.length);
        return s.run((c, call) -> {
            Session.Cached st = s.prepared(c, t, call);
            PreparedStatement ps = st.ps;
            s.bind(c, ps, t, args);
            call.statement = ps;
            if (limit > 0) {
                ps.setMaxRows(limit);
            }
            try {
                if (!ps.execute()) {
                    return List.of();
                }
                try (ResultSet rs = ps.getResultSet()) {
                    return s.readRows(rs, s.columns(st, rs), limit);
                }
            } finally {
                if (limit > 0) {
                    ps.setMaxRows(0);
                }
            }
        });
    }

    static Row fetchrow(Session s, String sql, Object[] args) {
        List<Row> rows = fetch(s, sql, args, 1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static Object fetchval(Session s, String sql, Object[] args) {
        Row row = fetchrow(s, sql, args);
        return row == null ? null : row.get(0);
    }

    static <T> T fetchval(Session s, Class<T> type, String sql, Object[] args) {
        Row row = fetchrow(s, sql, args);
        return row == null ? null : row.get(0, type);
    }

    /**
     * Runs a command. Without arguments the text may hold several statements (the last one's count
     * is returned); with arguments it is one prepared statement.
     */
    static long execute(Session s, String sql, Object[] args) {
        Objects.requireNonNull(sql, "sql");
        if (args.length == 0 && Sql.of(sql, s.dialect.postgres()).arity() == 0) {
            return s.run((c, call) -> {
                try (Statement st = c.createStatement()) {
                    call.statement = st;
                    if (!s.dialect.postgres()) {
                        return (long) st.executeUpdate(sql);   // sqlite3_exec: every statement of the text
                    }
                    long last = 0;
                    boolean isRs = st.execute(sql);
                    while (true) {
                        if (!isRs) {
                            int n = st.getUpdateCount();
                            if (n == -1) {
                                break;
                            }
                            last = n;
                        }
                        isRs = st.getMoreResults();
                    }
                    return last;
                }
            });
        }
        Sql t = Sql.of(sql, s.dialect.postgres());
        t.checkArity(args.length);
        return s.run((c, call) -> {
            Session.Cached st = s.prepared(c, t, call);
            s.bind(c, st.ps, t, args);
            call.statement = st.ps;
            if (st.ps.execute()) {
                st.ps.getResultSet().close();
                return 0L;
            }
            return (long) Math.max(0, st.ps.getUpdateCount());
        });
    }

    /**
     * Runs one statement for each argument list, as a batch; atomic: outside a transaction it runs in
     * one of its own (asyncpg's executemany since 0.22).
     */
    static long executemany(Session s, String sql, Iterable<? extends List<?>> argsList) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(argsList, "argsList");
        Sql t = Sql.of(sql, s.dialect.postgres());
        List<Object[]> all = new java.util.ArrayList<>();
        for (List<?> args : argsList) {
            Object[] a = args.toArray();
            t.checkArity(a.length);
            all.add(a);
        }
        if (all.isEmpty()) {
            return 0;
        }
        return s.run((c, call) -> {
            boolean own = s.dialect.idle(c) && c.getAutoCommit();
            if (own) {
                c.setAutoCommit(false);
            }
            boolean ok = false;
            try {
                Session.Cached st = s.prepared(c, t, call);
                PreparedStatement ps = st.ps;
                call.statement = ps;
                for (Object[] a : all) {
                    s.bind(c, ps, t, a);
                    ps.addBatch();
                }
                long total = 0;
                try {
                    for (int n : ps.executeBatch()) {
                        total += Math.max(0, n);
                    }
                } finally {
                    ps.clearBatch();
                }
                if (own) {
                    c.commit();
                }
                ok = true;
                return total;
            } finally {
                if (own) {
                    if (!ok) {
                        rollbackQuietly(c);
                    }
                    c.setAutoCommit(true);
                }
            }
        });
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original error is the one to report
        }
    }
}
