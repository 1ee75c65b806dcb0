package io.jasyncio.http.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's limits and options; every limit is on by default (safe for a public port). Immutable: change
 * one with a {@code with...} copy.
 *
 * @param maxHeadBytes the request line and header fields together (default 8 KiB): longer gets 431 (414 for
 *        the request line alone)
 * @param maxBodyBytes the request body (default 1 MiB; a route may raise it with
 *        {@link Route#maxBodyBytes(long)}): longer gets 413
 * @param headerTimeout from the first byte of a request head to its end (default 10 s): slower gets 408 and
 *        the connection closes (slowloris)
 * @param idleTimeout a keep-alive connection with no request, or a request body with no bytes arriving, for
 *        this long is closed (default 60 s; a stalled body gets 408)
 * @param maxConnections open connections per server (default 10 000): more get 503 and are closed
 * @param gracePeriod how long graceful shutdown lets in-flight requests finish before cancelling them
 *        (default 10 s)
 * @param accessLog one line per request to the {@code io.jasyncio.http.access} logger at INFO (default off)
 * @param loops how many loop threads share the connections (default 1; more uses SO_REUSEPORT listeners,
 *        one per loop, with no shared lock on the request path)
 */
public record ServerConfig(int maxHeadBytes, long maxBodyBytes, Duration headerTimeout, Duration idleTimeout,
                           int maxConnections, Duration gracePeriod, boolean accessLog, int loops) {

    /** Validates. */
    public ServerConfig {
        if (maxHeadBytes < 256) throw new IllegalArgumentException("maxHeadBytes must be >= 256, got " + maxHeadBytes);
        if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + maxBodyBytes);
        positive(headerTimeout, "headerTimeout");
        positive(idleTimeout, "idleTimeout");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) throw new IllegalArgumentException("gracePeriod must be >= 0, got " + gracePeriod);
        if (loops < 1) throw new IllegalArgumentException("loops must be >= 1, got " + loops);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    }

    /** The defaults: 8 KiB head, 1 MiB body, 10 s head timeout, 60 s idle, 10 000 connections, 10 s grace. */
    public static ServerConfig defaults() {
        return new ServerConfig(8 * 1024, 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000,
                Duration.ofSeconds(10), false, 1);
    }

    /** A copy with another head limit. */
    public ServerConfig withMaxHeadBytes(int n) {
        return new ServerConfig(n, maxBodyBytes, headerTimeout, idleTimeout, maxConnections, gracePeriod, accessLog, loops);
    }

    /** A copy with another default body limit. */
    public ServerConfig withMaxBodyBytes(long n) {
        return new ServerConfig(maxHeadBytes, n, headerTimeout, idleTimeout, maxConnections, gracePeriod, accessLog, loops);
    }

    /** A copy with another header timeout. */
    public ServerConfig withHeaderTimeout(Duration d) {
        return new ServerConfig(maxHeadBytes, maxBodyBytes, d, idleTimeout, maxConnections, gracePeriod, accessLog, loops);
    }

    /** A copy with another idle timeout. */
    public ServerConfig withIdleTimeout(Duration d) {
        return new ServerConfig(maxHeadBytes, maxBodyBytes, headerTimeout, d, maxConnections, gracePeriod, accessLog, loops);
    }

    /** A copy with another connection limit. */
    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(maxHeadBytes, maxBodyBytes, headerTimeout, idleTimeout, n, gracePeriod, accessLog, loops);
    }

    /** A copy with another shutdown grace period. */
    public ServerConfig withGracePeriod(Duration d) {
        return new ServerConfig(maxHeadBytes, maxBodyBytes, headerTimeout, idleTimeout, maxConnections, d, accessLog, loops);
    }

    /** A copy with the access log on or off. */
    public ServerConfig withAccessLog(boolean on) {
        return new ServerConfig(maxHeadBytes, maxBodyBytes, headerTimeout, idleTimeout, maxConnections, gracePeriod, on, loops);
    }

    /** A copy with another number of loop threads. */
    public ServerConfig withLoops(int n) {
        return new ServerConfig(maxHeadBytes, maxBodyBytes, headerTimeout, idleTimeout, maxConnections, gracePeriod, accessLog, n);
    }
}
