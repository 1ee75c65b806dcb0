package io.jasyncio.http.websocket;

import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.Streams;
import io.jasyncio.net.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.http.Headers;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.Handler;
import io.jasyncio.http.server.Response;
import io.jasyncio.http.server.Route;
import io.jasyncio.http.server.Upgraded;
import io.jasyncio.http.websocket.internal.Handshakes;
import io.jasyncio.http.websocket.internal.PerMessageDeflate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The server side: a WebSocket route on the HTTP server ({@link #route}, aiohttp's
 * {@code web.get("/ws", handler)} with {@code ws = web.WebSocketResponse(); await ws.prepare(request)}),
 * checking an upgrade request for any HTTP server ({@link #negotiate}), accepting one over a bare stream
 * pair ({@link #accept}), and a standalone WebSocket server ({@link #serve}, Python websockets'
 * {@code serve(handler, host, port)}).
 *
 * <pre>{@code
 * App app = new App();
 * WebSockets.route(app, "/ws", ws -> {
 *     for (Message msg : ws) {
 *         ws.send(msg.asText());
 *     }
 * });
 * HttpServer server = HttpServer.start(app, "127.0.0.1", 8080);
 * }</pre>
 */
public final class WebSockets {
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private WebSockets() {
    }

    /**
     * Checks an opening handshake request (RFC 6455 section 4.2.1) and chooses what to answer: the
     * subprotocol (the first of ours that the client offers), permessage-deflate (the first offer we can
     * accept, if {@link WebSocketOptions#compression()}), and the accept key.
     *
     * @param method the request's method (must be GET)
     * @param path the request's target (kept as {@link WebSocket#path()})
     * @param headers the request's headers
     * @param options the server's options (subprotocols, origin check, compression)
     * @return the accepted handshake, to send the 101 with and open the connection
     * @throws InvalidHandshake with status 400 (not a WebSocket upgrade, a bad key), 403 (origin refused)
     *     or 426 (a version other than 13; answer with {@code Sec-WebSocket-Version: 13})
     */
    public static ServerHandshake negotiate(String method, String path, Headers headers, WebSocketOptions options)
            throws InvalidHandshake {
        if (!"GET".equals(method)) {
            throw new InvalidHandshake(400, "a WebSocket upgrade must be a GET, got " + method);
        }
        if (!Handshakes.hasToken(headers, "Upgrade", "websocket")) {
            throw new InvalidHandshake(400, "missing Upgrade: websocket (got " + headers.get("Upgrade") + ")");
        }
        if (!Handshakes.hasToken(headers, "Connection", "upgrade")) {
            throw new InvalidHandshake(400, "missing Connection: upgrade (got " + headers.get("Connection") + ")");
        }
        if (!"13".equals(headers.get("Sec-WebSocket-Version"))) {
            throw new InvalidHandshake(426, "unsupported Sec-WebSocket-Version " + headers.get("Sec-WebSocket-Version")
                    + " (13 only)");
        }
        String key = headers.get("Sec-WebSocket-Key");
        if (key == null || headers.getAll("Sec-WebSocket-Key").size() != 1 || !isKey(key)) {
            throw new InvalidHandshake(400, "missing or invalid Sec-WebSocket-Key: " + key);
        }
        if (options.originCheck() != null && !options.originCheck().test(headers.get("Origin"))) {
            throw new InvalidHandshake(403, "origin refused: " + headers.get("Origin"));
        }
        Headers response = new Headers();
        response.add("Upgrade", "websocket");
        response.add("Connection", "Upgrade");
        response.add("Sec-WebSocket-Accept", Handshakes.acceptKey(key));
        String subprotocol = null;
        List<String> offered = Handshakes.tokens(headers, "Sec-WebSocket-Protocol");
        for (String mine : options.subprotocols()) {
            if (offered.contains(mine)) {
                subprotocol = mine;
                response.add("Sec-WebSocket-Protocol", mine);
                break;
            }
        }
        PerMessageDeflate.Params deflate = null;
        if (options.compression()) {
            deflate = PerMessageDeflate.acceptOffer(headers.getAll("Sec-WebSocket-Extensions"),
                    options.serverNoContextTakeover(), options.clientNoContextTakeover());
            if (deflate != null) {
                response.add("Sec-WebSocket-Extensions", deflate.header());
            }
        }
        Headers extra = options.headers();
        for (int i = 0; i < extra.size(); i++) {
            response.add(extra.name(i), extra.value(i));
        }
        return new ServerHandshake(response, subprotocol, deflate, options, path, headers.freeze());
    }

    private static boolean isKey(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Reads an upgrade request from a fresh stream connection, answers it (101, or the handshake's error
     * status with {@code Connection: close}) and returns the open WebSocket: for servers of your own on
     * {@link Streams#startServer}. The request head may be up to the reader's limit (64 KiB by default).
     *
     * <p>Cancel safety: a task cancelled midway leaves the connection half-answered; close the writer.
     *
     * @param reader the connection's reader, at the start of the request
     * @param writer the connection's writer
     * @param options the server's options
     * @return the open connection
     * @throws InvalidHandshake if the request is not an acceptable upgrade (the error response is sent)
     * @throws IOException if the connection fails or ends before the request does
     * @throws io.jasyncio.CancelledError if the task is cancelled while waiting
     */
    public static WebSocket accept(StreamReader reader, StreamWriter writer, WebSocketOptions options) throws IOException {
        Handshakes.Head head;
        try {
            head = Handshakes.Head.parse(reader.readuntil(END_OF_HEAD));
        } catch (LimitOverrunError e) {
            throw reject(writer, new InvalidHandshake(431, "request head over " + reader.limit() + " bytes"));
        } catch (IncompleteReadError e) {
            throw new IOException("the connection closed before the end of the upgrade request", e);
        } catch (IllegalArgumentException e) {
            throw reject(writer, new InvalidHandshake(400, e.getMessage()));
        }
        String[] requestLine = head.startLine().split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.1")) {
            throw reject(writer, new InvalidHandshake(400, "not an HTTP/1.1 request line: " + head.startLine()));
        }
        ServerHandshake hs;
        try {
            hs = negotiate(requestLine[0], requestLine[1], head.headers(), options);
        } catch (InvalidHandshake e) {
            throw reject(writer, e);
        }
        writer.write(Handshakes.Head.format("HTTP/1.1 101 Switching Protocols", hs.responseHeaders()));
        return hs.open(reader, writer);
    }

    private static InvalidHandshake reject(StreamWriter writer, InvalidHandshake e) throws IOException {
        byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        Headers h = Headers.of("Content-Type", "text/plain; charset=utf-8", "Content-Length",
                String.valueOf(body.length), "Connection", "close");
        if (e.status() == 426) {
            h.add("Sec-WebSocket-Version", "13");
        }
        writer.write(Handshakes.Head.format("HTTP/1.1 " + e.status() + " " + reason(e.status()), h));
        writer.write(body);
        writer.drain();
        return e;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
    }

    /**
     * Runs {@code handler} on an accepted connection, then closes it: with 1000 if the handler returned,
     * 1011 if it threw (the exception is rethrown), 1001 if its task was cancelled (a server shutting down). A {@link ConnectionClosed} coming out of the handler is
     * how a connection ends, not an error: it is not rethrown. The glue between an upgrade and a handler.
     *
     * @param ws the open connection
     * @param handler the handler
     * @throws Exception what the handler threw
     */
    public static void run(WebSocket ws, WebSocketHandler handler) throws Exception {
        int code = CloseCode.INTERNAL_ERROR;
        try {
            handler.handle(ws);
            code = CloseCode.NORMAL_CLOSURE;
        } catch (ConnectionClosed e) {
            code = CloseCode.NORMAL_CLOSURE; // the peer closed, or broke the protocol and was told so
        } catch (io.jasyncio.CancelledError e) {
            code = CloseCode.GOING_AWAY; // the server shuts down
            throw e;
        } finally {
            ws.close(code, code == CloseCode.INTERNAL_ERROR ? "handler failed" : "");
        }
    }

    /**
     * An HTTP {@link Handler} that upgrades its request to a WebSocket and runs {@code handler} on it (then
     * closes it, see {@link #run}). A request that is not an acceptable upgrade gets the handshake's error
     * status (400, 403, or 426 with {@code Sec-WebSocket-Version: 13}) as a plain-text response.
     *
     * @param handler serves each connection
     * @param options the connections' options
     * @return the HTTP handler, for {@code app.get(path, ...)}
     */
    public static Handler handler(WebSocketHandler handler, WebSocketOptions options) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        return req -> {
            ServerHandshake hs;
            try {
                hs = negotiate(req.method(), req.target(), req.headers(), options);
            } catch (InvalidHandshake e) {
                Response r = Response.text(e.status(), e.getMessage() + "\n");
                return e.status() == 426 ? r.header("Sec-WebSocket-Version", "13") : r;
            }
            Upgraded up = req.upgrade(hs.responseHeaders());
            run(hs.open(up.reader(), up.writer()), handler);
            return null;
        };
    }

    /**
     * Adds a WebSocket route: {@code GET path} upgrades and runs {@code handler}, with the default options.
     *
     * @param app the application
     * @param path the route's path (path parameters allowed, see {@link App})
     * @param handler serves each connection
     * @return the route
     */
    public static Route route(App app, String path, WebSocketHandler handler) {
        return route(app, path, handler, WebSocketOptions.defaults());
    }

    /**
     * Adds a WebSocket route with options; see {@link #handler(WebSocketHandler, WebSocketOptions)}.
     *
     * @param app the application
     * @param path the route's path
     * @param handler serves each connection
     * @param options the connections' options
     * @return the route
     */
    public static Route route(App app, String path, WebSocketHandler handler, WebSocketOptions options) {
        return app.get(path, handler(handler, options));
    }

    /**
     * A standalone WebSocket server on {@code host:port}, with the default options: websockets'
     * {@code serve(handler, host, port)}. See {@link #serve(WebSocketHandler, String, int, WebSocketOptions)}.
     *
     * @param handler serves each connection
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return the server, already serving
     * @throws IOException if the address cannot be bound ({@link java.net.BindException})
     */
    public static Server serve(WebSocketHandler handler, String host, int port) throws IOException {
        return serve(handler, host, port, WebSocketOptions.defaults());
    }

    /**
     * A standalone WebSocket server: each TCP connection is a task that reads the upgrade request (any
     * path), answers it, runs {@code handler} and closes the WebSocket when it returns (see {@link #run}).
     * A request that is not an acceptable upgrade gets its error status and is closed. Stop it as any
     * {@link Server}: {@code close()}, then {@code waitClosed()}.
     *
     * @param handler serves each connection
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @param options the connections' options
     * @return the server, already serving
     * @throws IOException if the address cannot be bound ({@link java.net.BindException})
     */
    public static Server serve(WebSocketHandler handler, String host, int port, WebSocketOptions options)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        return Streams.startServer((reader, writer) -> {
            WebSocket ws;
            try {
                ws = accept(reader, writer, options);
            } catch (IOException e) {
                return; // refused (already answered), or the client went away
            }
            run(ws, handler);
        }, host, port);
    }
}
