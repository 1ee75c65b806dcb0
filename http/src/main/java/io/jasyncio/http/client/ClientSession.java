package io.jasyncio.http.client;

import java.io.IOException;
import io.jasyncio.http.websocket.WebSocket;
import io.jasyncio.http.websocket.WebSocketClient;
import io.jasyncio.http.websocket.WebSocketOptions;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Net;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.Tls;
import io.jasyncio.http.Headers;
import io.jasyncio.http.JsonCodec;
import io.jasyncio.http.client.RequestOptions.Body;
import io.jasyncio.http.client.Target.Origin;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;

/**
 * An HTTP/1.1 client session: aiohttp's {@code ClientSession}, httpx's {@code AsyncClient}. It owns a pool of
 * keep-alive connections (aiohttp's {@code TCPConnector}: 100 in all by default), a cookie jar, default headers
 * and timeouts. Make one per application (or per remote service) and share it between tasks; close it at the
 * end ({@code try}-with-resources is {@code async with aiohttp.ClientSession() as session}).
 *
 * <pre>{@code
 * try (var session = ClientSession.create()) {
 *     try (var resp = session.get("http://127.0.0.1:8080/users/1")) {
 *         User user = resp.json(User.class);
 *     }
 * }
 * }</pre>
 *
 * <p>Each request method sends the request and returns once the response's status and headers are in; the
 * body is then read from the {@link ClientResponse}, which must be closed. Redirects are followed for GET and
 * HEAD (at most 10; {@code Authorization} is dropped when the host changes), cookies are kept, and
 * {@code gzip}/{@code deflate} bodies are decompressed. A request whose pooled connection turns out to have
 * been closed by the server before any byte of the response came back is sent again once on a new connection
 * if it is idempotent (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) and its body can be sent again.
 *
 * <h2>States</h2>
 * open (created; the first request binds it to its loop) &rarr; closed ({@link #close()}: idle connections
 * closed, waiting requests fail with {@link ClientError.SessionClosed}, connections in use close when their
 * response is done; new requests fail).
 *
 * <p>Loop-confined: use a session from the tasks of one event loop.
 */
public final class ClientSession implements AutoCloseable {
    private static final int TARGET_CACHE = 256;

    private final URI baseUrl;
    private final ClientTimeout timeout;
    private final Headers headers;
    private final CookieJar cookieJar;
    private final boolean autoDecompress;
    private final boolean raiseForStatus;
    private final Tls.TlsOptions tls;
    private final JsonCodec json;
    private final int readLimit;
    private final int maxHeaderBytes;
    private final ConnectionPool pool;
    /** Parsed URLs, each with its encoded GET head once sent ({@link Parsed}). */
    private final Map<String, Parsed> targets = new HashMap<>();
    private EventLoop loop;
    private boolean closed;

    private ClientSession(Builder b) {
        this.baseUrl = b.baseUrl;
        this.timeout = b.timeout;
        this.headers = b.headers.freeze();
        this.cookieJar = b.cookieJar;
        this.autoDecompress = b.autoDecompress;
        this.raiseForStatus = b.raiseForStatus;
        this.tls = Tls.TlsOptions.of(b.sslContext);
        this.json = b.json;
        this.readLimit = b.readLimit;
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.pool = new ConnectionPool(b.limit, b.limitPerHost, b.keepAliveTimeout, this::open);
    }

    /**
     * A session with the defaults: 100 connections, no per-host limit, {@link ClientTimeout#DEFAULT}, a cookie
     * jar, decompression on, the JDK's trusted certificate authorities.
     *
     * @return the session
     */
    public static ClientSession create() {
        return builder().build();
    }

    /** @return a builder, for sessions with other settings */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings of a session: aiohttp's {@code ClientSession(...)} and {@code TCPConnector(...)} arguments.
     * Not thread-safe; {@link #build()} copies what it needs.
     */
    public static final class Builder {
        private URI baseUrl;
        private ClientTimeout timeout = ClientTimeout.DEFAULT;
        private int limit = 100;
        private int limitPerHost = 0;
        private double keepAliveTimeout = 15;
        private Headers headers = new Headers();
        private CookieJar cookieJar = new CookieJar();
        private boolean autoDecompress = true;
        private boolean raiseForStatus;
        private SSLContext sslContext;
        private JsonCodec json = JsonCodec.jackson();
        private int readLimit = 64 * 1024;
        private int maxHeaderBytes = 64 * 1024;

        private Builder() {
        }

        /**
         * @param url a base URL that relative request URLs resolve against ({@code base_url=})
         * @return this builder
         * @throws IllegalArgumentException if it is not an absolute http or https URL
         */
        public Builder baseUrl(String url) {
            URI u = URI.create(url);
            if (!u.isAbsolute() || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http or https URL, got " + url);
            }
            this.baseUrl = u;
            return this;
        }

        /** @param t the default timeouts ({@code timeout=}) @return this builder */
        public Builder timeout(ClientTimeout t) {
            this.timeout = Objects.requireNonNull(t, "timeout");
            return this;
        }

        /** @param n the most connections in use at once, default 100 ({@code TCPConnector(limit=)}) @return this builder */
        public Builder limit(int n) {
            this.limit = n;
            return this;
        }

        /** @param n the most connections in use to one origin, 0 for no limit ({@code limit_per_host=}) @return this builder */
        public Builder limitPerHost(int n) {
            this.limitPerHost = n;
            return this;
        }

        /** @param seconds how long an idle connection may be reused, default 15 ({@code keepalive_timeout=}) @return this builder */
        public Builder keepAliveTimeout(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("keepAliveTimeout must be >= 0, got " + seconds);
            }
            this.keepAliveTimeout = seconds;
            return this;
        }

        /** @param h headers sent with every request ({@code headers=}) @return this builder */
        public Builder headers(Headers h) {
            this.headers = h.copy();
            return this;
        }

        /** @param jar the cookie jar to use, e.g. one shared with another session @return this builder */
        public Builder cookieJar(CookieJar jar) {
            this.cookieJar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /** No cookies kept or sent ({@code cookie_jar=DummyCookieJar()}). @return this builder */
        public Builder noCookies() {
            this.cookieJar = null;
            return this;
        }

        /** @param on whether to decompress gzip/deflate bodies, default on ({@code auto_decompress=}) @return this builder */
        public Builder autoDecompress(boolean on) {
            this.autoDecompress = on;
            return this;
        }

        /** @param on whether every response of 400 or more raises ({@code raise_for_status=True}) @return this builder */
        public Builder raiseForStatus(boolean on) {
            this.raiseForStatus = on;
            return this;
        }

        /**
         * @param ctx the TLS context (keys and trust) for https ({@code ssl=}); by default the JDK's, which
         *     trusts the JDK's certificate authorities. Host names are always checked.
         * @return this builder
         */
        public Builder sslContext(SSLContext ctx) {
            this.sslContext = ctx;
            return this;
        }

        /**
         * Trust the certificates of this key store instead of the JDK's authorities (a private CA, a test
         * certificate). Host names are still checked.
         *
         * @param trustStore the trusted certificates
         * @return this builder
         * @throws IllegalArgumentException if the store cannot be used
         */
        public Builder trustStore(KeyStore trustStore) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                this.sslContext = ctx;
                return this;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot use this trust store: " + e.getMessage(), e);
            }
        }

        /** @param codec the JSON codec for {@code json} bodies and {@code resp.json()} @return this builder */
        public Builder jsonCodec(JsonCodec codec) {
            this.json = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** @param bytes the body reader's limit (lines, and half the buffered bytes before reading pauses), default 64 KiB @return this builder */
        public Builder readLimit(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("readLimit must be > 0, got " + bytes);
            }
            this.readLimit = bytes;
            return this;
        }

        /** @param bytes the most bytes of a response's status line and headers, default 64 KiB @return this builder */
        public Builder maxHeaderBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxHeaderBytes must be >= 256, got " + bytes);
            }
            this.maxHeaderBytes = bytes;
            return this;
        }

        /**
         * @return the session
         * @throws IllegalArgumentException if the limits are invalid
         */
        public ClientSession build() {
            return new ClientSession(this);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Requests

    /**
     * {@code GET url}: {@code session.get(url)}. See {@link #request(String, String, RequestOptions)}.
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL (absolute, or relative to the base URL)
     * @return the response, headers in
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse get(String url) throws ClientError {
        return request("GET", url, RequestOptions.NONE);
    }

    /**
     * {@code GET url} with options ({@code params}, {@code headers}, ...).
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL
     * @param options the options
     * @return the response
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse get(String url, RequestOptions options) throws ClientError {
        return request("GET", url, options);
    }

    /**
     * {@code POST url}, usually with a body: {@code session.post(url, RequestOptions.json(value))}.
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL
     * @param options the body and other options
     * @return the response
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse post(String url, RequestOptions options) throws ClientError {
        return request("POST", url, options);
    }

    /**
     * {@code PUT url}.
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL
     * @param options the body and other options
     * @return the response
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse put(String url, RequestOptions options) throws ClientError {
        return request("PUT", url, options);
    }

    /**
     * {@code PATCH url}.
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL
     * @param options the body and other options
     * @return the response
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse patch(String url, RequestOptions options) throws ClientError {
        return request("PATCH", url, options);
    }

    /**
     * {@code DELETE url}.
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL
     * @return the response
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse delete(String url) throws ClientError {
        return request("DELETE", url, RequestOptions.NONE);
    }

    /**
     * {@code HEAD url}: the response has no body.
     *
     * <p>Cancel safety: as {@link #request(String, String, RequestOptions)}: the connection in use is closed.
     *
     * @param url the URL
     * @return the response
     * @throws ClientError as {@link #request(String, String, RequestOptions)}
     */
    public ClientResponse head(String url) throws ClientError {
        return request("HEAD", url, RequestOptions.NONE);
    }

    /**
     * Sends a request and returns its response once the status line and headers are in:
     * {@code session.request(method, url, ...)}. Call from a task of the session's loop.
     *
     * <p>Cancel safety: if the task is cancelled (or a timeout expires) midway, the connection in use is closed
     * and its pool slot freed; the session and its other requests are unaffected. Nothing was returned, so
     * there is no response to close.
     *
     * @param method the method, e.g. {@code "GET"}
     * @param url the URL, absolute or relative to the session's base URL
     * @param options query parameters, headers, body, timeouts, redirects
     * @return the response; close it
     * @throws ClientError.InvalidUrl if the URL cannot be requested
     * @throws ClientError.Connector if no connection can be made ({@link ClientError.Tls} for TLS)
     * @throws ClientError.ServerDisconnected if the server closed the connection without a response
     * @throws ClientError.BadResponse if the response is not HTTP/1.x
     * @throws ClientError.TooManyRedirects past the redirect limit
     * @throws ClientError.SessionClosed if the session is closed
     * @throws ClientError.ResponseStatus for a status of 400 or more when the session raises for status
     * @throws ClientTimeoutError if the total, connect or socket read limit passes
     * @throws io.jasyncio.CancelledError if the task is cancelled
     * @throws IllegalStateException if called outside a task, or from another loop than the session's
     */
    public ClientResponse request(String method, String url, RequestOptions options) throws ClientError {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        EventLoop l = bindLoop();
        if (closed) {
            throw new ClientError.SessionClosed(url);
        }
        Target target = target(url, options);
        ClientTimeout t = options.timeout() == null ? timeout : options.timeout();
        double deadline = t.total() == Timeout.NEVER ? Timeout.NEVER : l.time() + t.total();
        if (deadline == Timeout.NEVER) {
            return follow(method, target, options, t, deadline);
        }
        try {
            return Asyncio.timeoutAt(deadline, () -> follow(method, target, options, t, deadline));
        } catch (ClientTimeoutError e) {
            throw e;
        } catch (TimeoutError e) {
            throw new ClientTimeoutError(target.toString(), "total", t.total(), e);
        }
    }

    /** A URL as parsed, and the encoded head of a plain GET of it (no body, headers or cookies), once sent. */
    private static final class Parsed {
        final Target target;
        byte[] getHead;

        Parsed(Target target) {
            this.target = target;
        }
    }

    private Parsed parsed(String url) throws ClientError.InvalidUrl {
        Parsed p = targets.get(url);
        if (p == null) {
            p = new Parsed(Target.parse(baseUrl, url, null));
            if (targets.size() >= TARGET_CACHE) {
                targets.clear();
            }
            targets.put(url, p);
        }
        return p;
    }

    private Target target(String url, RequestOptions options) throws ClientError.InvalidUrl {
        if (!options.params().isEmpty()) {
            return Target.parse(baseUrl, url, options.params());
        }
        return parsed(url).target;
    }

    /** Sends, then follows redirects. */
    private ClientResponse follow(String method, Target target, RequestOptions o, ClientTimeout t, double deadline)
            throws ClientError {
        boolean allow = o.allowRedirects() != null ? o.allowRedirects() : method.equals("GET") || method.equals("HEAD");
        Headers extra = o.headers();
        Body body = o.body();
        String m = method;
        Target cur = target;
        List<ClientResponse> history = null;
        for (int hops = 0; ; hops++) {
            ClientResponse r = send(m, cur, extra, body, t, deadline);
            int s = r.status();
            boolean redirect = allow && (s == 301 || s == 302 || s == 303 || s == 307 || s == 308);
            String location = redirect ? r.field("Location") : null;
            if (location == null) {
                if (history != null) {
                    r.setHistory(history);
                }
                if (raiseForStatus && s >= 400) {
                    r.close();
                    r.raiseForStatus();
                }
                return r;
            }
            r.close(); // the pool has the connection back if the (usually empty) body was all there
            if (hops == o.maxRedirects()) {
                throw new ClientError.TooManyRedirects(target.toString(), o.maxRedirects());
            }
            if (history == null) {
                history = new ArrayList<>(2);
            }
            history.add(r);
            Target next = cur.redirect(location);
            if (s == 303 && !m.equals("HEAD") || (s == 301 || s == 302) && m.equals("POST")) {
                m = "GET"; // as browsers and aiohttp do
                body = null;
            }
            if (!next.origin().equals(cur.origin()) && extra.contains("Authorization")) {
                extra = extra.copy(); // never send credentials to another host
                extra.remove("Authorization");
            }
            if (body instanceof Body.Stream) {
                throw new ClientError.Payload(next.toString(), "cannot follow a " + s + " redirect with a streamed body: it was sent already", null);
            }
            cur = next;
        }
    }

    /** One exchange, retried once on a new connection if a reused one turns out stale. */
    private ClientResponse send(String method, Target target, Headers extra, Body body, ClientTimeout t, double deadline)
            throws ClientError {
        String url = target.toString();
        ByteBuffer content = null;
        Iterable<byte[]> stream = null;
        String contentType = null;
        long length = -1;
        switch (body) {
            case null -> {
                if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                    length = 0;
                }
            }
            case Body.Bytes b -> {
                content = ByteBuffer.wrap(b.data());
                contentType = b.contentType();
            }
            case Body.Json j -> {
                content = ByteBuffer.wrap(json.encode(j.value()));
                contentType = "application/json";
            }
            case Body.Form f -> {
                content = ByteBuffer.wrap(Target.encodeForm(f.fields()).getBytes(StandardCharsets.US_ASCII));
                contentType = "application/x-www-form-urlencoded";
            }
            case Body.Stream s -> {
                stream = s.chunks();
                contentType = s.contentType();
            }
        }
        if (content != null) {
            length = content.remaining();
        }
        MetaData.Request info = null;
        byte[] head = null;
        if (method.equals("GET") && body == null && extra.size() == 0
                && (cookieJar == null || cookieJar.header(target.uri()) == null)) {
            // A plain GET encodes the same every time: once per URL.
            Parsed p = parsed(target.toString());
            head = p.getHead;
            if (head == null) {
                head = HttpConnection.encodeHead(requestInfo(method, target, extra, null, length));
                p.getHead = head;
            }
        } else {
            info = requestInfo(method, target, extra, contentType, length);
        }
        for (int attempt = 0; ; attempt++) {
            HttpConnection c = acquire(target.origin(), url, t);
            boolean reused = c.reused;
            ClientResponse r = new ClientResponse(this, method, target, c, deadline, t);
            try {
                c.exchange(r, head, info, content == null ? null : content.duplicate(), stream, t.sockRead());
            } catch (ClientError.ServerDisconnected e) {
                if (e.nothingReceived && reused && attempt == 0 && stream == null && idempotent(method)) {
                    continue; // the server closed this idle connection as we sent: once more on a new one
                }
                throw e;
            }
            if (cookieJar != null && r.hasSetCookie()) {
                List<String> setCookies = r.fieldValues("Set-Cookie");
                if (!setCookies.isEmpty()) {
                    cookieJar.update(target.uri(), setCookies);
                }
            }
            return r;
        }
    }

    private HttpConnection acquire(Origin origin, String url, ClientTimeout t) throws ClientError {
        if (t.connect() == Timeout.NEVER) {
            return pool.acquire(loop, origin, url);
        }
        try {
            return Asyncio.timeout(t.connect(), () -> pool.acquire(loop, origin, url));
        } catch (ClientTimeoutError e) {
            throw e;
        } catch (TimeoutError e) {
            throw new ClientTimeoutError(url, "connect", t.connect(), e);
        }
    }

    private static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE" -> true;
            default -> false;
        };
    }

    private MetaData.Request requestInfo(String method, Target target, Headers extra, String contentType, long length) {
        HttpFields.Mutable f = HttpFields.build(headers.size() + extra.size() + 6);
        f.add("Host", target.origin().hostHeader());
        for (int i = 0; i < headers.size(); i++) {
            if (extra.size() == 0 || !extra.contains(headers.name(i))) {
                f.add(headers.name(i), headers.value(i));
            }
        }
        for (int i = 0; i < extra.size(); i++) {
            f.add(extra.name(i), extra.value(i));
        }
        if (!f.contains("Accept")) {
            f.add("Accept", "*/*");
        }
        if (autoDecompress && !f.contains("Accept-Encoding")) {
            f.add("Accept-Encoding", "gzip, deflate");
        }
        if (!f.contains("User-Agent")) {
            f.add("User-Agent", "jasyncio-http");
        }
        if (contentType != null && !f.contains("Content-Type")) {
            f.add("Content-Type", contentType);
        }
        if (length >= 0) {
            f.put("Content-Length", Long.toString(length));
        }
        if (cookieJar != null && !f.contains("Cookie")) {
            String cookie = cookieJar.header(target.uri());
            if (cookie != null) {
                f.add("Cookie", cookie);
            }
        }
        return new MetaData.Request(method, HttpURI.build().pathQuery(target.pathQuery()), HttpVersion.HTTP_1_1, f, length);
    }

    /** The pool's connector: a plain or TLS connection to the origin, errors naming the URL. */
    private HttpConnection open(Origin origin, String url) throws ClientError {
        HttpConnection c = new HttpConnection(origin, pool, loop, maxHeaderBytes);
        try {
            if (origin.secure()) {
                Tls.createConnection(() -> c, origin.host(), origin.port(), tls);
            } else {
                Net.createConnection(() -> c, origin.host(), origin.port());
            }
            return c;
        } catch (CancelledError | TimeoutError e) {
            throw e;
        } catch (Exception e) {
            String where = origin.host() + ":" + origin.port();
            if (e instanceof UnknownHostException) {
                throw new ClientError.Connector(url, "cannot resolve host " + origin.host(), e);
            }
            if (e instanceof SSLException) {
                throw new ClientError.Tls(url, "TLS with " + where + " failed: " + e.getMessage(), e);
            }
            throw new ClientError.Connector(url, "cannot connect to " + where + ": " + e, e);
        }
    }

    private EventLoop bindLoop() {
        EventLoop running = Asyncio.getRunningLoop();
        if (loop == null) {
            loop = running;
        } else if (loop != running) {
            throw new IllegalStateException("this ClientSession belongs to another event loop");
        }
        return running;
    }

    // ------------------------------------------------------------------------------------------
    // WebSockets

    /**
     * Opens a WebSocket: aiohttp's {@code session.ws_connect(url)}. The connection is its own (a WebSocket is
     * not pooled); see {@link WebSocketClient#connect(String, WebSocketOptions)}.
     *
     * <p>Cancel safety: a connection cancelled midway is closed.
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @return the open connection; close it with try-with-resources
     * @throws io.jasyncio.http.websocket.InvalidHandshake if the server refused the upgrade
     * @throws IOException if the connection fails
     * @throws io.jasyncio.CancelledError if the task is cancelled meanwhile
     */
    public WebSocket wsConnect(String url) throws IOException {
        return WebSocketClient.connect(url);
    }

    /**
     * Opens a WebSocket with options (subprotocols, compression, headers such as {@code Origin}, limits); see
     * {@link #wsConnect(String)}.
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @param options the connection's options
     * @return the open connection
     * @throws IOException if the connection fails
     * @throws io.jasyncio.CancelledError if the task is cancelled meanwhile
     */
    public WebSocket wsConnect(String url, WebSocketOptions options) throws IOException {
        return WebSocketClient.connect(url, options);
    }

    // ------------------------------------------------------------------------------------------
    // State

    /** @return the cookie jar, or null if the session keeps no cookies */
    public CookieJar cookieJar() {
        return cookieJar;
    }

    /** @return the default timeouts */
    public ClientTimeout timeout() {
        return timeout;
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return closed;
    }

    /**
     * Closes the session: idle connections close now, connections in use when their response is done or
     * closed; requests waiting for a connection fail with {@link ClientError.SessionClosed}. Idempotent; never
     * suspends.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }

    JsonCodec jsonCodec() {
        return json;
    }

    int readLimit() {
        return readLimit;
    }

    boolean autoDecompress() {
        return autoDecompress;
    }

    ConnectionPool pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "<ClientSession " + (closed ? "closed" : "open") + ", " + pool.acquiredCount() + " connections in use, "
                + pool.idleCount() + " idle>";
    }
}
