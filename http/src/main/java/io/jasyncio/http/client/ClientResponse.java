package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.Future;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutError;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.ParsedFields;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.DataFormatException;

/**
 * A response: aiohttp's {@code ClientResponse}, httpx's {@code Response}. {@link ClientSession#get} returns it
 * once the status line and headers are in; the body comes as it arrives, through {@link #read()},
 * {@link #text()}, {@link #json(Type)}, {@link #content()} (a {@link StreamReader}) or {@link #lines()}.
 * Close it ({@code try}-with-resources is {@code async with session.get(url) as resp}):
 *
 * <pre>{@code
 * try (ClientResponse resp = session.get(url)) {
 *     resp.raiseForStatus();
 *     User user = resp.json(User.class);
 * }
 * }</pre>
 *
 * <h2>The connection</h2>
 * The connection goes back to the session's pool as soon as the whole body has arrived (it then waits in this
 * response's buffer); closing a response whose body has not all arrived closes the connection instead, so
 * the next request never reads this one's leftovers. The body is buffered up to twice the session's read
 * limit (64 KiB by default); beyond that the connection stops reading until the body is consumed.
 *
 * <h2>Timeouts</h2>
 * {@link #read()}, {@link #text()}, {@link #json(Type)} and {@link #lines()} apply the request's
 * {@link ClientTimeout}: the total deadline and the socket read limit. Reads on {@link #content()} directly
 * are bounded by the total deadline (the body fails with {@link ClientTimeoutError} when it passes); wrap them
 * in {@code timeout()} for more.
 *
 * <p>Loop-confined: use a response in the tasks of the loop that made it. Only one task may read the body
 * at a time.
 */
public final class ClientResponse implements AutoCloseable {

    private final ClientSession session;
    private final String method;
    private final Target target;
    private final HttpConnection conn;
    private final double deadline;
    private final ClientTimeout timeout;
    /** Completes when the headers are in (with null) or the exchange failed (with the error). */
    final Future<Throwable> headersDone;

    private String version = "";
    private int status;
    private String reason = "";
    /** The fields as parsed; {@link #headers()} copies them once. */
    private final ParsedFields fields = new ParsedFields();
    private boolean setCookie;
    private StreamReader content;
    private ContentDecoder decoder;
    private boolean complete;
    private boolean closed;
    private byte[] body;
    private List<ClientResponse> history = List.of();
    private TimerHandle watchdog;

    ClientResponse(ClientSession session, String method, Target target, HttpConnection conn, double deadline,
            ClientTimeout timeout) {
        this.session = session;
        this.method = method;
        this.target = target;
        this.conn = conn;
        this.deadline = deadline;
        this.timeout = timeout;
        this.headersDone = conn.loop().createFuture();
    }

    // ------------------------------------------------------------------------------------------
    // What the response says

    /** @return the status code, e.g. 200 */
    public int status() {
        return status;
    }

    /** @return the reason phrase, e.g. {@code "OK"} (may be empty) */
    public String reason() {
        return reason;
    }

    /** @return whether the status is below 400 (aiohttp's {@code ok}) */
    public boolean ok() {
        return status < 400;
    }

    /** @return the protocol version, {@code "HTTP/1.1"} or {@code "HTTP/1.0"} */
    public String version() {
        return version;
    }

    /** @return the response headers, read-only */
    public Headers headers() {
        return fields.headers();
    }

    /** @return the URL this response came from (after redirects) */
    public String url() {
        return target.toString();
    }

    /** @return the request method, e.g. {@code "GET"} */
    public String method() {
        return method;
    }

    /** @return the redirect responses that led here, oldest first (empty without redirects) */
    public List<ClientResponse> history() {
        return history;
    }

    /** @return the media type of {@code Content-Type} without parameters, lower case, or null */
    public String contentType() {
        String ct = field("Content-Type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** @return the {@code charset} parameter of {@code Content-Type}, or null */
    public String charset() {
        String ct = field("Content-Type");
        if (ct == null) {
            return null;
        }
        for (String part : ct.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return null;
    }

    /**
     * Raises if the status is 400 or more: aiohttp's {@code raise_for_status()}. The body is left unread (close
     * the response).
     *
     * @throws ClientError.ResponseStatus with the status, the reason and the URL
     */
    public void raiseForStatus() throws ClientError.ResponseStatus {
        if (status >= 400) {
            throw new ClientError.ResponseStatus(url(), status, reason);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The body

    /**
     * The whole body, decompressed: {@code await resp.read()}. Waits until it has all arrived; kept, so
     * {@link #text()} and {@link #json(Type)} may follow.
     *
     * <p>Cancel safety: a cancelled read takes nothing from the body; read again, or close the response.
     *
     * @return the bytes
     * @throws ClientError.Payload if the body is truncated or its encoding is broken;
     *     {@link ClientError.ServerDisconnected} if the connection dropped
     * @throws ClientTimeoutError if the total or socket read limit passed
     * @throws IllegalStateException if the response is closed before the body was read
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting
     */
    public byte[] read() throws IOException {
        if (body == null) {
            if (closed) {
                throw new IllegalStateException("the response is closed; its body was not read (" + url() + ")");
            }
            StreamReader c = content;
            body = c.atEof() && c.exception() == null ? new byte[0] : bounded(() -> c.read(-1));
        }
        return body;
    }

    /**
     * The body as text: {@code await resp.text()}. The charset is the {@code Content-Type}'s, or UTF-8.
     * Cancel safety: as {@link #read()}.
     *
     * @return the text
     * @throws IOException as {@link #read()}
     */
    public String text() throws IOException {
        String cs = charset();
        Charset charset = StandardCharsets.UTF_8;
        if (cs != null) {
            try {
                charset = Charset.forName(cs);
            } catch (IllegalArgumentException e) {
                // an unknown charset: UTF-8, as aiohttp falls back to a guess
            }
        }
        return new String(read(), charset);
    }

    /**
     * The body as JSON, decoded by the session's {@link io.jasyncio.http.JsonCodec} into {@code type} (a class,
     * or a generic type such as {@code new TypeReference<List<User>>(){}.getType()}): {@code await resp.json()}.
     * Cancel safety: as {@link #read()}.
     *
     * @param <T> the result type
     * @param type what to decode into
     * @return the value
     * @throws ClientError.Payload if the body is not JSON of that type (the message says where)
     * @throws IOException as {@link #read()}
     */
    public <T> T json(Type type) throws IOException {
        byte[] bytes = read();
        try {
            return session.jsonCodec().decode(bytes, type);
        } catch (IllegalArgumentException e) {
            throw new ClientError.Payload(url(), e.getMessage(), e);
        }
    }

    /**
     * The body as JSON into a class: {@code resp.json(User.class)}. See {@link #json(Type)}.
     *
     * @param <T> the result type
     * @param type the class
     * @return the value
     * @throws IOException as {@link #json(Type)}
     */
    public <T> T json(Class<T> type) throws IOException {
        return json((Type) type);
    }

    /**
     * The body as JSON, untyped (maps, lists, strings, numbers): {@code await resp.json()}.
     *
     * @return the value
     * @throws IOException as {@link #json(Type)}
     */
    public Object json() throws IOException {
        return json((Type) Object.class);
    }

    /**
     * The body as a stream, decompressed: aiohttp's {@code resp.content}. {@code for (byte[] line :
     * resp.content())} is {@code async for line in resp.content}; {@code read(n)}, {@code readline()},
     * {@code readexactly(n)} as in asyncio. Reads are bounded by the total deadline (see the class comment).
     *
     * @return the body's reader
     */
    public StreamReader content() {
        if (!complete && watchdog == null && deadline != Timeout.NEVER && content != null) {
            watchdog = conn.loop().callAt(deadline, () -> conn.abandon(this,
                    new ClientTimeoutError(url(), "total", timeout.total(), null)));
        }
        return content;
    }

    /**
     * The body's lines as text (UTF-8, without the line ending), read as they arrive: {@code async for line in
     * resp.content: line.decode().rstrip('\r\n')}. Applies the request's timeouts.
     *
     * <p>Cancel safety: cancelled in {@code hasNext()}, nothing is lost (the line stays buffered).
     *
     * @return a one-pass iterable; {@code hasNext()} suspends; errors are thrown unchecked as they are
     *     ({@link ClientError} or {@link ClientTimeoutError})
     */
    public Iterable<String> lines() {
        StreamReader c = content;
        return () -> new Iterator<>() {
            private byte[] next;
            private boolean end;

            @Override
            public boolean hasNext() {
                if (next == null && !end) {
                    try {
                        byte[] line = bounded(c::readline);
                        if (line.length == 0) {
                            end = true;
                        } else {
                            next = line;
                        }
                    } catch (Exception e) {
                        throw sneaky(e);
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("end of the body of " + url());
                }
                byte[] line = next;
                next = null;
                int n = line.length;
                if (n > 0 && line[n - 1] == '\n') {
                    n--;
                    if (n > 0 && line[n - 1] == '\r') {
                        n--;
                    }
                }
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * Whether the whole body has arrived (the connection went back to the pool).
     *
     * @return true once the response was received to its end
     */
    public boolean isComplete() {
        return complete;
    }

    /**
     * Closes the response: aiohttp's {@code release()}/{@code close()}. If the body has not all arrived, the
     * connection is closed (not reused); the bytes already buffered stay readable through {@link #content()}.
     * Idempotent; never suspends.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!complete) {
            conn.abandon(this);
        }
        if (watchdog != null) {
            watchdog.cancel();
        }
    }

    /** Runs a body read with the request's timeouts (total deadline and socket read limit). */
    private <T> T bounded(Coroutine<T> read) throws IOException {
        try {
            if (complete) {
                return read.call(); // all there: never waits
            }
            double sr = timeout.sockRead();
            Coroutine<T> inner = sr == Timeout.NEVER ? read : () -> conn.withReadTimeout(this, sr, read);
            if (deadline == Timeout.NEVER) {
                return inner.call();
            }
            try {
                return Asyncio.timeoutAt(deadline, inner);
            } catch (ClientTimeoutError e) {
                throw e;
            } catch (TimeoutError e) {
                ClientTimeoutError t = new ClientTimeoutError(url(), "total", timeout.total(), e);
                conn.abandon(this, t);
                throw t;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Fed by the connection (on the loop, inside dataReceived)

    void setHistory(List<ClientResponse> h) {
        history = List.copyOf(h);
    }

    /** The first value of a header as parsed, or null (no copy into {@link Headers}). */
    String field(String name) {
        return fields.first(name);
    }

    /** Every value of a header as parsed. */
    List<String> fieldValues(String name) {
        return fields.all(name);
    }

    boolean headersReceived() {
        return content != null;
    }

    void onStatus(String v, int code, String why) {
        version = v;
        status = code;
        reason = why == null ? "" : why;
    }

    void onHeader(String name, String value) {
        fields.add(name, value);
        if (name.equalsIgnoreCase("Set-Cookie")) {
            setCookie = true;
        }
    }

    /** Whether a {@code Set-Cookie} field came (so the session's jar is only asked when one did). */
    boolean hasSetCookie() {
        return setCookie;
    }

    void resetInterim() {
        fields.clear();
        status = 0;
        reason = "";
    }

    void onHeadersComplete() {
        content = new StreamReader(session.readLimit());
        content.setTransport(conn.readControl);
        if (session.autoDecompress()) {
            String enc = field("Content-Encoding");
            if (enc != null) {
                decoder = ContentDecoder.forEncoding(enc, content::feedData);
            }
        }
        headersDone.setResult(null);
    }

    /** Feeds body bytes; returns the error that ends the body, or null. */
    ClientError onContent(ByteBuffer item) {
        if (decoder == null) {
            content.feedData(item);
            return null;
        }
        try {
            decoder.decode(item);
            return null;
        } catch (DataFormatException e) {
            return new ClientError.Payload(url(), "cannot decode the " + field("Content-Encoding") + " body: " + e.getMessage(), e);
        }
    }

    void onComplete() {
        complete = true;
        if (watchdog != null) {
            watchdog.cancel();
        }
        if (decoder != null) {
            try {
                decoder.finish();
            } catch (DataFormatException e) {
                content.setException(new ClientError.Payload(url(), "cannot decode the " + field("Content-Encoding")
                        + " body: " + e.getMessage(), e));
                return;
            }
        }
        content.feedEof();
    }

    void fail(Throwable e) {
        if (watchdog != null) {
            watchdog.cancel();
        }
        if (decoder != null) {
            decoder.close();
        }
        if (!headersDone.done()) {
            headersDone.setResult(e);
        } else if (content != null) {
            content.setException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    @Override
    public String toString() {
        return "<ClientResponse(" + url() + ") [" + status + " " + reason + "]>";
    }
}
