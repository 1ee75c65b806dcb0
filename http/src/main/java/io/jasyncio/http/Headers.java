package io.jasyncio.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP header fields in arrival order: names are compared without regard to case, a name may repeat
 * (aiohttp's {@code CIMultiDict}, httpx's {@code Headers}). Shared by requests and responses of the server
 * and the client.
 *
 * <p>Not thread-safe: a {@code Headers} belongs to the task handling its message. {@link #freeze()} returns a
 * read-only copy that may be shared.
 */
public final class Headers {
    private final List<String> names;   // as received or added
    private final List<String> values;
    private final boolean readOnly;

    /** An empty, mutable set of fields. */
    public Headers() {
        this(new ArrayList<>(), new ArrayList<>(), false);
    }

    private Headers(List<String> names, List<String> values, boolean readOnly) {
        this.names = names;
        this.values = values;
        this.readOnly = readOnly;
    }

    /** Fields from name/value pairs: {@code Headers.of("Accept", "text/plain", "X-Id", "7")}. */
    public static Headers of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes name/value pairs, got an odd count: " + nameValuePairs.length);
        }
        Headers h = new Headers();
        for (int i = 0; i < nameValuePairs.length; i += 2) h.add(nameValuePairs[i], nameValuePairs[i + 1]);
        return h;
    }

    /**
     * Appends a field, keeping any earlier ones of the same name.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token or the value holds CR, LF or NUL
     *         (header injection)
     * @throws UnsupportedOperationException on a frozen copy
     */
    public Headers add(String name, String value) {
        checkWritable();
        names.add(checkName(name));
        values.add(checkValue(name, value));
        return this;
    }

    /** Replaces every field of this name with one field. Same checks as {@link #add}. */
    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field of this name; returns whether there was one. */
    public boolean remove(String name) {
        checkWritable();
        boolean removed = false;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** The first value of this name, or {@code null}. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) return values.get(i);
        }
        return null;
    }

    /** The first value of this name, or {@code fallback}. */
    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** Every value of this name, in order (empty if none). */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) out.add(values.get(i));
        }
        return out;
    }

    /** Whether a field of this name is present. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** The number of fields (a repeated name counts each time). */
    public int size() {
        return names.size();
    }

    /** The name of field {@code i}, as it was received or added. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        return values.get(i);
    }

    /** The names in order, with repeats. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** A read-only copy, safe to share between tasks and threads. */
    public Headers freeze() {
        return readOnly ? this : new Headers(List.copyOf(names), List.copyOf(values), true);
    }

    /** A mutable copy. */
    public Headers copy() {
        return new Headers(new ArrayList<>(names), new ArrayList<>(values), false);
    }

    private void checkWritable() {
        if (readOnly) throw new UnsupportedOperationException("these headers are read-only (a frozen copy)");
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "header name");
        if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("invalid character in header name " + quote(name) + " at " + i);
            }
        }
        return name;
    }

    private static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "value of header " + name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header " + name + " has CR, LF or NUL in its value (header injection)");
            }
        }
        return value;
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(names.get(i)).append(": ").append(values.get(i).toLowerCase(Locale.ROOT).startsWith("bearer ") ? "<hidden>" : values.get(i));
        }
        return sb.append(']').toString();
    }
}
