package io.jasyncio.http.websocket;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket message, whole (fragments reassembled, decompressed): a {@link Text} or a {@link Binary}.
 * Python's websockets gives {@code str} or {@code bytes}; aiohttp a {@code WSMessage} of type TEXT or
 * BINARY. Control frames (ping, pong, close) are never messages: the connection answers them itself.
 *
 * <pre>{@code
 * switch (ws.receive()) {
 *     case Message.Text t -> ws.send(t.text());
 *     case Message.Binary b -> ws.send(b.data());
 * }
 * }</pre>
 */
public sealed interface Message {

    /**
     * A text message (opcode 0x1), valid UTF-8 by construction.
     *
     * @param text the text
     */
    record Text(String text) implements Message {
        @Override
        public String toString() {
            return "Text[" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "]";
        }
    }

    /**
     * A binary message (opcode 0x2).
     *
     * @param data the bytes (the array is the message's own; the connection keeps no reference to it)
     */
    record Binary(byte[] data) implements Message {
        @Override
        public String toString() {
            return "Binary[" + data.length + " bytes]";
        }
    }

    /**
     * The message as text: a {@link Text}'s text, or a {@link Binary}'s bytes decoded as UTF-8.
     *
     * @return the text
     */
    default String asText() {
        return switch (this) {
            case Text t -> t.text();
            case Binary b -> new String(b.data(), StandardCharsets.UTF_8);
        };
    }
}
