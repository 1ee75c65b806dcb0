/**
 * WebSockets (RFC 6455, with permessage-deflate), server and client side.
 */
package io.jasyncio.http.websocket;
