package io.jasyncio.http.websocket.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code Sec-WebSocket-Extensions} values (RFC 6455 section 9.1): a comma-separated list of
 * extensions, each a name with {@code ;}-separated parameters, a parameter a name with an optional
 * value (a token or a quoted string).
 *
 * @param name the extension's name, lower case
 * @param params its parameters in order; a parameter without a value maps to null; a repeated one makes
 *     {@code duplicate} true
 */
public record ExtensionHeader(String name, Map<String, String> params, boolean duplicate) {

    /** Every extension in the given header values, in order. */
    public static List<ExtensionHeader> parse(List<String> values) {
        List<ExtensionHeader> out = new ArrayList<>();
        for (String value : values) {
            for (String ext : splitOutsideQuotes(value, ',')) {
                List<String> parts = splitOutsideQuotes(ext, ';');
                String name = parts.get(0).trim().toLowerCase(java.util.Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                boolean duplicate = false;
                for (int i = 1; i < parts.size(); i++) {
                    String p = parts.get(i).trim();
                    int eq = p.indexOf('=');
                    String pname = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
                    String pvalue = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                    duplicate |= params.containsKey(pname);
                    params.put(pname, pvalue);
                }
                out.add(new ExtensionHeader(name, params, duplicate));
            }
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
