package io.jasyncio.http.websocket;

import io.jasyncio.http.Headers;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of a WebSocket connection, for servers and clients alike (what does not apply to a side is
 * ignored there). Start from {@link #defaults()} and change what you need with the {@code with...}
 * methods, which return a new record.
 *
 * @param maxMessageSize the largest message accepted, in bytes, after reassembly and decompression
 *     (websockets' {@code max_size}, aiohttp's {@code max_msg_size}); a bigger one fails the connection with
 *     1009. Default 1 MiB.
 * @param compression whether to negotiate permessage-deflate (RFC 7692); default true, as browsers offer it
 * @param serverNoContextTakeover ask (client) or decide (server) that the server resets its compressor after
 *     each message: less memory per connection, worse compression
 * @param clientNoContextTakeover the same for the client's compressor
 * @param compressionLevel the deflate level, 1-9 (default 6)
 * @param pingInterval seconds between heartbeat pings, or null for no heartbeat (the default, as aiohttp's
 *     {@code heartbeat=None}); the heartbeat needs a task reading the connection (a receive loop), since
 *     pongs are read by {@link WebSocket#receive()}
 * @param pingTimeout seconds a heartbeat ping may wait for its pong before the connection is failed with
 *     1011 (default 20)
 * @param closeTimeout seconds the close handshake may take before the connection is dropped (default 10)
 * @param openTimeout seconds the client's connect and opening handshake may take (default 10)
 * @param subprotocols the subprotocols offered (client) or supported, in order of preference (server)
 * @param originCheck the server's origin check: gets the {@code Origin} header (null if absent) and returns
 *     whether to accept; null accepts every origin. A refused origin gets 403.
 * @param headers extra request headers (client) or response headers (server)
 * @param sslContext the TLS context for {@code wss://} URLs; null for the JDK's default
 */
public record WebSocketOptions(int maxMessageSize, boolean compression, boolean serverNoContextTakeover,
                               boolean clientNoContextTakeover, int compressionLevel, Double pingInterval,
                               double pingTimeout, double closeTimeout, double openTimeout,
                               List<String> subprotocols, Predicate<String> originCheck, Headers headers,
                               SSLContext sslContext) {

    /** The default {@link #maxMessageSize()}: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public WebSocketOptions {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
        }
        if (compressionLevel < 1 || compressionLevel > 9) {
            throw new IllegalArgumentException("compressionLevel must be 1-9, got " + compressionLevel);
        }
        if (pingInterval != null && !(pingInterval > 0)) {
            throw new IllegalArgumentException("pingInterval must be positive or null, got " + pingInterval);
        }
        if (!(pingTimeout > 0) || !(closeTimeout > 0) || !(openTimeout > 0)) {
            throw new IllegalArgumentException("timeouts must be positive: ping " + pingTimeout + ", close "
                    + closeTimeout + ", open " + openTimeout);
        }
        subprotocols = List.copyOf(subprotocols);
        headers = Objects.requireNonNull(headers, "headers").freeze();
    }

    /**
     * The defaults: 1 MiB messages, permessage-deflate with context takeover, no heartbeat, 10 s close and
     * open timeouts, no subprotocols, every origin accepted.
     *
     * @return the default options
     */
    public static WebSocketOptions defaults() {
        return new WebSocketOptions(DEFAULT_MAX_MESSAGE_SIZE, true, false, false, 6, null, 20, 10, 10,
                List.of(), null, new Headers(), null);
    }

    /** @param bytes the new {@link #maxMessageSize()} @return the changed options */
    public WebSocketOptions withMaxMessageSize(int bytes) {
        return new WebSocketOptions(bytes, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, openTimeout, subprotocols, originCheck,
                headers, sslContext);
    }

    /** @param enabled whether to negotiate permessage-deflate @return the changed options */
    public WebSocketOptions withCompression(boolean enabled) {
        return new WebSocketOptions(maxMessageSize, enabled, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, openTimeout, subprotocols, originCheck,
                headers, sslContext);
    }

    /**
     * @param server the server resets its compressor after each message
     * @param client the client resets its compressor after each message
     * @return the changed options
     */
    public WebSocketOptions withNoContextTakeover(boolean server, boolean client) {
        return new WebSocketOptions(maxMessageSize, compression, server, client, compressionLevel, pingInterval,
                pingTimeout, closeTimeout, openTimeout, subprotocols, originCheck, headers, sslContext);
    }

    /**
     * Turns the heartbeat on (or off with a null interval).
     *
     * @param interval seconds between pings, or null
     * @param timeout seconds a ping may wait for its pong
     * @return the changed options
     */
    public WebSocketOptions withHeartbeat(Double interval, double timeout) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, interval, timeout, closeTimeout, openTimeout, subprotocols, originCheck, headers,
                sslContext);
    }

    /** @param seconds the new {@link #closeTimeout()} @return the changed options */
    public WebSocketOptions withCloseTimeout(double seconds) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, seconds, openTimeout, subprotocols, originCheck, headers,
                sslContext);
    }

    /** @param seconds the new {@link #openTimeout()} @return the changed options */
    public WebSocketOptions withOpenTimeout(double seconds) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, seconds, subprotocols, originCheck, headers,
                sslContext);
    }

    /** @param names the subprotocols, in order of preference @return the changed options */
    public WebSocketOptions withSubprotocols(String... names) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, openTimeout, List.of(names), originCheck,
                headers, sslContext);
    }

    /** @param check the server's origin check (null: accept all) @return the changed options */
    public WebSocketOptions withOriginCheck(Predicate<String> check) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, openTimeout, subprotocols, check, headers,
                sslContext);
    }

    /** @param extra extra request (client) or response (server) headers @return the changed options */
    public WebSocketOptions withHeaders(Headers extra) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, openTimeout, subprotocols, originCheck, extra,
                sslContext);
    }

    /** @param context the TLS context for wss:// (null: the JDK's default) @return the changed options */
    public WebSocketOptions withSslContext(SSLContext context) {
        return new WebSocketOptions(maxMessageSize, compression, serverNoContextTakeover, clientNoContextTakeover,
                compressionLevel, pingInterval, pingTimeout, closeTimeout, openTimeout, subprotocols, originCheck,
                headers, context);
    }
}
