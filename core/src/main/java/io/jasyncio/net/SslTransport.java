package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * The {@link Transport} a protocol sees over TLS (asyncio's {@code _SSLProtocolTransport}): a view of
 * its {@link SslProtocol}. {@code write} encrypts; {@code close} sends close_notify after what was
 * written, waits (up to the shutdown timeout) for the peer's, then closes the socket; there is no
 * half-close ({@link #canWriteEof()} is false). Flow control is the socket transport's: its water marks,
 * its buffer (ciphertext), its pause and resume calls. Loop-confined.
 *
 * <p>{@link #getExtraInfo} knows asyncio's TLS keys: {@code "sslcontext"} (the {@code SSLContext}),
 * {@code "ssl_object"} (the {@code SSLEngine}), {@code "peercert"} (the peer's certificate, a
 * {@code java.security.cert.Certificate}, or null if it sent none), {@code "cipher"} (the cipher
 * suite's name); other keys ({@code "peername"}, {@code "sockname"}, {@code "socket"}) are the socket's.
 */
final class SslTransport implements Transport {

    private final SslProtocol ssl;

    SslTransport(SslProtocol ssl) {
        this.ssl = ssl;
    }

    @Override
    public void write(ByteBuffer data) {
        ssl.write(data);
    }

    /**
     * Not supported over TLS.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a TLS transport cannot half-close (writeEof)");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        ssl.startShutdown();
    }

    @Override
    public void abort() {
        ssl.abort();
    }

    @Override
    public boolean isClosing() {
        return ssl.isClosing();
    }

    @Override
    public void pauseReading() {
        ssl.pauseReading();
    }

    @Override
    public void resumeReading() {
        ssl.resumeReading();
    }

    @Override
    public boolean isReading() {
        return ssl.isReading();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        ssl.plainTransport().setWriteBufferLimits(high, low);
    }

    @Override
    public int getWriteBufferSize() {
        return ssl.plainTransport().getWriteBufferSize();
    }

    @Override
    public Object getExtraInfo(String name) {
        SslPipe pipe = ssl.pipe();
        return switch (name) {
            case "sslcontext" -> pipe.context;
            case "ssl_object" -> pipe.engine;
            case "peercert" -> ssl.established() ? pipe.peerCertificate() : null;
            case "cipher" -> ssl.established() ? pipe.engine.getSession().getCipherSuite() : null;
            default -> ssl.plainTransport() == null ? null : ssl.plainTransport().getExtraInfo(name);
        };
    }

    @Override
    public Protocol getProtocol() {
        return ssl.appProtocol();
    }

    @Override
    public void setProtocol(Protocol protocol) {
        ssl.setAppProtocol(protocol);
    }

    @Override
    public String toString() {
        return "<SslTransport " + ssl + " over " + ssl.plainTransport() + ">";
    }
}
