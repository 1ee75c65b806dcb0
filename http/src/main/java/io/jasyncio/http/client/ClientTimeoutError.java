package io.jasyncio.http.client;

import io.jasyncio.TimeoutError;

/**
 * A {@link ClientTimeout} limit passed: aiohttp raises {@code asyncio.TimeoutError} (or its subclass
 * {@code ServerTimeoutError} for {@code sock_read}); this is a {@link TimeoutError} too, so code that catches
 * the core's timeout catches it. The connection in use was closed.
 */
public final class ClientTimeoutError extends TimeoutError {
    private final String url;
    private final String limit;

    /**
     * @param url the request's URL
     * @param limit which limit: {@code "total"}, {@code "connect"} or {@code "sockRead"}
     * @param seconds its value
     * @param cause the core's timeout or cancellation that ended the wait
     */
    public ClientTimeoutError(String url, String limit, double seconds, Throwable cause) {
        super(limit + " timeout (" + seconds + " s) for " + url, cause);
        this.url = url;
        this.limit = limit;
    }

    /** @return the URL of the request that timed out */
    public String url() {
        return url;
    }

    /** @return which limit passed: {@code "total"}, {@code "connect"} or {@code "sockRead"} */
    public String limit() {
        return limit;
    }
}
