package io.jasyncio.http.server;

import io.jasyncio.http.Headers;
import io.jasyncio.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An HTTP response: a status, headers and a body that is fixed bytes, a JSON value, a stream written by a
 * producer coroutine (chunked, with backpressure), Server-Sent Events, or a file. Built with the static
 * factories ({@code Response.json(user)}, Starlette's {@code JSONResponse}; {@code Response.text("hi")},
 * {@code PlainTextResponse}); {@link #header} adds fields. The server adds {@code Date},
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}, and {@code Connection} as needed.
 *
 * <p>Not thread-safe: build it in the task that returns it.
 */
public final class Response {

    /** Writes a streamed body; see {@link #stream}. */
    @FunctionalInterface
    public interface Producer {
        /**
         * Writes the body through {@code out}; the response ends when this returns.
         *
         * <p>Cancel safety: cancelled (with the handler's task) when the client disconnects.
         *
         * @throws Exception a failure after the head was sent ends the connection abruptly (the client sees
         *         an incomplete chunked body, never a truncated body that looks complete)
         */
        void produce(ResponseStream out) throws Exception;
    }

    /** Sends Server-Sent Events; see {@link #sse}. */
    @FunctionalInterface
    public interface EventProducer {
        /**
         * Sends events through {@code events}; the stream ends when this returns.
         *
         * <p>Cancel safety: as {@link Producer#produce}.
         *
         * @throws Exception as {@link Producer#produce}
         */
        void produce(EventStream events) throws Exception;
    }

    /** What the body is. */
    sealed interface Body permits Fixed, Json, Streamed, FromFile {
    }

    record Fixed(byte[] bytes) implements Body {
    }

    record Json(Object value) implements Body {
    }

    record Streamed(Producer producer) implements Body {
    }

    record FromFile(Path path) implements Body {
    }

    private static final byte[] EMPTY = new byte[0];
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    private int status;
    private String contentType;  // kept apart from the headers until someone asks for them (the common case)
    private Headers headers;
    private final Body body;

    private Response(int status, String contentType, Body body) {
        if (status < 100 || status > 599) throw new IllegalArgumentException("status must be in 100..599, got " + status);
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    private Response(int status, Headers headers, Body body) {
        this(status, (String) null, body);
        this.headers = headers;
    }

    /** 200 with a UTF-8 {@code text/plain} body. */
    public static Response text(String body) {
        return text(HttpStatus.OK, body);
    }

    /** A UTF-8 {@code text/plain} body with a status. */
    public static Response text(int status, String body) {
        return new Response(status, TEXT, new Fixed(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** 200 with {@code text/html}. */
    public static Response html(String body) {
        return new Response(HttpStatus.OK, Headers.of("Content-Type", "text/html; charset=utf-8"),
                new Fixed(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** 200 with {@code value} as JSON, encoded by the app's codec when the response is written. */
    public static Response json(Object value) {
        return json(HttpStatus.OK, value);
    }

    /** {@code value} as JSON with a status. */
    public static Response json(int status, Object value) {
        return new Response(status, JSON, new Json(value));
    }

    /** Raw bytes with a content type. */
    public static Response bytes(byte[] body, String contentType) {
        return new Response(HttpStatus.OK, Headers.of("Content-Type", contentType), new Fixed(body));
    }

    /** A status with an empty body (for example 204, 202, 404). */
    public static Response empty(int status) {
        return new Response(status, new Headers(), new Fixed(EMPTY));
    }

    /** A redirect: 307 (the method is kept) to {@code location}. */
    public static Response redirect(String location) {
        return new Response(307, Headers.of("Location", location), new Fixed(EMPTY));
    }

    /**
     * A body written by {@code producer} while it runs, sent chunked (Starlette's {@code StreamingResponse}).
     * Each {@link ResponseStream#write} waits while the client is slow to read (the transport's buffer is
     * over its high water mark), so a producer never outruns its client.
     */
    public static Response stream(String contentType, Producer producer) {
        return new Response(HttpStatus.OK, Headers.of("Content-Type", contentType),
                new Streamed(Objects.requireNonNull(producer, "producer")));
    }

    /** Server-Sent Events ({@code text/event-stream}, sse-starlette's {@code EventSourceResponse}). */
    public static Response sse(EventProducer producer) {
        Objects.requireNonNull(producer, "producer");
        Response r = new Response(HttpStatus.OK, Headers.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache"),
                new Streamed(out -> producer.produce(new EventStream(out))));
        return r;
    }

    /**
     * A file's bytes, read off the loop (on the default executor), with a content type guessed from its name
     * (Starlette's {@code FileResponse}). A missing file gives 404 when written.
     */
    public static Response file(Path path) {
        return new Response(HttpStatus.OK, Headers.of("Content-Type", StaticFiles.contentType(path)),
                new FromFile(Objects.requireNonNull(path, "path")));
    }

    /**
     * What the server makes of a handler's return value: a {@code Response} as is; a {@code String} as text;
     * a {@code byte[]} as {@code application/octet-stream}; {@code null} as 204; anything else as JSON.
     */
    public static Response of(Object result) {
        if (result instanceof Response r) return r;
        if (result == null) return empty(HttpStatus.NO_CONTENT);
        if (result instanceof String s) return text(s);
        if (result instanceof byte[] b) return bytes(b, "application/octet-stream");
        return json(result);
    }

    /** Adds a header field (keeping others of the same name); returns this response. */
    public Response header(String name, String value) {
        headers().add(name, value);
        return this;
    }

    /** Replaces the status; returns this response. */
    public Response withStatus(int status) {
        if (status < 100 || status > 599) throw new IllegalArgumentException("status must be in 100..599, got " + status);
        this.status = status;
        return this;
    }

    /** The status. */
    public int status() {
        return status;
    }

    /** The header fields (mutable). */
    public Headers headers() {
        if (headers == null) {
            headers = contentType == null ? new Headers() : Headers.of("Content-Type", contentType);
            contentType = null;
        }
        return headers;
    }

    /** The content type while no other header was asked for, else null (the writer's fast path). */
    String plainContentType() {
        return headers == null ? contentType : null;
    }

    /** The headers if any were made, else null. */
    Headers headersOrNull() {
        return headers;
    }

    Body body() {
        return body;
    }

    @Override
    public String toString() {
        return "Response[" + status + " " + body.getClass().getSimpleName() + "]";
    }
}
