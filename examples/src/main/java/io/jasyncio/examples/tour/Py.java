package io.jasyncio.examples.tour;

import java.util.Collection;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Python's way of printing values, so that the examples print exactly what the seeds show: {@code print(x)}
 * is {@link #str}, a list prints its items with {@link #repr} ({@code ['User', 'Orders']}), and f-string
 * number formats ({@code f"{t:.2f}"}) are {@link #f}, with a '.' as the decimal point in every locale.
 */
public final class Py {

    private Py() {
    }

    /**
     * Python's {@code str(x)}: a string as it is, anything else as {@link #repr}.
     *
     * @param x the value
     * @return its text
     */
    public static String str(Object x) {
        return x instanceof String s ? s : repr(x);
    }

    /**
     * Python's {@code repr(x)} for the values the examples print: strings in quotes, lists in brackets.
     *
     * @param x the value
     * @return its representation
     */
    public static String repr(Object x) {
        return switch (x) {
            case null -> "None";
            case String s -> quote(s);
            case Boolean b -> b ? "True" : "False";
            case Throwable t -> t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "()" : "(" + repr(t.getMessage()) + ")"); // RuntimeError('oops')
            case Collection<?> c -> {
                StringJoiner j = new StringJoiner(", ", "[", "]");
                c.forEach(item -> j.add(repr(item)));
                yield j.toString();
            }
            default -> x.toString();
        };
    }

    private static String quote(String s) {
        // Python picks double quotes only when that spares escaping a single quote.
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == q) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append(q).toString();
    }

    /**
     * An f-string: {@code f("Done in %.1fs", t)} is Python's {@code f"Done in {t:.1f}s"}.
     *
     * @param format a {@link String#format} pattern
     * @param args its arguments
     * @return the text, formatted in {@link Locale#ROOT}
     */
    public static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
