package io.jasyncio;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable map from {@link ContextVar} to value behind a {@link Context}: CPython keeps a HAMT
 * (a persistent hash trie) there; this is a copy-on-write array of (variable, value) pairs, compared
 * by identity.
 *
 * <p>Complexity, for {@code n} variables set in the context: {@link #find} is a linear scan, O(n),
 * with no allocation; {@link #with} and {@link #without} copy the array, O(n) time and memory; a copy
 * of a context shares its map, O(1). A program sets a handful of variables (a request id, a user, a
 * locale), where a scan of a few references beats hashing; a context with hundreds of variables would
 * want CPython's HAMT (O(log32 n) for every operation), which can replace this class without changing
 * its callers.
 */
final class Vars {

    /** What {@link #find} returns for a variable that has no value here (null is a value). */
    static final Object MISSING = new Object();

    static final Vars EMPTY = new Vars(new Object[0]);

    /** {@code var0, value0, var1, value1, ...}, in the order the variables were first set. */
    private final Object[] pairs;

    private Vars(Object[] pairs) {
        this.pairs = pairs;
    }

    /** The value of {@code var}, or {@link #MISSING}. */
    Object find(ContextVar<?> var) {
        Object[] p = pairs;
        for (int i = 0; i < p.length; i += 2) {
            if (p[i] == var) {
                return p[i + 1];
            }
        }
        return MISSING;
    }

    /** This map with {@code var} bound to {@code value}. */
    Vars with(ContextVar<?> var, Object value) {
        Object[] p = pairs;
        for (int i = 0; i < p.length; i += 2) {
            if (p[i] == var) {
                if (p[i + 1] == value) {
                    return this;
                }
                Object[] copy = p.clone();
                copy[i + 1] = value;
                return new Vars(copy);
            }
        }
        Object[] copy = Arrays.copyOf(p, p.length + 2);
        copy[p.length] = var;
        copy[p.length + 1] = value;
        return new Vars(copy);
    }

    /** This map without {@code var} (this map itself if it has no value for it). */
    Vars without(ContextVar<?> var) {
        Object[] p = pairs;
        for (int i = 0; i < p.length; i += 2) {
            if (p[i] == var) {
                if (p.length == 2) {
                    return EMPTY;
                }
                Object[] copy = new Object[p.length - 2];
                System.arraycopy(p, 0, copy, 0, i);
                System.arraycopy(p, i + 2, copy, i, p.length - i - 2);
                return new Vars(copy);
            }
        }
        return this;
    }

    int size() {
        return pairs.length / 2;
    }

    /** An unmodifiable copy, in the order the variables were first set. */
    Map<ContextVar<?>, Object> toMap() {
        Map<ContextVar<?>, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((ContextVar<?>) pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
