package io.jasyncio.http.client;

import io.jasyncio.Timeout;

/**
 * How long a request may take: aiohttp's {@code ClientTimeout(total=, connect=, sock_read=)}, in seconds of
 * loop time. {@link Timeout#NEVER} (positive infinity) means no limit.
 *
 * <ul>
 * <li>{@code total}: the whole request, from acquiring a connection to the last byte of the body
 *     (redirects included);</li>
 * <li>{@code connect}: acquiring a connection from the pool, which includes waiting for a free slot,
 *     connecting and the TLS handshake;</li>
 * <li>{@code sockRead}: the longest wait for the next bytes of the response.</li>
 * </ul>
 *
 * <p>Each limit is a timeout scope of the core ({@link io.jasyncio.Asyncio#timeoutAt}) around the waits it
 * bounds; when one expires, the connection in use is closed and {@link ClientTimeoutError} (a
 * {@link io.jasyncio.TimeoutError}) names the URL and the limit.
 *
 * @param total seconds for the whole request
 * @param connect seconds to get a connection
 * @param sockRead seconds between two reads of the response
 */
public record ClientTimeout(double total, double connect, double sockRead) {

    /** aiohttp's default: 5 minutes in total, no other limit. */
    public static final ClientTimeout DEFAULT = new ClientTimeout(300, Timeout.NEVER, Timeout.NEVER);

    /** No limit at all. */
    public static final ClientTimeout NONE = new ClientTimeout(Timeout.NEVER, Timeout.NEVER, Timeout.NEVER);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a limit is NaN, zero or negative
     */
    public ClientTimeout {
        check(total, "total");
        check(connect, "connect");
        check(sockRead, "sockRead");
    }

    private static void check(double v, String what) {
        if (Double.isNaN(v) || v <= 0) {
            throw new IllegalArgumentException("ClientTimeout." + what + " must be positive (or Timeout.NEVER), got " + v);
        }
    }

    /**
     * A total limit only: {@code ClientTimeout(total=seconds)}.
     *
     * @param seconds the total limit
     * @return the timeout
     */
    public static ClientTimeout ofTotal(double seconds) {
        return new ClientTimeout(seconds, Timeout.NEVER, Timeout.NEVER);
    }

    /**
     * @param seconds the new total limit
     * @return a copy with that limit
     */
    public ClientTimeout withTotal(double seconds) {
        return new ClientTimeout(seconds, connect, sockRead);
    }

    /**
     * @param seconds the new connect limit
     * @return a copy with that limit
     */
    public ClientTimeout withConnect(double seconds) {
        return new ClientTimeout(total, seconds, sockRead);
    }

    /**
     * @param seconds the new socket read limit
     * @return a copy with that limit
     */
    public ClientTimeout withSockRead(double seconds) {
        return new ClientTimeout(total, connect, seconds);
    }
}
