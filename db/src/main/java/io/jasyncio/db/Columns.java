package io.jasyncio.db;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a result, shared by all its rows: names in order, and a lookup by name (exact
 * first, then case-insensitive, as unquoted SQL names are).
 */
final class Columns {

    private final String[] names;
    private final Map<String, Integer> byName;
    /** How each column is read from the driver ({@link Dialect#readerKind}). */
    final byte[] kinds;

    Columns(String[] names, byte[] kinds) {
        this.names = names;
        this.kinds = kinds;
        this.byName = new HashMap<>(names.length * 2);
        for (int i = names.length - 1; i >= 0; i--) {   // the first of two equal names wins
            byName.put(names[i], i);
            byName.putIfAbsent(names[i].toLowerCase(Locale.ROOT), i);
        }
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    List<String> names() {
        return List.of(names);
    }

    /** The index of a column, or -1. */
    int indexOf(String name) {
        Integer i = byName.get(name);
        if (i == null) {
            i = byName.get(name.toLowerCase(Locale.ROOT));
        }
        return i == null ? -1 : i;
    }
}
