package io.jasyncio.http.websocket;

import io.jasyncio.net.Server;

import java.io.IOException;

/** Shared set-up of the conformance battery: an echo server of ours and a raw client against it. */
final class Battery {
    private Battery() {
    }

    interface RawBody {
        void run(Raw raw) throws Exception;
    }

    /** Echoes text as text and binary as binary until the connection closes. */
    static void echo(WebSocket ws) throws IOException {
        for (Message m : ws) {
            switch (m) {
                case Message.Text t -> ws.send(t.text());
                case Message.Binary b -> ws.send(b.data());
            }
        }
    }

    /** Runs {@code body} with a raw client connected to an echo server with these options, then cleans up. */
    static Void withEcho(WebSocketOptions options, RawBody body, String... headerLines) throws Exception {
        Server server = WebSockets.serve(Battery::echo, "127.0.0.1", 0, options);
        try {
            Raw raw = Raw.client(Raw.port(server), headerLines);
            try {
                body.run(raw);
            } finally {
                raw.close();
            }
        } finally {
            server.close();
            server.waitClosed();
        }
        return null;
    }

    static Void withEcho(RawBody body, String... headerLines) throws Exception {
        return withEcho(WebSocketOptions.defaults().withCompression(false), body, headerLines);
    }
}
