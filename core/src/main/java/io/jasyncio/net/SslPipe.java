package io.jasyncio.net;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * An {@link SSLEngine} with its three buffers, and no I/O and no connection states of its own: what
 * asyncio called {@code _SSLPipe} (its {@code sslproto.py} up to 3.10), driven by {@link SslProtocol}.
 * Ciphertext goes in with {@link #feed}, plaintext comes out of {@link #unwrap} into a buffer read with
 * {@link #drainPlaintext}; {@link #wrap} encrypts into a buffer that {@link #flush} hands to the sink
 * (the socket transport). Buffers grow when the engine asks for more room. Loop-confined.
 */
final class SslPipe {

    /** What {@link #unwrap()} did. */
    enum Unwrapped {
        /** No whole record is buffered: wait for more ciphertext. */
        NEED_INPUT,
        /** A record was consumed (or the engine has something else to do). */
        PROGRESS,
        /** The peer's close_notify arrived: nothing more comes in. */
        CLOSED
    }

    final SSLContext context;
    final SSLEngine engine;
    private final Consumer<ByteBuffer> sink;
    /** Ciphertext received, not yet unwrapped (read mode: position to limit). */
    private ByteBuffer netIn;
    /** Plaintext unwrapped, not yet drained (write mode). */
    private ByteBuffer appIn;
    /** Records wrapped, not yet flushed (write mode). */
    private ByteBuffer netOut;

    private SslPipe(SSLContext context, SSLEngine engine, Consumer<ByteBuffer> sink) {
        this.context = context;
        this.engine = engine;
        this.sink = sink;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet).flip();
        this.netOut = ByteBuffer.allocate(4 * packet); // a few records per socket write
        this.appIn = ByteBuffer.allocate(Math.max(64 * 1024, engine.getSession().getApplicationBufferSize()));
    }

    /**
     * A pipe with a new engine from {@code ctx} (null: the JDK's default context, on a client). On the
     * client side, {@code serverName} is sent as SNI (unless it is an IP address) and given to the
     * engine as the peer's host, which the "HTTPS" endpoint identification set here checks the server's
     * certificate against; {@code ""} means neither.
     *
     * @throws IllegalArgumentException on the server side without a context
     */
    static SslPipe open(SSLContext ctx, boolean serverSide, String serverName, int port, Consumer<ByteBuffer> sink) {
        if (ctx == null) {
            if (serverSide) {
                throw new IllegalArgumentException("a TLS server needs an SSLContext with its key and certificate");
            }
            try {
                ctx = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default SSLContext", e);
            }
        }
        SSLEngine engine;
        if (serverSide) {
            engine = ctx.createSSLEngine();
            engine.setUseClientMode(false);
        } else {
            engine = serverName.isEmpty() ? ctx.createSSLEngine() : ctx.createSSLEngine(serverName, port);
            engine.setUseClientMode(true);
            if (!serverName.isEmpty()) {
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!Net.isLiteral(serverName)) {
                    // Set explicitly: the JDK's own default skips names without a dot ("localhost").
                    params.setServerNames(List.of(new SNIHostName(serverName)));
                }
                engine.setSSLParameters(params);
            }
        }
        return new SslPipe(ctx, engine, sink);
    }

    HandshakeStatus status() {
        return engine.getHandshakeStatus();
    }

    /** Runs the engine's delegated tasks inline, on the loop thread (see {@link SslProtocol}). */
    void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Appends ciphertext (the caller's buffer is only borrowed). */
    void feed(ByteBuffer data) {
        netIn.compact();
        if (netIn.remaining() < data.remaining()) {
            netIn = ByteBuffer.allocate(Math.max(2 * netIn.capacity(), netIn.position() + data.remaining()))
                    .put(netIn.flip());
        }
        netIn.put(data).flip();
    }

    /** Whether the plaintext buffer has room for one more record. */
    boolean hasRoom() {
        return appIn.remaining() >= engine.getSession().getApplicationBufferSize();
    }

    /** Unwraps one record into the plaintext buffer (grown if it lacks room). */
    Unwrapped unwrap() throws SSLException {
        if (!netIn.hasRemaining() || engine.isInboundDone()) {
            return Unwrapped.NEED_INPUT;
        }
        if (!hasRoom()) {
            appIn = ByteBuffer.allocate(appIn.position() + 2 * engine.getSession().getApplicationBufferSize())
                    .put(appIn.flip());
        }
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                int packet = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < packet) {
                    netIn = ByteBuffer.allocate(packet).put(netIn).flip();
                }
                return Unwrapped.NEED_INPUT;
            }
            case BUFFER_OVERFLOW -> {
                return Unwrapped.PROGRESS; // the session's sizes grew: the next call makes room
            }
            case CLOSED -> {
                return Unwrapped.CLOSED;
            }
            default -> {
                HandshakeStatus hs = r.getHandshakeStatus();
                boolean busy = hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP;
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || busy ? Unwrapped.PROGRESS : Unwrapped.NEED_INPUT;
            }
        }
    }

    /** Hands the plaintext unwrapped so far to {@code to} (valid during the call only), then empties it. */
    void drainPlaintext(Consumer<ByteBuffer> to) {
        drain(appIn, to);
    }

    /** Drops the plaintext unwrapped so far. */
    void dropPlaintext() {
        appIn.clear();
    }

    /** One {@code wrap} of {@code src}; whether it consumed or produced anything. */
    boolean wrap(ByteBuffer src) throws SSLException {
        while (true) {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
            }
            if (netOut.position() > 0) {
                flush();
            } else {
                netOut = ByteBuffer.allocate(netOut.capacity() + engine.getSession().getPacketBufferSize());
            }
        }
    }

    /** Wraps all of {@code src} and flushes. */
    void wrapAll(ByteBuffer src) throws SSLException {
        while (src.hasRemaining()) {
            if (!wrap(src)) {
                throw new SSLException("the TLS engine took no data: its outbound side is closed");
            }
        }
        flush();
    }

    /** Hands the wrapped records to the sink (which copies what it keeps). */
    void flush() {
        drain(netOut, sink);
    }

    /** Hands what {@code b} (in write mode) holds to {@code to}, then empties it. */
    private static void drain(ByteBuffer b, Consumer<ByteBuffer> to) {
        if (b.position() == 0) {
            return;
        }
        b.flip();
        try {
            to.accept(b);
        } finally {
            b.clear();
        }
    }

    /** The peer's certificate, or null if it sent none (a client, usually). */
    Certificate peerCertificate() {
        try {
            return engine.getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
