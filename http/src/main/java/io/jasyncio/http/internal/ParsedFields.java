package io.jasyncio.http.internal;

import io.jasyncio.http.Headers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A message's header fields as the parser reported them (already checked by it), in arrival order: what a
 * server's request and a client's response hold while their handler or reader looks up a field or two. Lookups
 * compare names without regard to case; {@link #headers()} makes the public {@link Headers} once, on first use.
 * Not thread-safe.
 */
public final class ParsedFields {
    private String[] names = new String[8];
    private String[] values = new String[8];
    private int count;
    private Headers frozen;

    /** Appends a field (a repeated name is kept as a second field). */
    public void add(String name, String value) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name;
        values[count++] = value;
        frozen = null;
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) return values[i];
        }
        return null;
    }

    /** Every value of {@code name}, in arrival order; empty if none. */
    public List<String> all(String name) {
        List<String> out = List.of();
        for (int i = 0; i < count; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (out.isEmpty()) out = new ArrayList<>(2);
                out.add(values[i]);
            }
        }
        return out;
    }

    /** Forgets every field (an interim response's, before the final one). */
    public void clear() {
        Arrays.fill(names, 0, count, null);
        Arrays.fill(values, 0, count, null);
        count = 0;
        frozen = null;
    }

    /** The fields as a read-only {@link Headers}, made once and kept until the next change. */
    public Headers headers() {
        if (frozen == null) {
            Headers h = new Headers();
            for (int i = 0; i < count; i++) h.add(names[i], values[i]);
            frozen = h.freeze();
        }
        return frozen;
    }
}
