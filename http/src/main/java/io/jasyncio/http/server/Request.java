package io.jasyncio.http.server;

import io.jasyncio.ContextVar;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.ParsedFields;
import io.jasyncio.http.HttpStatus;

import java.io.IOException;
import java.lang.reflect.Type;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as a handler sees it (Starlette's and aiohttp.web's {@code Request}): method, path, query
 * and path parameters, headers, and a body read whole ({@link #body()}, {@link #text()}, {@link #json}) or
 * streamed ({@link #readChunk()}). The body arrives while the handler runs; reading it suspends the handler's
 * task until the bytes are there.
 *
 * <p>{@link #current()} is the request of the running handler, through a {@link ContextVar} that middleware
 * and handlers share. {@link #state()} is a per-request map for middleware to hand values to handlers.
 *
 * <p>Loop-confined: use it from the task that handles it.
 */
public final class Request {
    private static final ContextVar<Request> CURRENT = new ContextVar<>("jasyncio.http.request");

    private final HttpConnection conn;
    private final String method;
    private final String target;
    private final String version;
    private final ParsedFields fields = new ParsedFields();
    private String path;
    private String rawQuery;
    private Map<String, List<String>> query;
    private String[] paramNames;
    private String[] paramValues;
    private Map<String, Object> state;
    Route route;
    final RequestBody body;
    boolean keepAlive;
    boolean expectContinue;
    boolean upgradeRequested;
    boolean upgraded;
    /** Set when the request was refused while parsing (the handler never runs). */
    HttpException refused;
    /** 404 or 405 when no route matched (answered through the middleware). */
    HttpException routeError;

    Request(HttpConnection conn, String method, String target, String version) {
        this.conn = conn;
        this.method = method;
        this.target = target;
        this.version = version;
        this.body = new RequestBody(conn);
    }

    /** A refused request: the connection answers it with {@code error} (in order) and closes. */
    static Request refused(HttpConnection conn, HttpException error) {
        Request r = new Request(conn, "GET", "/", "HTTP/1.1");
        r.refused = error;
        r.path = "/";
        return r;
    }

    /** The request of the handler running on this task, or null outside a request. */
    public static Request current() {
        return CURRENT.get(null);
    }

    static ContextVar<Request> currentVar() {
        return CURRENT;
    }

    /** Splits the target into path and query; false if it is not origin-form or absolute-form. */
    boolean parseTarget() {
        String t = target;
        if (!t.startsWith("/")) {
            int scheme = t.indexOf("://");
            if (scheme <= 0) return t.equals("*") && method.equals("OPTIONS") && setPath("*", null);
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int q = t.indexOf('?');
        int hash = t.indexOf('#');
        if (hash >= 0) return false;
        return q < 0 ? setPath(t, null) : setPath(t.substring(0, q), t.substring(q + 1));
    }

    private boolean setPath(String p, String q) {
        path = p;
        rawQuery = q;
        return true;
    }

    void params(String[] names, String[] values) {
        paramNames = names;
        paramValues = values;
    }

    /** The method, as sent ("GET"). */
    public String method() {
        return method;
    }

    /** The path without the query, not decoded ("/users/7"). */
    public String path() {
        return path;
    }

    /** The request target as sent ("/users/7?verbose=1"). */
    public String target() {
        return target;
    }

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String version() {
        return version;
    }

    /** The query string without '?', not decoded, or null if none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The header fields, as the client sent them (a read-only copy). */
    public Headers headers() {
        return fields.headers();
    }

    void addField(String name, String value) {
        fields.add(name, value);
    }

    /** The first value of a header (the name compared without regard to case), or null. */
    public String header(String name) {
        return fields.first(name);
    }

    /** The client's address. */
    public SocketAddress remoteAddress() {
        return conn.remoteAddress();
    }

    /** The route that matched, or null before routing. */
    public Route route() {
        return route;
    }

    /**
     * A path parameter by name ({@code {id}} in {@code /users/{id}}), percent-decoded.
     *
     * @throws IllegalArgumentException if the route has no parameter of that name
     */
    public String pathParam(String name) {
        if (paramNames != null) {
            for (int i = 0; i < paramNames.length; i++) if (paramNames[i].equals(name)) return paramValues[i];
        }
        throw new IllegalArgumentException("route " + route + " has no path parameter " + name);
    }

    /**
     * A path parameter as an int.
     *
     * @throws HttpException 422 if it is not an integer (FastAPI's validation error)
     */
    public int pathParamInt(String name) {
        String v = pathParam(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new HttpException(HttpStatus.UNPROCESSABLE_CONTENT, "path parameter " + name + " must be an integer, got " + v);
        }
    }

    /** Every path parameter, in template order. */
    public Map<String, String> pathParams() {
        Map<String, String> m = new LinkedHashMap<>();
        if (paramNames != null) for (int i = 0; i < paramNames.length; i++) m.put(paramNames[i], paramValues[i]);
        return m;
    }

    /** The first value of a query parameter, decoded, or null. */
    public String queryParam(String name) {
        List<String> v = queryParams().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of a query parameter, or {@code fallback}. */
    public String queryParam(String name, String fallback) {
        String v = queryParam(name);
        return v == null ? fallback : v;
    }

    /** Every query parameter with all its values, decoded, in order. */
    public Map<String, List<String>> queryParams() {
        if (query == null) {
            query = new LinkedHashMap<>();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String pair : rawQuery.split("&")) {
                    if (pair.isEmpty()) continue;
                    int eq = pair.indexOf('=');
                    String k = Router.decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
                    String v = eq < 0 ? "" : Router.decodeQuery(pair.substring(eq + 1));
                    query.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
                }
            }
        }
        return query;
    }

    /** A mutable map for this request only (Starlette's {@code request.state}). */
    public Map<String, Object> state() {
        if (state == null) state = new HashMap<>();
        return state;
    }

    /**
     * The whole body. Suspends until it has arrived (sending {@code 100 Continue} first if the client asked
     * for it). The body is kept: calling it again returns the same bytes.
     *
     * <p>Cancel safety: cancelling leaves the body unread; the connection is closed after the response if
     * the rest cannot be skipped.
     *
     * @throws HttpException 413 if the body passes the route's limit, 408 if it stalls past the idle timeout,
     *         400 if it is malformed (for example a bad chunk size)
     * @throws IOException if the client disconnects midway
     * @throws IllegalStateException if the body was already streamed with {@link #readChunk()}
     */
    public byte[] body() throws IOException {
        startBody();
        return body.readAll();
    }

    /** The body decoded as UTF-8; as {@link #body()}. */
    public String text() throws IOException {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON of {@code type} (a record class, or a generic type), through the app's codec; as
     * {@link #body()}.
     *
     * @throws HttpException 422 if the body is not valid JSON for that type (the detail says why)
     */
    public <T> T json(Type type) throws IOException {
        byte[] b = body();
        try {
            return conn.app().codec().decode(b, type);
        } catch (IllegalArgumentException e) {
            throw new HttpException(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        }
    }

    /** The body as JSON of a class; as {@link #json(Type)}. */
    public <T> T json(Class<T> type) throws IOException {
        return json((Type) type);
    }

    /**
     * The next piece of the body as it arrives, or null at its end: for bodies too big to hold (raise the
     * route's limit with {@link Route#maxBodyBytes}). While the handler does not read, the server stops
     * reading from the client once it holds 256 KiB (backpressure).
     *
     * <p>Cancel safety: as {@link #body()}; no bytes are lost: the next call returns them.
     *
     * @throws HttpException as {@link #body()}
     * @throws IOException if the client disconnects midway
     */
    public byte[] readChunk() throws IOException {
        startBody();
        return body.readChunk();
    }

    private void startBody() {
        if (expectContinue) {
            expectContinue = false;
            conn.sendContinue();
        }
    }

    /**
     * Switches the connection to another protocol (a WebSocket, for example): writes
     * {@code HTTP/1.1 101 Switching Protocols} with {@code responseHeaders}, detaches the connection from
     * HTTP (no more requests are parsed on it, the server's idle and header timeouts and the body limit stop
     * applying) and returns the rest of the connection as streams. Bytes the client sent after its request
     * head are the first bytes of the returned reader. The calling handler owns the connection until it
     * returns; then the server closes it. Graceful shutdown cancels it after the grace period. What the
     * handler returns after upgrading is ignored.
     *
     * <p>Cancel safety: if cancelled while waiting for the 101 head to drain, the connection is closed.
     *
     * @param responseHeaders fields for the 101 response (for example {@code Upgrade},
     *        {@code Connection}, {@code Sec-WebSocket-Accept})
     * @return the reader and writer of the connection
     * @throws IllegalStateException if called twice, or the request had a body or was not the last request
     *         the client sent before waiting (pipelined after it)
     * @throws IOException if the client has disconnected
     */
    public Upgraded upgrade(Headers responseHeaders) throws IOException {
        if (upgraded) throw new IllegalStateException("upgrade() was already called for this request");
        if (!upgradeRequested) {
            throw new IllegalStateException("the request has no Upgrade and Connection: upgrade fields (or has a body)");
        }
        upgraded = true;
        return conn.upgrade(this, responseHeaders);
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + target + "]";
    }
}
