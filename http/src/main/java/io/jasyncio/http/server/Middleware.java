package io.jasyncio.http.server;

/**
 * Code around every handler (aiohttp.web's {@code @middleware}, Starlette's pure ASGI middleware): it may
 * look at the request, answer it itself, or call {@code next} and change what comes back. It runs on the
 * same task and in the same {@link io.jasyncio.Context} as the handler, so a {@link io.jasyncio.ContextVar}
 * set by either is seen by the other (unlike Starlette's {@code BaseHTTPMiddleware}, which runs the app in
 * another task).
 *
 * <pre>{@code
 * app.use((req, next) -> {
 *     long t0 = System.nanoTime();
 *     Response r = Response.of(next.handle(req), req);
 *     return r.header("X-Time-Us", String.valueOf((System.nanoTime() - t0) / 1000));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Handles a request, usually by calling {@code next.handle(request)}.
     *
     * <p>Cancel safety: as {@link Handler#handle}.
     *
     * @param request the request
     * @param next the rest of the chain (later middleware, then the route's handler)
     * @return the response, or a value turned into one as a handler's
     * @throws Exception as a handler
     */
    Object handle(Request request, Handler next) throws Exception;
}
