package io.jasyncio.http.websocket;

import java.io.IOException;

/**
 * The opening handshake failed (Python websockets' {@code InvalidHandshake}). On a server, {@link #status()}
 * is the HTTP status to answer with (400 for a malformed upgrade, 403 for a refused origin, 426 for a
 * missing or unsupported version); on a client, the status the server answered with, or 0 when the
 * response was malformed.
 */
public final class InvalidHandshake extends IOException {
    private final int status;

    /**
     * @param status the HTTP status (see above)
     * @param message what was wrong
     */
    public InvalidHandshake(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * The HTTP status: to send (server) or received (client); 0 if none applies.
     *
     * @return the status
     */
    public int status() {
        return status;
    }
}
