package io.jasyncio.http.server;

import io.jasyncio.http.Headers;
import io.jasyncio.http.HttpStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Finds the route of a request: literal paths through one hash lookup, templates in the order they were
 * added. A path that matches with another method gives 405 with {@code Allow}; no match gives 404. HEAD
 * falls back to GET. Immutable once the server starts (built from the app's routes).
 */
final class Router {

    /** A lookup's outcome: a route with its parameters, or an error status. */
    record Match(Route route, String[] names, String[] values, int status, String allow) {
    }

    private static final String[] NONE = new String[0];
    private final Map<String, Map<String, Match>> literal = new HashMap<>(); // matches made once
    private final List<Route> templates = new ArrayList<>();

    Router(List<Route> routes) {
        for (Route r : routes) {
            if (r.literal) {
                Match old = literal.computeIfAbsent(r.path(), k -> new HashMap<>())
                        .putIfAbsent(r.method(), new Match(r, NONE, NONE, 0, null));
                if (old != null) throw new IllegalArgumentException("two routes for " + r);
            } else {
                templates.add(r);
            }
        }
    }

    Match match(String method, String path) {
        Map<String, Match> byMethod = literal.get(path);
        if (byMethod != null) {
            Match m = byMethod.get(method);
            if (m == null && method.equals("HEAD")) m = byMethod.get("GET");
            if (m != null) return m;
        }
        LinkedHashSet<String> allowed = new LinkedHashSet<>();
        if (byMethod != null) allowed.addAll(byMethod.keySet());
        if (!templates.isEmpty()) {
            String[] parts = path.substring(1).split("/", -1);
            List<String> names = new ArrayList<>(2), values = new ArrayList<>(2);
            Route headFallback = null;
            String[] fbNames = null, fbValues = null;
            for (Route r : templates) {
                names.clear();
                values.clear();
                if (!r.match(parts, names, values)) continue;
                if (r.method().equals(method)) {
                    return new Match(r, names.toArray(NONE), values.toArray(NONE), 0, null);
                }
                if (method.equals("HEAD") && r.method().equals("GET") && headFallback == null) {
                    headFallback = r;
                    fbNames = names.toArray(NONE);
                    fbValues = values.toArray(NONE);
                }
                allowed.add(r.method());
            }
            if (headFallback != null) return new Match(headFallback, fbNames, fbValues, 0, null);
        }
        if (allowed.isEmpty()) return new Match(null, NONE, NONE, HttpStatus.NOT_FOUND, null);
        if (allowed.contains("GET")) allowed.add("HEAD");
        return new Match(null, NONE, NONE, HttpStatus.METHOD_NOT_ALLOWED, String.join(", ", allowed));
    }

    static HttpException error(Match m) {
        return m.status() == HttpStatus.METHOD_NOT_ALLOWED
                ? new HttpException(m.status(), "Method Not Allowed", Headers.of("Allow", m.allow()))
                : new HttpException(m.status(), "Not Found");
    }

    /** Percent-decodes a path segment as UTF-8 ('+' stays '+'); a bad escape stays as it is. */
    static String decodePath(String s) {
        return decode(s, false);
    }

    /** Percent-decodes a query component ('+' is a space). */
    static String decodeQuery(String s) {
        return decode(s, true);
    }

    private static String decode(String s, boolean plus) {
        if (s.indexOf('%') < 0 && !(plus && s.indexOf('+') >= 0)) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plus) {
                out.write(' ');
            } else {
                int end = i + Character.charCount(s.codePointAt(i));
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
