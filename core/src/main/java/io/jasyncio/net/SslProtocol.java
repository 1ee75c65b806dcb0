package io.jasyncio.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimeoutError;
import io.jasyncio.TimerHandle;

/**
 * TLS between a plain {@link Transport} (the socket) and the user's {@link Protocol}: asyncio's
 * {@code SSLProtocol} ({@code Lib/asyncio/sslproto.py}, 3.11+), with an {@link SSLEngine} and its
 * buffers ({@link SslPipe}) where asyncio has OpenSSL's memory BIOs. It is the socket transport's
 * protocol: ciphertext arrives in {@link #dataReceived}, is unwrapped, and the plaintext goes to the
 * user's protocol, whose transport is {@link #appTransport()} (an {@link SslTransport}: its
 * {@code write} wraps). Loop-confined.
 *
 * <h2>States</h2>
 * <table>
 * <caption>TLS states (asyncio's {@code SSLProtocolState}, without FLUSHING: {@code close()} stops reading at once)</caption>
 * <tr><th>state</th><th>entered by</th><th>then</th></tr>
 * <tr><td>NEW</td><td>creation</td><td>the socket's {@code connectionMade} starts the handshake</td></tr>
 * <tr><td>HANDSHAKE</td><td>{@code connectionMade}</td><td>done: WRAPPED; failure or timeout: CLOSED</td></tr>
 * <tr><td>WRAPPED</td><td>handshake done: the user's {@code connectionMade}, the waiter completes</td>
 *     <td>{@code close()}, the peer's close_notify, or EOF: SHUTDOWN</td></tr>
 * <tr><td>SHUTDOWN</td><td>close_notify sent (or EOF seen)</td><td>the peer's close_notify or EOF
 *     closes the socket; the shutdown timeout aborts it</td></tr>
 * <tr><td>CLOSED</td><td>{@code abort()}, a fatal error, or the socket's {@code connectionLost}</td><td>-</td></tr>
 * </table>
 * The user's protocol goes INIT &rarr; MADE [&rarr; EOF] &rarr; LOST (asyncio's {@code AppProtocolState}):
 * {@code connectionLost} only follows a {@code connectionMade}, so a failed handshake calls neither.
 * With {@link Net#startTls} the user's protocol already has its connection: it gets no
 * {@code connectionMade}, and the new transport is returned instead.
 *
 * <h2>Choices</h2>
 * <ul>
 * <li>The engine's delegated tasks (certificate checks, key agreement) run inline on the loop thread,
 *     as asyncio runs OpenSSL's handshake on its loop: a few milliseconds per handshake with EC keys,
 *     and a single-threaded state machine. Do not enable revocation checking (network I/O) on a loop.</li>
 * <li>Flow control passes through: writes are encrypted at once and buffered by the socket transport,
 *     whose pause/resume calls, water marks and buffer size (ciphertext bytes) are the TLS
 *     transport's. {@code pauseReading} pauses the socket; records already received wait.</li>
 * <li>A TCP EOF without close_notify is an EOF, not an error (as in asyncio); the user's
 *     {@code eofReceived} answer is ignored: there is no half-close over TLS.</li>
 * <li>{@link IOException}s (so {@link SSLException}s) and {@link TimeoutError}s reach the loop's
 *     exception handler only in debug mode (asyncio logs {@code OSError}s at debug level); other
 *     exceptions always do. No renegotiation is started (TLS 1.3 key updates are the engine's).</li>
 * </ul>
 */
final class SslProtocol implements Protocol {

    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum State { NEW, HANDSHAKE, WRAPPED, SHUTDOWN, CLOSED }

    private enum AppState { INIT, MADE, EOF, LOST }

    private final EventLoop loop;
    private final SslPipe pipe;
    private final SSLEngine engine;
    private final Duration handshakeTimeout;
    private final Duration shutdownTimeout;
    private final SslTransport appTransport = new SslTransport(this);
    /** False for startTls: the user's protocol already has its connection. */
    private final boolean callConnectionMade;
    private Protocol appProtocol;
    private Future<Void> waiter;
    private Transport transport;
    private State state = State.NEW;
    private AppState appState = AppState.INIT;
    /** The handshake or the shutdown timer. */
    private TimerHandle timer;
    private boolean readingPaused;
    private boolean writingPaused;
    private boolean eof;
    private boolean pumping;
    private boolean pumpAgain;
    /** The error that ended the connection, for {@code connectionLost}. */
    private Throwable fatal;

    /**
     * The general form: {@code serverName} is the name to verify and send as SNI on the client side
     * ("" for none); {@code callConnectionMade} false for {@link Net#startTls}.
     */
    SslProtocol(EventLoop loop, Protocol app, Tls.TlsOptions tls, boolean serverSide, String serverName,
            int port, Future<Void> waiter, boolean callConnectionMade) {
        this.loop = loop;
        this.appProtocol = Objects.requireNonNull(app, "the protocol factory returned null");
        this.pipe = SslPipe.open(tls.context(), serverSide, serverName, port, this::send);
        this.engine = pipe.engine;
        this.handshakeTimeout = tls.handshakeTimeout();
        this.shutdownTimeout = tls.shutdownTimeout();
        this.waiter = waiter;
        this.callConnectionMade = callConnectionMade;
    }

    /**
     * The client side: the protocol to give a new socket transport so that {@code app} talks TLS.
     * After the handshake {@code app} gets {@code connectionMade(appTransport())}, then {@code handshake}
     * completes (or fails with the handshake's error, unwrapped, or a {@link TimeoutError}). The name
     * checked and sent as SNI is {@code tls.serverHostname()}, or {@code host} if that is null.
     */
    static SslProtocol wrapClient(EventLoop loop, Protocol app, Tls.TlsOptions tls, String host, int port,
            Future<Void> handshake) {
        String name = tls.serverHostname() != null ? tls.serverHostname() : Objects.requireNonNull(host, "host");
        return new SslProtocol(loop, app, tls, false, name, port, handshake, true);
    }

    /** The server side: as {@link #wrapClient}, without a waiter; failures end the connection quietly. */
    static SslProtocol wrapServer(EventLoop loop, Protocol app, Tls.TlsOptions tls) {
        return new SslProtocol(loop, app, tls, true, null, -1, null, true);
    }

    /** The transport the user's protocol sees. */
    SslTransport appTransport() {
        return appTransport;
    }

    // ------------------------------------------------------------------------------------------
    // The socket transport's events

    /** The socket is connected (or handed over by startTls): starts the handshake and its timer. */
    @Override
    public void connectionMade(Transport t) {
        transport = t;
        state = State.HANDSHAKE;
        timer = loop.callLater(handshakeTimeout, this::handshakeTimedOut);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            handshakeFailed(e);
            return;
        }
        process();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (state == State.NEW || state == State.CLOSED) {
            return;
        }
        pipe.feed(data);
        process();
    }

    @Override
    public boolean eofReceived() {
        eof = true;
        switch (state) {
            case HANDSHAKE -> handshakeFailed(new SSLHandshakeException("Remote host terminated the handshake"));
            case WRAPPED -> peerEof(); // (not while paused: pausing the user pauses the socket)
            default -> maybeFinishShutdown();
        }
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        cancelTimer();
        Throwable e = exc != null ? exc : fatal;
        state = State.CLOSED;
        if (waiter != null) {
            wakeWaiter(e != null ? e : new SSLHandshakeException("the connection closed during the TLS handshake"));
        }
        if (appState == AppState.MADE || appState == AppState.EOF) {
            appState = AppState.LOST;
            appProtocol.connectionLost(e);
        }
    }

    @Override
    public void pauseWriting() {
        if (!writingPaused && (appState == AppState.MADE || appState == AppState.EOF)) {
            writingPaused = true;
            appProtocol.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        if (writingPaused) {
            writingPaused = false;
            appProtocol.resumeWriting();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Handshake

    private void handshakeComplete() {
        cancelTimer();
        state = State.WRAPPED;
        appState = AppState.MADE;
        if (callConnectionMade) {
            try {
                appProtocol.connectionMade(appTransport);
            } catch (Throwable e) {
                wakeWaiter(e);
                fatalError(e, "protocol.connectionMade() failed");
                return;
            }
        }
        wakeWaiter(null);
    }

    private void handshakeFailed(Throwable e) {
        fatalError(e, "TLS handshake failed");
        wakeWaiter(e);
    }

    private void handshakeTimedOut() {
        timer = null;
        if (state == State.HANDSHAKE) {
            handshakeFailed(new TimeoutError("TLS handshake is taking longer than "
                    + handshakeTimeout.toMillis() / 1000.0 + " seconds: aborting the connection"));
        }
    }

    private void wakeWaiter(Throwable e) {
        Future<Void> w = waiter;
        waiter = null;
        if (w != null && !w.done()) {
            if (e == null) {
                w.setResult(null);
            } else {
                w.setException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Moving the engine on

    /** Runs {@link #pump()}; an engine error ends the connection (a handshake failure during the handshake). */
    private void process() {
        try {
            pump();
        } catch (SSLException e) {
            if (state == State.HANDSHAKE) {
                handshakeFailed(e);
            } else {
                fatalError(e, "Fatal error on TLS connection");
            }
        }
    }

    /**
     * Runs the engine as far as the input at hand allows: delegated tasks, records to send (handshake
     * messages, alerts, close_notify), records to unwrap, then hands what it produced to the socket
     * and the plaintext to the user's protocol. Calls from the user's callbacks while it runs (a
     * {@code close()} in {@code dataReceived}) just ask for another round.
     */
    private void pump() throws SSLException {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                while (step()) {
                    // until the engine needs more input, or the user paused reading
                }
                pipe.flush();
                deliver();
            } while (pumpAgain && state != State.CLOSED);
            maybeFinishShutdown();
        } finally {
            pumping = false;
        }
    }

    /** One step of the engine; false when there is nothing more to do now. */
    private boolean step() throws SSLException {
        if (state == State.NEW || state == State.CLOSED) {
            return false;
        }
        HandshakeStatus hs = pipe.status();
        if (hs == HandshakeStatus.NEED_TASK) {
            pipe.runDelegatedTasks();
            return true;
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            return pipe.wrap(EMPTY) || pipe.status() != HandshakeStatus.NEED_WRAP;
        }
        if (state == State.HANDSHAKE && hs == HandshakeStatus.NOT_HANDSHAKING) {
            handshakeComplete();
            return true;
        }
        if (state == State.WRAPPED && readingPaused) {
            return false;
        }
        if (!pipe.hasRoom()) {
            deliver();
        }
        switch (pipe.unwrap()) {
            case NEED_INPUT -> {
                return false;
            }
            case CLOSED -> closeNotifyReceived();
            case PROGRESS -> {
                if (state == State.SHUTDOWN) {
                    pipe.dropPlaintext(); // after close(), what the peer still sends is dropped
                }
            }
        }
        return true;
    }

    /** The pipe's sink: records go to the socket transport, unless it is closing. */
    private void send(ByteBuffer records) {
        if (transport != null && !transport.isClosing()) {
            transport.write(records);
        }
    }

    /** Gives the plaintext unwrapped so far to the user's protocol, if it may have it now. */
    private void deliver() {
        if (state == State.WRAPPED && !readingPaused && appState == AppState.MADE) {
            pipe.drainPlaintext(appProtocol::dataReceived);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Closing

    private void closeNotifyReceived() throws SSLException {
        switch (state) {
            case HANDSHAKE -> throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
            case WRAPPED -> {
                deliver();
                callAppEof();
                startShutdown();
            }
            default -> {
            }
        }
    }

    /** A TCP EOF in WRAPPED: the user's protocol gets EOF, and the socket closes (no close_notify). */
    private void peerEof() {
        state = State.SHUTDOWN;
        callAppEof();
    }

    private void callAppEof() {
        if (appState == AppState.MADE) {
            appState = AppState.EOF;
            appProtocol.eofReceived(); // no half-close over TLS: the answer is ignored, as in asyncio
        }
    }

    /** {@code close()}, or the peer's close_notify: sends ours, then waits for theirs (or EOF). */
    void startShutdown() {
        if (state == State.HANDSHAKE) {
            abort(); // asyncio aborts a connection closed during its handshake
            return;
        }
        if (state != State.WRAPPED) {
            return;
        }
        state = State.SHUTDOWN;
        if (readingPaused) {
            readingPaused = false; // the peer's close_notify must be read
            transport.resumeReading();
        }
        timer = loop.callLater(shutdownTimeout, this::shutdownTimedOut);
        engine.closeOutbound();
        process();
    }

    private void maybeFinishShutdown() {
        if (state == State.SHUTDOWN && engine.isOutboundDone() && (eof || engine.isInboundDone())) {
            cancelTimer();
            transport.close(); // sends what is buffered, close_notify last, then connectionLost
        }
    }

    private void shutdownTimedOut() {
        timer = null;
        if (state == State.SHUTDOWN) {
            fatalError(new TimeoutError("TLS shutdown timed out after " + shutdownTimeout.toMillis() / 1000.0 + " seconds"),
                    "TLS shutdown failed");
        }
    }

    /** Closes at once; the user's protocol gets {@code connectionLost(null)} if it was connected. */
    void abort() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimer();
        if (transport != null) {
            transport.abort();
        }
    }

    /** Ends the connection because of {@code e}; see the class comment for what is reported. */
    private void fatalError(Throwable e, String what) {
        if (fatal == null) {
            fatal = e;
        }
        state = State.CLOSED;
        cancelTimer();
        if (!(e instanceof IOException || e instanceof TimeoutError) || loop.getDebug()) {
            loop.callExceptionHandler(new ErrorContext(what + " on " + this, e, null, null));
        }
        if (transport != null) {
            transport.abort();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    // ------------------------------------------------------------------------------------------
    // What the app transport ({@link SslTransport}) asks

    /** Encrypts and sends; the app transport is handed out after the handshake, so it is done. */
    void write(ByteBuffer data) {
        if (isClosing()) {
            throw new IllegalStateException("Cannot write to a closing transport");
        }
        if (!data.hasRemaining()) {
            return;
        }
        try {
            pipe.wrapAll(data);
            if (pipe.status() != HandshakeStatus.NOT_HANDSHAKING) {
                pump(); // a post-handshake message (a key update) to answer
            }
        } catch (SSLException e) {
            fatalError(e, "Fatal error on TLS connection");
        }
    }

    boolean isClosing() {
        return state == State.SHUTDOWN || state == State.CLOSED;
    }

    void pauseReading() {
        if (isClosing() || readingPaused) {
            return;
        }
        readingPaused = true;
        transport.pauseReading();
    }

    void resumeReading() {
        if (isClosing() || !readingPaused) {
            return;
        }
        readingPaused = false;
        transport.resumeReading();
        loop.callSoon(this::resumed);
    }

    boolean isReading() {
        return !readingPaused && !isClosing();
    }

    /** After {@code resumeReading}: the records that waited (the socket brings the rest). */
    private void resumed() {
        if (state != State.WRAPPED || readingPaused) {
            return;
        }
        try {
            process();
        } catch (Throwable e) {
            // Not inside a socket transport callback: a failing user callback is ours to report.
            fatalError(e, "Fatal error: protocol.dataReceived() call failed");
        }
    }

    Transport plainTransport() {
        return transport;
    }

    SslPipe pipe() {
        return pipe;
    }

    Protocol appProtocol() {
        return appProtocol;
    }

    void setAppProtocol(Protocol protocol) {
        appProtocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** Whether the handshake is done and the connection not ended yet. */
    boolean established() {
        return state == State.WRAPPED || state == State.SHUTDOWN;
    }

    /** The peer's port, if {@code t} is connected over IP (a hint for the engine's session cache). */
    static int peerPort(Transport t) {
        return t.getExtraInfo("peername") instanceof InetSocketAddress a ? a.getPort() : -1;
    }

    @Override
    public String toString() {
        return "<SslProtocol " + (engine.getUseClientMode() ? "client" : "server") + " " + state + " "
                + engine.getSession().getProtocol() + ">";
    }
}
