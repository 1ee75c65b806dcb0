package io.jasyncio.internal;

/** Short text forms for {@code toString}s (CPython's {@code reprlib}). Internal: not exported. */
public final class Repr {

    private Repr() {
    }

    /** {@code String.valueOf(o)}, cut to 60 characters with "..." if longer. */
    public static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
