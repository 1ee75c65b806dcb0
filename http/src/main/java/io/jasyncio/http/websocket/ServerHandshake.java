package io.jasyncio.http.websocket;

import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.http.Headers;
import io.jasyncio.http.websocket.internal.PerMessageDeflate;

/**
 * An accepted upgrade request, between the check of the request and the 101 response: made by
 * {@link WebSockets#negotiate}, it holds the response headers to send with the 101 and opens the
 * connection over the streams that follow it. With an HTTP server that hands over the connection after
 * writing the 101 (its {@code upgrade(responseHeaders)}), three lines accept a WebSocket:
 *
 * <pre>{@code
 * ServerHandshake hs = WebSockets.negotiate(req.method(), req.path(), req.headers(), options);
 * var upgraded = req.upgrade(hs.responseHeaders());      // writes 101 with these headers
 * WebSocket ws = hs.open(upgraded.reader(), upgraded.writer());
 * }</pre>
 */
public final class ServerHandshake {
    private final Headers responseHeaders;
    private final String subprotocol;
    private final PerMessageDeflate.Params deflate;
    private final WebSocketOptions options;
    private final String path;
    private final Headers requestHeaders;

    ServerHandshake(Headers responseHeaders, String subprotocol, PerMessageDeflate.Params deflate,
                    WebSocketOptions options, String path, Headers requestHeaders) {
        this.responseHeaders = responseHeaders.freeze();
        this.subprotocol = subprotocol;
        this.deflate = deflate;
        this.options = options;
        this.path = path;
        this.requestHeaders = requestHeaders;
    }

    /**
     * The headers of the 101 response: {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Accept},
     * and the negotiated {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions}, plus the
     * options' extra headers (read-only).
     *
     * @return the headers
     */
    public Headers responseHeaders() {
        return responseHeaders;
    }

    /**
     * The subprotocol chosen, or null.
     *
     * @return the subprotocol
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Whether permessage-deflate was accepted.
     *
     * @return true if compressed
     */
    public boolean compressed() {
        return deflate != null;
    }

    /**
     * Opens the server side of the connection over the streams that follow the 101 response. Call it in a
     * task of the streams' loop; with a heartbeat in the options, it starts the heartbeat's task.
     *
     * @param reader what the client sends after the handshake
     * @param writer what we send after the 101
     * @return the open connection
     */
    public WebSocket open(StreamReader reader, StreamWriter writer) {
        return new WebSocket(reader, writer, true, options, subprotocol, deflate, path, requestHeaders);
    }
}
