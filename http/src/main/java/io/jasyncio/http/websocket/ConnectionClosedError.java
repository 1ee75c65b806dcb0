package io.jasyncio.http.websocket;

/**
 * A WebSocket that did not close cleanly: a protocol error (ours or the peer's), an error code, or a
 * connection lost without a close frame (1006). The cause, if any, is the I/O error that ended it.
 */
public final class ConnectionClosedError extends ConnectionClosed {
    ConnectionClosedError(int code, String reason, Throwable cause) {
        super(code, reason, cause);
    }
}
