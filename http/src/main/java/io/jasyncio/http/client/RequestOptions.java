package io.jasyncio.http.client;

import io.jasyncio.http.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The optional arguments of a request, aiohttp's keyword arguments ({@code params=}, {@code headers=},
 * {@code json=}, {@code data=}, {@code timeout=}, {@code allow_redirects=}, {@code max_redirects=},
 * {@code auth=}). Immutable: each {@code with} method returns a copy; start from a static factory.
 *
 * <pre>{@code
 * session.get(url, RequestOptions.params("q", "jasyncio", "page", "2"));
 * session.post(url, RequestOptions.json(new User("ada")).withHeader("X-Trace", "1"));
 * session.put(url, RequestOptions.stream(chunks, "text/plain"));   // chunked upload
 * }</pre>
 *
 * @param params query parameters appended to the URL, in order
 * @param headers request headers; they override the session's of the same name
 * @param body the body, or null
 * @param timeout the timeouts of this request, or null for the session's
 * @param allowRedirects follow redirects; null means yes for GET and HEAD, no for the other methods
 * @param maxRedirects the most redirects followed before {@link ClientError.TooManyRedirects}
 */
public record RequestOptions(List<Map.Entry<String, String>> params, Headers headers, Body body,
        ClientTimeout timeout, Boolean allowRedirects, int maxRedirects) {

    /** No options: the defaults (aiohttp's: 10 redirects). */
    public static final RequestOptions NONE = new RequestOptions(List.of(), new Headers().freeze(), null, null, null, 10);

    /**
     * Validates and freezes.
     *
     * @throws IllegalArgumentException if {@code maxRedirects} is negative
     */
    public RequestOptions {
        params = List.copyOf(params);
        headers = headers.freeze();
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
        }
    }

    /**
     * A request body. {@link Bytes}, {@link Json} and {@link Form} are sent with a {@code Content-Length} and
     * may be sent again (on a retry or a 307/308 redirect); {@link Stream} is sent chunked, once.
     */
    public sealed interface Body {
        /** Raw bytes ({@code data=b"..."}). @param data the bytes @param contentType the media type */
        record Bytes(byte[] data, String contentType) implements Body {
        }

        /** A value the session's JSON codec encodes ({@code json=}). @param value the value */
        record Json(Object value) implements Body {
        }

        /** An HTML form, URL-encoded ({@code data={...}}). @param fields the fields in order */
        record Form(List<Map.Entry<String, String>> fields) implements Body {
        }

        /**
         * A streaming upload ({@code data=async_generator}): each chunk is written as it comes, with
         * {@code Transfer-Encoding: chunked}; the iterator may suspend (an {@code AsyncGenerator} works).
         *
         * @param chunks the chunks
         * @param contentType the media type
         */
        record Stream(Iterable<byte[]> chunks, String contentType) implements Body {
        }
    }

    /**
     * Query parameters from name/value pairs.
     *
     * @param nameValuePairs names and values, alternating
     * @return the options
     * @throws IllegalArgumentException on an odd count
     */
    public static RequestOptions params(String... nameValuePairs) {
        return NONE.withParams(nameValuePairs);
    }

    /**
     * Request headers.
     *
     * @param headers the headers
     * @return the options
     */
    public static RequestOptions headers(Headers headers) {
        return NONE.withHeaders(headers);
    }

    /**
     * A JSON body, encoded by the session's {@link io.jasyncio.http.JsonCodec}, {@code Content-Type:
     * application/json}.
     *
     * @param value a record, list, map, string or number
     * @return the options
     */
    public static RequestOptions json(Object value) {
        return NONE.withBody(new Body.Json(value));
    }

    /**
     * A byte body.
     *
     * @param data the bytes (not copied: do not change them until the request is sent)
     * @param contentType its media type, e.g. {@code application/octet-stream}
     * @return the options
     */
    public static RequestOptions data(byte[] data, String contentType) {
        return NONE.withBody(new Body.Bytes(Objects.requireNonNull(data, "data"), contentType));
    }

    /**
     * A URL-encoded form body ({@code application/x-www-form-urlencoded}).
     *
     * @param fields the fields, in iteration order
     * @return the options
     */
    public static RequestOptions form(Map<String, String> fields) {
        return NONE.withBody(new Body.Form(List.copyOf(fields.entrySet())));
    }

    /**
     * A streaming (chunked) body.
     *
     * @param chunks the chunks, produced as they are written (an {@code AsyncGenerator<byte[]>} works)
     * @param contentType their media type
     * @return the options
     */
    public static RequestOptions stream(Iterable<byte[]> chunks, String contentType) {
        return NONE.withBody(new Body.Stream(Objects.requireNonNull(chunks, "chunks"), contentType));
    }

    /**
     * @param nameValuePairs more query parameters
     * @return a copy with them appended
     * @throws IllegalArgumentException on an odd count
     */
    public RequestOptions withParams(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("params take name/value pairs, got an odd count: " + nameValuePairs.length);
        }
        List<Map.Entry<String, String>> p = new ArrayList<>(params);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            p.add(Map.entry(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return new RequestOptions(p, headers, body, timeout, allowRedirects, maxRedirects);
    }

    /**
     * @param more headers to add
     * @return a copy with them added (each replaces earlier ones of its name)
     */
    public RequestOptions withHeaders(Headers more) {
        Headers h = headers.copy();
        for (int i = 0; i < more.size(); i++) {
            h.remove(more.name(i));
        }
        for (int i = 0; i < more.size(); i++) {
            h.add(more.name(i), more.value(i));
        }
        return new RequestOptions(params, h, body, timeout, allowRedirects, maxRedirects);
    }

    /**
     * @param name a header name
     * @param value its value
     * @return a copy with that header set
     */
    public RequestOptions withHeader(String name, String value) {
        return new RequestOptions(params, headers.copy().set(name, value), body, timeout, allowRedirects, maxRedirects);
    }

    /**
     * HTTP basic authentication ({@code auth=aiohttp.BasicAuth(user, password)}); the header is dropped on a
     * redirect to another host.
     *
     * @param user the user name
     * @param password the password
     * @return a copy with the {@code Authorization} header
     */
    public RequestOptions withBasicAuth(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withHeader("Authorization", "Basic " + token);
    }

    /**
     * @param b the body
     * @return a copy with that body
     */
    public RequestOptions withBody(Body b) {
        return new RequestOptions(params, headers, b, timeout, allowRedirects, maxRedirects);
    }

    /**
     * @param t the timeouts of this request
     * @return a copy with them
     */
    public RequestOptions withTimeout(ClientTimeout t) {
        return new RequestOptions(params, headers, body, t, allowRedirects, maxRedirects);
    }

    /**
     * @param allow whether to follow redirects
     * @return a copy with that choice
     */
    public RequestOptions withAllowRedirects(boolean allow) {
        return new RequestOptions(params, headers, body, timeout, allow, maxRedirects);
    }

    /**
     * @param max the most redirects to follow
     * @return a copy with that limit
     */
    public RequestOptions withMaxRedirects(int max) {
        return new RequestOptions(params, headers, body, timeout, allowRedirects, max);
    }
}
