package io.jasyncio.http.client;

import java.io.IOException;

/**
 * What a request can fail with, aiohttp's {@code ClientError} family. Every message names the URL. The kinds:
 * <ul>
 * <li>{@link Connector}: no connection (DNS failure, refused, unreachable) — aiohttp's
 *     {@code ClientConnectorError}; {@link Tls} for a failed TLS handshake or certificate check
 *     ({@code ClientConnectorSSLError}/{@code ClientConnectorCertificateError});</li>
 * <li>{@link ServerDisconnected}: the server closed the connection before a complete response;</li>
 * <li>{@link Payload}: a body that cannot be read (truncated, bad chunking, bad gzip);</li>
 * <li>{@link BadResponse}: not an HTTP/1.x response (bad status line, bad headers);</li>
 * <li>{@link ResponseStatus}: {@link ClientResponse#raiseForStatus()} on a 4xx or 5xx;</li>
 * <li>{@link TooManyRedirects}, {@link InvalidUrl}, {@link SessionClosed}.</li>
 * </ul>
 * Timeouts are {@link ClientTimeoutError} instead (a {@link io.jasyncio.TimeoutError}, as in aiohttp).
 */
public sealed class ClientError extends IOException {
    private final String url;

    ClientError(String url, String message, Throwable cause) {
        super(message + " (" + url + ")", cause);
        this.url = url;
    }

    /** @return the URL of the request that failed */
    public String url() {
        return url;
    }

    /** No connection could be made: DNS failure, connection refused, network unreachable. */
    public static sealed class Connector extends ClientError {
        Connector(String url, String message, Throwable cause) {
            super(url, message, cause);
        }
    }

    /** The TLS handshake failed: an untrusted certificate, another host name, a protocol mismatch. */
    public static final class Tls extends Connector {
        Tls(String url, String message, Throwable cause) {
            super(url, message, cause);
        }
    }

    /** The server closed the connection before the response was complete (or before it began). */
    public static final class ServerDisconnected extends ClientError {
        final boolean nothingReceived;

        ServerDisconnected(String url, String message, Throwable cause, boolean nothingReceived) {
            super(url, message, cause);
            this.nothingReceived = nothingReceived;
        }
    }

    /** The body could not be read: truncated, malformed chunks, bad compressed data. */
    public static final class Payload extends ClientError {
        Payload(String url, String message, Throwable cause) {
            super(url, message, cause);
        }
    }

    /** The bytes were not an HTTP/1.x response (bad status line, bad header). */
    public static final class BadResponse extends ClientError {
        BadResponse(String url, String message, Throwable cause) {
            super(url, message, cause);
        }
    }

    /** {@link ClientResponse#raiseForStatus()} on a status of 400 or more: aiohttp's {@code ClientResponseError}. */
    public static final class ResponseStatus extends ClientError {
        private final int status;
        private final String reason;

        ResponseStatus(String url, int status, String reason) {
            super(url, status + " " + reason, null);
            this.status = status;
            this.reason = reason;
        }

        /** @return the response's status code */
        public int status() {
            return status;
        }

        /** @return the response's reason phrase */
        public String reason() {
            return reason;
        }
    }

    /** More redirects than the limit (10 by default). */
    public static final class TooManyRedirects extends ClientError {
        TooManyRedirects(String url, int limit) {
            super(url, "more than " + limit + " redirects", null);
        }
    }

    /** The URL cannot be requested: not absolute, not http or https, no host. */
    public static final class InvalidUrl extends ClientError {
        InvalidUrl(String url, String message, Throwable cause) {
            super(url, message, cause);
        }
    }

    /** The session was closed before or while the request waited for a connection. */
    public static final class SessionClosed extends ClientError {
        SessionClosed(String url) {
            super(url, "the session is closed", null);
        }
    }
}
