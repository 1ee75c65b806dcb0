package io.jasyncio.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's command line as (option, value) pairs: {@code --name value} or {@code --name=value}. */
final class Args {

    private Args() {
    }

    /**
     * Splits {@code args} into pairs, in order.
     *
     * @throws IllegalArgumentException if the last option has no value
     */
    static List<String[]> pairs(String[] args) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                out.add(new String[] {a.substring(0, eq), a.substring(eq + 1)});
            } else if (i + 1 < args.length) {
                out.add(new String[] {a, args[++i]});
            } else {
                throw new IllegalArgumentException("missing value after " + a);
            }
        }
        return out;
    }
}
