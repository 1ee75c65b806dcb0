package io.jasyncio.db;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * asyncpg's {@code $1}-style parameters turned into what the JDBC driver takes. A small lexer skips
 * everything where a {@code $} or {@code ?} is not a parameter: string literals ({@code '...'}, with
 * {@code ''}; {@code E'...'} with backslash escapes), quoted identifiers ({@code "..."}, and SQLite's
 * {@code [...]} and {@code `...`}), dollar-quoted strings ({@code $tag$...$tag$}), comments
 * ({@code --} and nested {@code /* *}{@code /}), and identifiers that contain {@code $}.
 *
 * <p>PostgreSQL (pgjdbc): each {@code $n} becomes a {@code ?}, and {@link #order} says which argument
 * each {@code ?} takes ({@code $1} may appear twice, or {@code $2} before {@code $1}); a bare {@code ?}
 * (a jsonb operator) becomes pgjdbc's escape {@code ??}. SQLite: {@code $n} becomes its own numbered
 * parameter {@code ?n}, so the arguments bind in their own order.
 *
 * @param jdbcSql the text for the driver
 * @param order for each JDBC parameter position, the index of the argument it takes (0-based)
 * @param arity how many arguments the query takes (the highest {@code $n})
 */
record Sql(String jdbcSql, int[] order, int arity) {

    /** Translations by (dialect, text): queries repeat, so each is lexed once. Bounded by clearing. */
    private static final ConcurrentHashMap<String, Sql> PG_CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Sql> SQLITE_CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 4096;

    /**
     * The translation of {@code sql} for a dialect.
     *
     * @param sql the query with {@code $n} parameters
     * @param postgres true for pgjdbc, false for SQLite
     * @return the translation
     * @throws InterfaceError if a literal, identifier or comment is not closed, or a parameter is {@code $0}
     */
    static Sql of(String sql, boolean postgres) {
        ConcurrentHashMap<String, Sql> cache = postgres ? PG_CACHE : SQLITE_CACHE;
        Sql t = cache.get(sql);
        if (t == null) {
            t = translate(sql, postgres);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(sql, t);
        }
        return t;
    }

    /**
     * Checks the number of arguments, as the server would (asyncpg's message).
     *
     * @param given how many arguments were passed
     * @throws InterfaceError if it is not {@link #arity}
     */
    void checkArity(int given) {
        if (given != arity) {
            throw new InterfaceError("the server expects " + arity + " argument" + (arity == 1 ? "" : "s")
                    + " for this query, " + given + " " + (given == 1 ? "was" : "were") + " passed");
        }
    }

    static Sql translate(String sql, boolean postgres) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int[] order = new int[8];
        int count = 0;
        int arity = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean backslashes = postgres && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentPart(sql.charAt(i - 2)));
                int end = skipQuoted(sql, i, '\'', backslashes);
                out.append(sql, i, end);
                i = end;
            } else if (c == '"' || (!postgres && c == '`')) {
                int end = skipQuoted(sql, i, c, false);
                out.append(sql, i, end);
                i = end;
            } else if (!postgres && c == '[') {
                int end = sql.indexOf(']', i + 1);
                if (end < 0) {
                    throw unclosed("bracketed identifier", sql, i);
                }
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = skipBlockComment(sql, i, postgres);
                out.append(sql, i, end);
                i = end;
            } else if (isIdentStart(c)) {
                // A whole word: identifiers may contain '$' (PostgreSQL), which is then no parameter.
                int end = i + 1;
                while (end < n && (isIdentPart(sql.charAt(end)) || sql.charAt(end) == '$')) {
                    end++;
                }
                out.append(sql, i, end);
                i = end;
            } else if (c == '$') {
                int j = i + 1;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                if (j > i + 1) {
                    int number = Integer.parseInt(sql, i + 1, j, 10);
                    if (number == 0) {
                        throw new InterfaceError("query parameters are numbered from $1, got $0 at offset " + i);
                    }
                    arity = Math.max(arity, number);
                    if (postgres) {
                        out.append('?');
                        if (count == order.length) {
                            order = Arrays.copyOf(order, count * 2);
                        }
                        order[count++] = number - 1;
                    } else {
                        out.append('?').append(number);
                    }
                    i = j;
                } else if (postgres) {
                    int end = skipDollarQuoted(sql, i);
                    out.append(sql, i, end);
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == '?' && postgres) {
                out.append("??");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        if (!postgres) {
            order = identity(arity);
            count = arity;
        }
        return new Sql(out.toString(), Arrays.copyOf(order, count), arity);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        return order;
    }

    /** The end (exclusive) of a quoted run starting at {@code start}; a doubled quote is an escaped one. */
    private static int skipQuoted(String sql, int start, char quote, boolean backslashes) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw unclosed(quote == '\'' ? "string literal" : "quoted identifier", sql, start);
    }

    /** PostgreSQL block comments nest; SQLite's do not. */
    private static int skipBlockComment(String sql, int start, boolean nested) {
        int n = sql.length();
        int depth = 1;
        int i = start + 2;
        while (i < n) {
            if (nested && sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0 || !nested) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw unclosed("comment", sql, start);
    }

    /** {@code $tag$ ... $tag$}; a lone {@code $} that opens no tag is copied as it is. */
    private static int skipDollarQuoted(String sql, int start) {
        int n = sql.length();
        int j = start + 1;
        while (j < n && isIdentPart(sql.charAt(j)) && !(j == start + 1 && Character.isDigit(sql.charAt(j)))) {
            j++;
        }
        if (j >= n || sql.charAt(j) != '$') {
            return start + 1;
        }
        String tag = sql.substring(start, j + 1);
        int close = sql.indexOf(tag, j + 1);
        if (close < 0) {
            throw unclosed("dollar-quoted string " + tag, sql, start);
        }
        return close + tag.length();
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static InterfaceError unclosed(String what, String sql, int at) {
        return new InterfaceError("unterminated " + what + " at offset " + at + " in query: " + abbreviate(sql));
    }

    static String abbreviate(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sql s && s.jdbcSql.equals(jdbcSql) && Arrays.equals(s.order, order) && s.arity == arity;
    }

    @Override
    public int hashCode() {
        return jdbcSql.hashCode() * 31 + Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return "Sql[" + jdbcSql + ", order=" + Arrays.toString(order) + ", arity=" + arity + "]";
    }
}
