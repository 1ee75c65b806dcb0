package io.jasyncio.db;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a result (asyncpg's {@code Record}): values by 0-based index or by column name, typed
 * getters, and {@link #as(Class)} to map the row to a Java record by component names.
 *
 * <pre>{@code
 * record User(long id, String name) {}
 * Row row = conn.fetchrow("SELECT id, name FROM users WHERE id = $1", 1);
 * row.get("name");                  // record['name']
 * row.get(0);                       // record[0]
 * long id = row.getLong("id");      // any integer column, as a long
 * User u = row.as(User.class);      // User[id=1, name=alice]
 * }</pre>
 *
 * <p>Values are what the database holds, as Java types: {@code Integer}/{@code Long}/{@code Short},
 * {@code Double}, {@code BigDecimal}, {@code String}, {@code Boolean}, {@code byte[]}, {@code UUID},
 * {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime} ({@code timestamp}),
 * {@code OffsetDateTime} ({@code timestamptz}), {@code List} (arrays), and {@code String} for JSON and
 * other PostgreSQL types. Rows are immutable and usable after the connection is gone.
 */
public final class Row {

    private final Columns columns;
    private final Object[] values;

    Row(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    Columns columns() {
        return columns;
    }

    /** @return the number of columns */
    public int size() {
        return values.length;
    }

    /** @return the column names, in order */
    public List<String> keys() {
        return columns.names();
    }

    /**
     * The value of a column by position.
     *
     * @param index 0-based
     * @return the value, or null for SQL NULL
     * @throws IndexOutOfBoundsException if there is no such column
     */
    public Object get(int index) {
        return values[index];
    }

    /**
     * The value of a column by name (exact, else case-insensitive).
     *
     * @param column the column's name or alias
     * @return the value, or null for SQL NULL
     * @throws IllegalArgumentException if the row has no such column (the message lists the columns)
     */
    public Object get(String column) {
        return values[index(column)];
    }

    /**
     * The value of a column as a type: exact for numbers (an {@code int4} read as {@code Long} is
     * fine, a fraction read as {@code Integer} is not), and lenient where SQLite stores a type as
     * another (0/1 as {@code Boolean}; ISO text as {@code LocalDate}, {@code LocalDateTime},
     * {@code OffsetDateTime}, {@code Instant}; text as {@code UUID}).
     *
     * @param <T> the type
     * @param column the column's name
     * @param type the class wanted
     * @return the value, or null for SQL NULL
     * @throws IllegalArgumentException if the row has no such column
     * @throws InterfaceError if the value is not convertible
     */
    public <T> T get(String column, Class<T> type) {
        int i = index(column);
        return Values.convert(values[i], type, columns.name(i));
    }

    /**
     * {@link #get(String, Class)} by position.
     *
     * @param <T> the type
     * @param index 0-based
     * @param type the class wanted
     * @return the value, or null for SQL NULL
     * @throws InterfaceError if the value is not convertible
     */
    public <T> T get(int index, Class<T> type) {
        return Values.convert(values[index], type, columns.name(index));
    }

    /**
     * @param column the column's name
     * @return its value as a String (numbers and UUIDs are formatted), or null
     */
    public String getString(String column) {
        return get(column, String.class);
    }

    /**
     * @param column the column's name
     * @return its value as an int
     * @throws InterfaceError if it is NULL or does not fit
     */
    public int getInt(String column) {
        return get(column, int.class);
    }

    /**
     * @param column the column's name
     * @return its value as a long
     * @throws InterfaceError if it is NULL or does not fit
     */
    public long getLong(String column) {
        return get(column, long.class);
    }

    /**
     * @param column the column's name
     * @return its value as a double
     * @throws InterfaceError if it is NULL or not a number
     */
    public double getDouble(String column) {
        return get(column, double.class);
    }

    /**
     * @param column the column's name
     * @return its value as a boolean (SQLite's 0 and 1 included)
     * @throws InterfaceError if it is NULL or not a boolean
     */
    public boolean getBoolean(String column) {
        return get(column, boolean.class);
    }

    /**
     * The row as a record: each component takes the column of the same name, or of its snake_case
     * form ({@code createdAt} reads {@code created_at}); values convert as in {@link #get(String, Class)}.
     *
     * @param <R> the record type
     * @param type the record class (its canonical constructor is used, even if not public)
     * @return a new record
     * @throws InterfaceError if a component has no column, a value does not convert, or a NULL meets a
     *     primitive component
     */
    public <R extends Record> R as(Class<R> type) {
        return Values.toRecord(this, type);
    }

    /** @return the columns and values, in order */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.putIfAbsent(columns.name(i), values[i]);
        }
        return m;
    }

    private int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in row with columns " + columns.names());
        }
        return i;
    }

    /** @return {@code <Row id=1 name='alice'>}, as asyncpg prints a record */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<Row");
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            b.append(' ').append(columns.name(i)).append('=');
            if (v instanceof String s) {
                b.append('\'').append(s).append('\'');
            } else if (v instanceof byte[] bytes) {
                b.append("bytes[").append(bytes.length).append(']');
            } else {
                b.append(v);
            }
        }
        return b.append('>').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.columns.names().equals(columns.names()) && Arrays.deepEquals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }
}
