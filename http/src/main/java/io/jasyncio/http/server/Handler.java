package io.jasyncio.http.server;

/**
 * A route's handler: a coroutine that runs on the connection's task and returns the response (FastAPI's path
 * operation function, aiohttp.web's handler). It may suspend (sleep, await a database call or an outgoing
 * request): only its own connection waits.
 *
 * <p>What it returns becomes the response: a {@link Response} as it is; a {@code String} as
 * {@code text/plain; charset=utf-8}; a {@code byte[]} as {@code application/octet-stream}; {@code null} as
 * 204 No Content; anything else (a record, a list, a map) as JSON through the app's {@link
 * io.jasyncio.http.JsonCodec}, as FastAPI does with a returned model.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one request.
     *
     * <p>Cancel safety: the task is cancelled when the client disconnects or when graceful shutdown's grace
     * period ends; the {@link io.jasyncio.CancelledError} should be let through (clean up in
     * {@code finally}).
     *
     * @param request the request
     * @return the response, or a value turned into one (see the type's documentation)
     * @throws Exception any failure: an {@link HttpException} becomes its status, others go through the
     *         app's exception handlers, then become a 500 without the stack trace
     */
    Object handle(Request request) throws Exception;
}
