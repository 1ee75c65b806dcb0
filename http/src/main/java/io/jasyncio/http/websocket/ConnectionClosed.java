package io.jasyncio.http.websocket;

import java.io.IOException;

/**
 * Raised by an operation on a closed or closing WebSocket (Python websockets' {@code ConnectionClosed}).
 * {@link #code()} and {@link #reason()} are those of the close frame received, else of the one sent,
 * else 1006 (the connection ended without a close frame).
 *
 * <p>{@link ConnectionClosedOK} means a clean end (both close frames exchanged with 1000, 1001 or no
 * code); {@link ConnectionClosedError} anything else (a protocol error, a lost connection, another code).
 * Iterating over a {@link WebSocket} ends quietly on the first and raises the second.
 */
public sealed class ConnectionClosed extends IOException permits ConnectionClosedOK, ConnectionClosedError {
    private final int code;
    private final String reason;

    ConnectionClosed(int code, String reason, Throwable cause) {
        super("WebSocket closed with " + code + " (" + CloseCode.describe(code) + ")"
                + (reason == null || reason.isEmpty() ? "" : ": " + reason), cause);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    /**
     * The close code (see {@link CloseCode}).
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * The close reason, empty if none.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
