package io.jasyncio.http.websocket.internal;

import java.io.IOException;

/**
 * A violation of the WebSocket protocol by the peer: the connection must be failed with {@link #code()}
 * (RFC 6455 section 7.1.7), for example 1002 for a bad frame, 1007 for invalid UTF-8, 1009 for a
 * message over the size limit.
 */
public final class ProtocolError extends IOException {
    private final int code;

    public ProtocolError(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The close code to fail the connection with. */
    public int code() {
        return code;
    }
}
