package io.jasyncio.http.server;

import io.jasyncio.http.Headers;
import io.jasyncio.http.HttpStatus;

/**
 * Thrown by a handler (or by the server while reading a request) to answer with an error status: FastAPI's
 * {@code HTTPException(status_code, detail)}, aiohttp's {@code web.HTTPNotFound} family. The response is
 * JSON {@code {"detail": "..."}} with the given headers.
 */
public class HttpException extends RuntimeException {
    private final int status;
    private final Headers headers;

    /**
     * @param status the response status (4xx or 5xx usually)
     * @param detail what went wrong, sent to the client
     */
    public HttpException(int status, String detail) {
        this(status, detail, new Headers());
    }

    /**
     * @param status the response status
     * @param detail what went wrong, sent to the client
     * @param headers extra response headers (for example {@code WWW-Authenticate} or {@code Allow})
     */
    public HttpException(int status, String detail, Headers headers) {
        super(detail == null ? HttpStatus.reason(status) : detail, null, false, false);
        if (status < 100 || status > 599) throw new IllegalArgumentException("status must be in 100..599, got " + status);
        this.status = status;
        this.headers = headers;
    }

    /** The response status. */
    public int status() {
        return status;
    }

    /** The detail sent to the client. */
    public String detail() {
        return getMessage();
    }

    /** Extra response headers. */
    public Headers headers() {
        return headers;
    }
}
