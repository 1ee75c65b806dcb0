package io.jasyncio.http.websocket;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.Streams;
import io.jasyncio.net.Tls;
import io.jasyncio.http.Headers;
import io.jasyncio.http.websocket.internal.Handshakes;
import io.jasyncio.http.websocket.internal.PerMessageDeflate;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The client side: {@link #connect(String)} is Python websockets' {@code connect(uri)} and aiohttp's
 * {@code session.ws_connect(url)}.
 *
 * <pre>{@code
 * try (WebSocket ws = WebSocketClient.connect("ws://127.0.0.1:8765/chat")) {
 *     ws.send("hello");
 *     Message reply = ws.receive();
 * }                                               // the close handshake, 1000
 * }</pre>
 */
public final class WebSocketClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private WebSocketClient() {
    }

    /**
     * Connects with the default options. See {@link #connect(String, WebSocketOptions)}.
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @return the open connection
     * @throws InvalidHandshake if the server refused the upgrade or answered wrongly
     * @throws IOException if the connection fails
     * @throws io.jasyncio.TimeoutError if connecting and the handshake take longer than the open timeout
     * @throws io.jasyncio.CancelledError if the task is cancelled meanwhile
     */
    public static WebSocket connect(String url) throws IOException {
        return connect(url, WebSocketOptions.defaults());
    }

    /**
     * Connects to {@code url} (TCP, TLS for {@code wss://} through the core's TLS with the options'
     * {@code SSLContext}), runs the opening handshake (RFC 6455 section 4.1: a random key, the subprotocols
     * and permessage-deflate offered as the options say), checks the server's answer and returns the open
     * connection; all within {@link WebSocketOptions#openTimeout()}.
     *
     * <p>Cancel safety: a connection cancelled midway is closed.
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @param options subprotocols, compression, extra headers ({@code Origin}, for example), limits
     * @return the open connection
     * @throws IllegalArgumentException if the URL is not a ws:// or wss:// URL
     * @throws InvalidHandshake if the server refused the upgrade (its {@code status()}) or answered wrongly
     * @throws IOException if the connection fails
     * @throws io.jasyncio.TimeoutError if it takes longer than the open timeout
     * @throws io.jasyncio.CancelledError if the task is cancelled meanwhile
     */
    public static WebSocket connect(String url, WebSocketOptions options) throws IOException {
        URI uri = parse(url);
        return Asyncio.waitFor(() -> open(uri, options), options.openTimeout());
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid WebSocket URL " + url + ": " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a ws:// or wss:// URL with a host: " + url);
        }
        return uri;
    }

    private static WebSocket open(URI uri, WebSocketOptions options) throws IOException {
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host; // an IPv6 literal
        Streams.StreamPair c;
        if (tls) {
            SSLContext ctx = options.sslContext();
            try {
                ctx = ctx != null ? ctx : SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no default TLS context", e);
            }
            c = Streams.openConnection(address, port, Tls.TlsOptions.of(ctx));
        } else {
            c = Streams.openConnection(address, port);
        }
        boolean ok = false;
        try {
            WebSocket ws = handshake(uri, host, port, tls, c, options);
            ok = true;
            return ws;
        } finally {
            if (!ok) {
                c.writer().close();
            }
        }
    }

    private static WebSocket handshake(URI uri, String host, int port, boolean tls, Streams.StreamPair c,
                                       WebSocketOptions options) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Headers h = new Headers();
        h.add("Host", port == (tls ? 443 : 80) ? host : host + ":" + port);
        h.add("Upgrade", "websocket");
        h.add("Connection", "Upgrade");
        h.add("Sec-WebSocket-Key", key);
        h.add("Sec-WebSocket-Version", "13");
        if (!options.subprotocols().isEmpty()) {
            h.add("Sec-WebSocket-Protocol", String.join(", ", options.subprotocols()));
        }
        if (options.compression()) {
            h.add("Sec-WebSocket-Extensions",
                    PerMessageDeflate.offer(options.serverNoContextTakeover(), options.clientNoContextTakeover()));
        }
        Headers extra = options.headers();
        for (int i = 0; i < extra.size(); i++) {
            h.add(extra.name(i), extra.value(i));
        }
        c.writer().write(Handshakes.Head.format("GET " + target + " HTTP/1.1", h));
        c.writer().drain();

        Handshakes.Head head;
        try {
            head = Handshakes.Head.parse(c.reader().readuntil(END_OF_HEAD));
        } catch (LimitOverrunError e) {
            throw new InvalidHandshake(0, "the response head is over " + c.reader().limit() + " bytes");
        } catch (IncompleteReadError e) {
            throw new InvalidHandshake(0, "the server closed the connection before the end of its response");
        } catch (IllegalArgumentException e) {
            throw new InvalidHandshake(0, "malformed response: " + e.getMessage());
        }
        String[] status = head.startLine().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new InvalidHandshake(0, "not an HTTP status line: " + head.startLine());
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new InvalidHandshake(0, "not an HTTP status line: " + head.startLine());
        }
        if (code != 101) {
            throw new InvalidHandshake(code, "the server answered " + head.startLine() + " instead of 101");
        }
        Headers rh = head.headers();
        if (!Handshakes.hasToken(rh, "Upgrade", "websocket") || !Handshakes.hasToken(rh, "Connection", "upgrade")) {
            throw new InvalidHandshake(101, "the 101 response lacks Upgrade: websocket or Connection: upgrade");
        }
        if (!Handshakes.acceptKey(key).equals(rh.get("Sec-WebSocket-Accept"))) {
            throw new InvalidHandshake(101, "wrong Sec-WebSocket-Accept: " + rh.get("Sec-WebSocket-Accept"));
        }
        String subprotocol = rh.get("Sec-WebSocket-Protocol");
        if (subprotocol != null && !options.subprotocols().contains(subprotocol)) {
            throw new InvalidHandshake(101, "the server chose a subprotocol we did not offer: " + subprotocol);
        }
        PerMessageDeflate.Params deflate;
        List<String> exts = rh.getAll("Sec-WebSocket-Extensions");
        if (!exts.isEmpty() && !options.compression()) {
            throw new InvalidHandshake(101, "the server answered with extensions we did not offer: " + exts);
        }
        try {
            deflate = PerMessageDeflate.acceptResponse(exts, options.serverNoContextTakeover(),
                    options.clientNoContextTakeover());
        } catch (IllegalArgumentException e) {
            throw new InvalidHandshake(101, e.getMessage());
        }
        return new WebSocket(c.reader(), c.writer(), false, options, subprotocol, deflate, target, rh.freeze());
    }
}
