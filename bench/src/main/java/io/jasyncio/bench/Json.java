package io.jasyncio.bench;

/**
 * A minimal writer of one JSON object, by hand (the bench has no dependencies): fields are appended
 * in call order, {@link #toString()} closes the object.
 */
public final class Json {

    private final StringBuilder sb = new StringBuilder("{");
    private boolean empty = true;

    /** Starts an empty object. */
    public Json() {
    }

    private StringBuilder key(String k) {
        if (!empty) {
            sb.append(", ");
        }
        empty = false;
        return quote(sb, k).append(": ");
    }

    /**
     * Adds a string field.
     *
     * @param k the name
     * @param v the value
     * @return this
     */
    public Json put(String k, String v) {
        quote(key(k), v);
        return this;
    }

    /**
     * Adds a number field.
     *
     * @param k the name
     * @param v the value
     * @return this
     */
    public Json put(String k, long v) {
        key(k).append(v);
        return this;
    }

    /**
     * Adds a boolean field.
     *
     * @param k the name
     * @param v the value
     * @return this
     */
    public Json put(String k, boolean v) {
        key(k).append(v);
        return this;
    }

    /**
     * Adds an array of numbers.
     *
     * @param k the name
     * @param v the values
     * @return this
     */
    public Json put(String k, long[] v) {
        StringBuilder b = key(k).append('[');
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        b.append(']');
        return this;
    }

    /**
     * Adds an array of decimal numbers (three decimals).
     *
     * @param k the name
     * @param v the values
     * @return this
     */
    public Json put(String k, double[] v) {
        StringBuilder b = key(k).append('[');
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3f", v[i]));
        }
        b.append(']');
        return this;
    }

    /**
     * Adds a nested object.
     *
     * @param k the name
     * @param v the object
     * @return this
     */
    public Json put(String k, Json v) {
        key(k).append(v);
        return this;
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
