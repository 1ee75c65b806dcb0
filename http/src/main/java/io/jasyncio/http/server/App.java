package io.jasyncio.http.server;

import io.jasyncio.Coroutine;
import io.jasyncio.http.JsonCodec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A web application: routes, middleware, exception handlers and lifespan hooks (FastAPI's {@code FastAPI()},
 * aiohttp's {@code web.Application()}). Build it, then serve it with {@link HttpServer#start}.
 *
 * <pre>{@code
 * record User(int id, String name) {}
 *
 * App app = new App();
 * app.get("/users/{id}", req -> new User(req.pathParamInt("id"), "ada"));     // returned as JSON
 * app.post("/users", req -> Response.json(201, req.json(User.class)));
 * }</pre>
 *
 * <p>Configure it before starting a server; routes added later are not seen by servers already running.
 */
public final class App {
    private final List<Route> routes = new ArrayList<>();
    private final List<Middleware> middleware = new ArrayList<>();
    private final List<Coroutine<?>> startup = new ArrayList<>();
    private final List<Coroutine<?>> shutdown = new ArrayList<>();
    private final Map<Class<? extends Throwable>, ExceptionHandler<?>> exceptionHandlers = new LinkedHashMap<>();
    private JsonCodec codec = JsonCodec.jackson();

    /** Turns an exception into a response (FastAPI's {@code @app.exception_handler(E)}). */
    @FunctionalInterface
    public interface ExceptionHandler<E extends Throwable> {
        /**
         * @param request the request whose handler failed
         * @param error what it threw
         * @return the response (or a value turned into one, as a handler's)
         * @throws Exception to fall through to the default 500
         */
        Object handle(Request request, E error) throws Exception;
    }

    /** An empty app with Jackson as its JSON codec. */
    public App() {
    }

    /** Adds a GET route (HEAD is answered by it too, without the body). */
    public Route get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /** Adds a POST route. */
    public Route post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** Adds a PUT route. */
    public Route put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    /** Adds a PATCH route. */
    public Route patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    /** Adds a DELETE route. */
    public Route delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    /**
     * Adds a route for any method.
     *
     * @param method the method, upper case ("OPTIONS", "PROPFIND", ...)
     * @param path a template: {@code /users/{id}}, or {@code /files/{path...}} for the rest of the path
     * @throws IllegalArgumentException if the template is malformed
     */
    public Route route(String method, String path, Handler handler) {
        Route r = new Route(method, path, handler);
        routes.add(r);
        return r;
    }

    /**
     * Serves files under {@code directory} at {@code prefix} (Starlette's {@code StaticFiles}): GET and HEAD,
     * read off the loop; paths that leave the directory get 404.
     */
    public App staticFiles(String prefix, Path directory) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        StaticFiles files = new StaticFiles(directory);
        get(p + "/{path...}", files::serve);
        return this;
    }

    /** Adds middleware; the first added is the outermost. */
    public App use(Middleware m) {
        middleware.add(Objects.requireNonNull(m, "middleware"));
        return this;
    }

    /** Maps an exception type (and its subtypes) to a response; the most specific registered type wins. */
    public <E extends Throwable> App exceptionHandler(Class<E> type, ExceptionHandler<? super E> handler) {
        exceptionHandlers.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Runs {@code hook} when a server starts, before it accepts connections (lifespan startup). */
    public App onStartup(Coroutine<?> hook) {
        startup.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Runs {@code hook} when a server has shut down (lifespan shutdown). */
    public App onShutdown(Coroutine<?> hook) {
        shutdown.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Replaces the JSON codec (Jackson by default). */
    public App json(JsonCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /** The JSON codec. */
    public JsonCodec codec() {
        return codec;
    }

    /** The routes, in the order added. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    List<Middleware> middleware() {
        return List.copyOf(middleware);
    }

    List<Coroutine<?>> startupHooks() {
        return List.copyOf(startup);
    }

    List<Coroutine<?>> shutdownHooks() {
        return List.copyOf(shutdown);
    }

    /** The handler for {@code error}'s most specific registered type, or null. */
    @SuppressWarnings("unchecked")
    ExceptionHandler<Throwable> exceptionHandlerFor(Throwable error) {
        for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
            ExceptionHandler<?> h = exceptionHandlers.get(c);
            if (h != null) return (ExceptionHandler<Throwable>) h;
        }
        return null;
    }
}
