package io.jasyncio.http.websocket;

/** A WebSocket that closed cleanly: both close frames exchanged with 1000, 1001 or no status code. */
public final class ConnectionClosedOK extends ConnectionClosed {
    ConnectionClosedOK(int code, String reason) {
        super(code, reason, null);
    }
}
