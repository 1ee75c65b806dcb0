/**
 * WebSockets (RFC 6455, with permessage-deflate, RFC 7692), server and client side, over the core's
 * streams. Start at {@link io.jasyncio.http.websocket.WebSockets} (a route on the HTTP server's
 * {@code App}, a standalone server, or the handshake for any server) and
 * {@link io.jasyncio.http.websocket.WebSocketClient} ({@code connect(url)}); both give a
 * {@link io.jasyncio.http.websocket.WebSocket}: {@code send}, {@code receive}, iteration, {@code ping},
 * {@code close}. Settings are a {@link io.jasyncio.http.websocket.WebSocketOptions} record, safe by
 * default (1 MiB messages, 10 s close timeout). The frame codec lives in the unexported
 * {@code io.jasyncio.http.websocket.internal}. See docs/websockets.md and ADR 0018.
 */
package io.jasyncio.http.websocket;
