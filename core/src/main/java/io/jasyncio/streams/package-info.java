/**
 * asyncio's streams: {@link io.jasyncio.streams.Streams#openConnection(String, int)} and
 * {@link io.jasyncio.streams.Streams#startServer(io.jasyncio.streams.Streams.StreamHandler, String, int)}
 * (plus Unix and TLS twins) give a {@link io.jasyncio.streams.StreamReader} ({@code read}, {@code readline},
 * {@code readexactly}, {@code readuntil}, line iteration) and a {@link io.jasyncio.streams.StreamWriter}
 * ({@code write}, {@code drain} with water marks, {@code close}). Written on the transports of
 * {@code io.jasyncio.net}.
 */
package io.jasyncio.streams;
