package io.jasyncio.http.websocket;

/**
 * Serves one WebSocket connection: websockets' {@code handler(websocket)} coroutine. It runs as a task
 * of its own per connection; when it returns, the connection is closed with 1000 if still open, and if it
 * throws, with 1011 (and the exception goes to the loop's exception handler).
 */
@FunctionalInterface
public interface WebSocketHandler {

    /**
     * Serves a connection.
     *
     * @param ws the open connection
     * @throws Exception anything: the connection is then closed with 1011
     */
    void handle(WebSocket ws) throws Exception;
}
