package io.jasyncio.http.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One route of an {@link App}: a method, a path template and a handler. Templates are literal segments and
 * {@code {name}} parameters (one segment each); a last segment {@code {name...}} takes the rest of the path.
 * Returned by {@link App#get} and the other route methods so a route can raise its own limits:
 * {@code app.post("/upload", h).maxBodyBytes(64 << 20)}.
 */
public final class Route {
    private final String method;
    private final String template;
    private final Handler handler;
    final String[] segments;   // literal segments, or null where a parameter is
    final String[] params;     // parameter names by segment index, or null
    final boolean tail;        // the last parameter takes the rest of the path
    final boolean literal;
    private long maxBodyBytes = -1;

    Route(String method, String template, Handler handler) {
        this.method = Objects.requireNonNull(method, "method");
        this.template = Objects.requireNonNull(template, "path");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (!template.startsWith("/")) throw new IllegalArgumentException("a route path starts with '/': " + template);
        String[] parts = template.substring(1).split("/", -1);
        segments = new String[parts.length];
        params = new String[parts.length];
        boolean anyParam = false, t = false;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                String name = p.substring(1, p.length() - 1);
                if (name.endsWith("...")) {
                    if (i != parts.length - 1) throw new IllegalArgumentException("{name...} must be the last segment: " + template);
                    name = name.substring(0, name.length() - 3);
                    t = true;
                }
                if (name.isEmpty() || seen.contains(name)) {
                    throw new IllegalArgumentException("empty or repeated parameter name in " + template);
                }
                seen.add(name);
                params[i] = name;
                anyParam = true;
            } else if (p.contains("{") || p.contains("}")) {
                throw new IllegalArgumentException("a parameter takes a whole segment ({name}): " + template);
            } else {
                segments[i] = p;
            }
        }
        tail = t;
        literal = !anyParam;
    }

    /** The method ("GET", ...). */
    public String method() {
        return method;
    }

    /** The path template. */
    public String path() {
        return template;
    }

    /** The handler. */
    public Handler handler() {
        return handler;
    }

    /**
     * Raises (or lowers) the request body limit for this route.
     *
     * @param n the most body bytes accepted; more get 413
     * @return this route
     */
    public Route maxBodyBytes(long n) {
        if (n < 0) throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + n);
        maxBodyBytes = n;
        return this;
    }

    /** This route's body limit, or -1 for the server's default. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Matches {@code path} (starting with '/'); fills names/values; returns whether it matched. */
    boolean match(String[] parts, List<String> names, List<String> values) {
        int n = segments.length;
        if (tail ? parts.length < n : parts.length != n) return false;
        for (int i = 0; i < n; i++) {
            if (params[i] == null) {
                if (!segments[i].equals(parts[i])) return false;
            } else if (tail && i == n - 1) {
                names.add(params[i]);
                values.add(Router.decodePath(String.join("/", java.util.Arrays.asList(parts).subList(i, parts.length))));
            } else {
                if (parts[i].isEmpty()) return false;
                names.add(params[i]);
                values.add(Router.decodePath(parts[i]));
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
