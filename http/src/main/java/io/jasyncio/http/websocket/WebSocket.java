package io.jasyncio.http.websocket;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.sync.Lock;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.http.Headers;
import io.jasyncio.http.websocket.internal.FrameDecoder;
import io.jasyncio.http.websocket.internal.MessageAssembler;
import io.jasyncio.http.websocket.internal.Frames;
import io.jasyncio.http.websocket.internal.PerMessageDeflate;
import io.jasyncio.http.websocket.internal.ProtocolError;
import io.jasyncio.http.websocket.internal.Utf8Validator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Objects;

/**
 * An open WebSocket connection (RFC 6455), server or client side: Python websockets'
 * {@code ServerConnection}/{@code ClientConnection}, aiohttp's {@code WebSocketResponse}/
 * {@code ClientWebSocketResponse}. Get one from {@link WebSockets#serve}, {@link ServerHandshake#open}
 * (inside an HTTP server) or {@link WebSocketClient#connect}. It works over a core stream pair, so
 * sending respects the {@link StreamWriter}'s flow control: {@code send} suspends in {@code drain()}
 * while the peer reads slower than we write, instead of buffering without bound.
 *
 * <pre>{@code
 * for (Message msg : ws) {                        // async for msg in ws:
 *     switch (msg) {
 *         case Message.Text t -> ws.send(t.text());
 *         case Message.Binary b -> ws.send(b.data());
 *     }
 * }                                               // ends when the peer closes normally
 * }</pre>
 *
 * <h2>Receiving</h2>
 * {@link #receive()} (and iteration) reads frames until a whole message is in: fragments are reassembled,
 * permessage-deflate messages decompressed, text checked as UTF-8. Control frames are handled on the
 * way, as aiohttp does: a ping is answered with a pong, a pong completes the {@link #ping()} it answers,
 * a close frame starts or finishes the close handshake. Pings are therefore answered while a task is
 * receiving, which a server's message loop always is. Only one task may receive at a time.
 *
 * <h2>Sending</h2>
 * Each {@code send} writes one frame in one write (frames of several tasks never interleave) and then
 * drains. Several tasks may send at once; {@link #sendTextFragments}/{@link #sendBinaryFragments} hold a
 * lock so other messages wait until the last fragment is out.
 *
 * <h2>Failures</h2>
 * A peer that breaks the protocol gets a close frame with the matching code and the connection is closed:
 * 1002 for a bad frame (reserved bits or opcodes, a fragmented or oversized control frame, an unmasked
 * frame from a client, a masked one from a server, a continuation out of place), 1007 for text that is not
 * UTF-8, 1009 for a message over {@link WebSocketOptions#maxMessageSize()} (counted after decompression, so
 * a compressed bomb is stopped at the limit). The operation that saw it raises {@link ConnectionClosedError}.
 *
 * <h2>States</h2>
 * <table>
 * <caption>WebSocket states</caption>
 * <tr><th>state</th><th>entered by</th><th>send</th><th>receive</th></tr>
 * <tr><td>OPEN</td><td>the opening handshake</td><td>sends</td><td>returns messages</td></tr>
 * <tr><td>CLOSING</td><td>a close frame sent or received</td><td>{@link ConnectionClosed}</td>
 *     <td>reads to the peer's close frame, then {@link ConnectionClosed}</td></tr>
 * <tr><td>CLOSED</td><td>the TCP connection closed</td><td>{@link ConnectionClosed}</td>
 *     <td>{@link ConnectionClosed}</td></tr>
 * </table>
 *
 * <p>Loop-confined, like its streams: use it from tasks of the loop that opened it.
 */
public final class WebSocket implements Iterable<Message>, AutoCloseable {

    /** Where a connection is in its life (see the class's state table). */
    public enum State { OPEN, CLOSING, CLOSED }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] EMPTY = new byte[0];

    private final StreamReader reader;
    private final StreamWriter writer;
    private final boolean server;
    private final WebSocketOptions options;
    private final String subprotocol;
    private final PerMessageDeflate deflate;
    private final FrameDecoder decoder;
    private final String path;
    private final Headers handshakeHeaders;
    private final Lock fragmentLock = new Lock();
    private final Future<Void> closeDone;
    private final PendingPings pings;

    private final MessageAssembler assembler;
    private State state = State.OPEN;
    private boolean receiving;
    private int rcvdCode = -1;
    private String rcvdReason = "";
    private int sentCode = -1;
    private String sentReason = "";
    private Throwable lostCause;
    private Task<Void> heartbeat;
    private final byte[] masks;
    private int maskPos;

    WebSocket(StreamReader reader, StreamWriter writer, boolean server, WebSocketOptions options,
              String subprotocol, PerMessageDeflate.Params deflateParams, String path, Headers handshakeHeaders) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.server = server;
        this.options = options;
        this.subprotocol = subprotocol;
        this.deflate = deflateParams == null ? null
                : PerMessageDeflate.forRole(deflateParams, server, options.compressionLevel());
        this.decoder = new FrameDecoder(reader, server, options.maxMessageSize());
        this.assembler = new MessageAssembler(options.maxMessageSize(), deflate);
        this.path = path;
        this.handshakeHeaders = handshakeHeaders.freeze();
        EventLoop loop = EventLoop.getRunningLoop();
        this.closeDone = loop.createFuture();
        this.pings = new PendingPings(loop);
        this.masks = server ? null : new byte[256];
        this.maskPos = server ? 0 : 256;
        if (options.pingInterval() != null) {
            heartbeat = Asyncio.createTask(this::keepalive, "websocket heartbeat");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Receiving

    /**
     * Waits for the next message: websockets' {@code await ws.recv()}, aiohttp's {@code await ws.receive()}
     * (without its control messages: pings are answered here, and a close ends in an exception).
     *
     * <p>Cancel safety: nothing is lost. Bytes already read stay in the connection's buffer, and a
     * fragmented message half received goes on in the next call.
     *
     * @return the message
     * @throws ConnectionClosedOK if the connection closed normally (1000, 1001, or no code)
     * @throws ConnectionClosedError if it closed otherwise: the peer broke the protocol (we sent the close
     *     code), sent an error code, or the connection was lost (1006)
     * @throws IllegalStateException if another task is receiving
     * @throws CancelledError if the task is cancelled while waiting
     */
    public Message receive() throws IOException {
        if (receiving) {
            throw new IllegalStateException("another task is already receiving from this WebSocket (only one may)");
        }
        receiving = true;
        try {
            return nextMessage();
        } finally {
            receiving = false;
        }
    }

    /**
     * The incoming messages, for {@code async for msg in ws}: {@code hasNext()} waits for the next one
     * (as {@link #receive()}) and returns false once the connection closed normally; an abnormal close
     * comes out of {@code hasNext()} as {@link ConnectionClosedError} (unchecked, as thrown).
     *
     * <p>Cancel safety: as {@link #receive()}.
     *
     * @return an iterator over the messages
     */
    @Override
    public Iterator<Message> iterator() {
        return new MessageIterator(this);
    }

    private Message nextMessage() throws IOException {
        while (true) {
            if (rcvdCode >= 0 || state == State.CLOSED) {
                throw closed();
            }
            try {
                if (!decoder.next()) {
                    lost(null);
                    throw closed();
                }
                Message m = onFrame();
                if (m != null) {
                    return m;
                }
            } catch (ProtocolError e) {
                failConnection(e.code(), e.getMessage());
                throw closed();
            } catch (ConnectionClosed e) {
                throw e;
            } catch (IOException e) {
                lost(e);
                throw closed();
            }
        }
    }

    /** Handles the decoder's current frame; returns a message once one is whole. */
    private Message onFrame() throws IOException {
        FrameDecoder d = decoder;
        byte[] buf = d.buf();
        int off = d.payloadOffset(), len = d.payloadLength();
        switch (d.opcode()) {
            case Frames.PING -> {
                if (state == State.OPEN) {
                    writeFrame(Frames.PONG, true, false, buf, off, len);
                    drain();
                }
                return null;
            }
            case Frames.PONG -> {
                pings.pong(d.payload());
                return null;
            }
            case Frames.CLOSE -> {
                onClose(buf, off, len);
                throw closed();
            }
            default -> { // TEXT, BINARY or CONTINUATION: the decoder let no other opcode through
                return assembler.onDataFrame(d.opcode(), d.fin(), d.rsv1(), buf, off, len);
            }
        }
    }

    private void onClose(byte[] b, int off, int len) throws IOException {
        int code = CloseCode.NO_STATUS_RCVD;
        String reason = "";
        if (len == 1) {
            throw new ProtocolError(1002, "close frame with a 1-byte payload");
        }
        if (len >= 2) {
            code = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
            if (!CloseCode.isSendable(code)) {
                throw new ProtocolError(1002, "invalid close code " + code);
            }
            if (!Utf8Validator.isValid(b, off + 2, len - 2)) {
                throw new ProtocolError(1007, "close reason is not valid UTF-8");
            }
            reason = new String(b, off + 2, len - 2, StandardCharsets.UTF_8);
        }
        rcvdCode = code;
        rcvdReason = reason;
        if (state == State.OPEN) {
            writeClose(code == CloseCode.NO_STATUS_RCVD ? -1 : code, reason); // echo it (section 5.5.1)
            state = State.CLOSING;
        }
        if (!closeDone.done()) {
            closeDone.setResult(null);
        }
        finishClosing();
    }

    /** After both close frames: the server closes TCP; the client first lets the server do it (7.1.1). */
    private void finishClosing() {
        if (!server) {
            try {
                Asyncio.waitFor(() -> {
                    while (reader.read(64 * 1024).length > 0) {
                        // discard: nothing may follow a close frame
                    }
                    return null;
                }, options.closeTimeout());
            } catch (Exception e) { // TimeoutError, or the I/O error the await raised
                // the server did not close in time, or broke: we close
            }
        }
        closeTransport();
    }

    // ------------------------------------------------------------------------------------------
    // Sending

    /**
     * Sends a text message: websockets' {@code await ws.send(str)}, aiohttp's {@code send_str}. Waits
     * while the peer is slow (the writer's drain).
     *
     * <p>Cancel safety: the frame is written before any wait; if the task is cancelled while draining, the
     * message is still sent.
     *
     * @param text the text
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void send(String text) throws IOException {
        sendMessage(Frames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a binary message: websockets' {@code await ws.send(bytes)}, aiohttp's {@code send_bytes}.
     * Otherwise as {@link #send(String)}.
     *
     * @param data the bytes (not kept after the call)
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void send(byte[] data) throws IOException {
        sendMessage(Frames.BINARY, Objects.requireNonNull(data, "data"));
    }

    private void sendMessage(int opcode, byte[] data) throws IOException {
        if (fragmentLock.locked()) { // another task is sending a fragmented message: after it
            try (var _ = fragmentLock.hold()) {
                sendWhole(opcode, data);
            }
        } else {
            sendWhole(opcode, data);
        }
    }

    private void sendWhole(int opcode, byte[] data) throws IOException {
        checkOpen();
        if (deflate != null) {
            byte[] z = deflate.compress(data, 0, data.length);
            writeFrame(opcode, true, true, z, 0, z.length);
        } else {
            writeFrame(opcode, true, false, data, 0, data.length);
        }
        drain();
    }

    /**
     * Sends one text message in fragments, one frame per element: websockets' {@code send(iterable)}. The
     * elements may come from an async generator (its {@code hasNext()} may suspend); an empty iterable sends
     * an empty message. Other tasks' messages wait until the last fragment is sent; pongs and close frames
     * may go in between, as the protocol allows. Fragmented messages are not compressed.
     *
     * <p>Cancel safety: a message cancelled midway is left unfinished, which the peer cannot tell from a
     * slow sender; close the connection after cancelling one.
     *
     * @param fragments the pieces of the text, each whole characters
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void sendTextFragments(Iterable<String> fragments) throws IOException {
        sendFragments(Frames.TEXT, fragments.iterator(), s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one binary message in fragments, one frame per element; see {@link #sendTextFragments}.
     *
     * @param fragments the pieces of the message
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void sendBinaryFragments(Iterable<byte[]> fragments) throws IOException {
        sendFragments(Frames.BINARY, fragments.iterator(), b -> b);
    }

    private <T> void sendFragments(int opcode, Iterator<T> it, java.util.function.Function<T, byte[]> bytes) throws IOException {
        try (var _ = fragmentLock.hold()) {
            checkOpen();
            if (!it.hasNext()) {
                writeFrame(opcode, true, false, EMPTY, 0, 0);
                drain();
                return;
            }
            int op = opcode;
            T cur = it.next();
            while (true) {
                byte[] b = bytes.apply(cur);
                boolean last = !it.hasNext();
                checkOpen();
                writeFrame(op, last, false, b, 0, b.length);
                drain();
                if (last) {
                    return;
                }
                op = Frames.CONTINUATION;
                cur = it.next();
            }
        }
    }

    /**
     * Sends a ping with 4 random bytes; the future completes with the round-trip time in seconds when
     * its pong arrives: websockets' {@code pong_waiter = await ws.ping(); latency = await pong_waiter}.
     * The pong is read by whichever task receives; a pong answers its ping and every earlier one.
     *
     * <p>Cancel safety: the ping is sent before any wait; cancelled while draining, the future still
     * completes when the pong comes.
     *
     * @return completes with the latency in seconds; cancelled if the connection closes first
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public Future<Double> ping() throws IOException {
        byte[] data = new byte[4];
        RANDOM.nextBytes(data);
        return ping(data);
    }

    /**
     * Sends a ping with the given payload; see {@link #ping()}.
     *
     * @param data up to 125 bytes, not the payload of a ping still waiting for its pong
     * @return completes with the latency in seconds; cancelled if the connection closes first
     * @throws IllegalArgumentException if the payload is over 125 bytes or already waiting
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public Future<Double> ping(byte[] data) throws IOException {
        if (data.length > Frames.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a ping's payload is at most 125 bytes, got " + data.length);
        }
        ByteBuffer key = pings.newKey(data);
        checkOpen();
        Future<Double> f = pings.sent(key);
        writeFrame(Frames.PING, true, false, data, 0, data.length);
        drain();
        return f;
    }

    /**
     * Sends an unsolicited pong (a one-way heartbeat, section 5.5.3).
     *
     * @param data up to 125 bytes
     * @throws ConnectionClosed if the connection is closing or closed
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void pong(byte[] data) throws IOException {
        if (data.length > Frames.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a pong's payload is at most 125 bytes, got " + data.length);
        }
        checkOpen();
        writeFrame(Frames.PONG, true, false, data, 0, data.length);
        drain();
    }

    private void writeFrame(int opcode, boolean fin, boolean rsv1, byte[] payload, int off, int len) throws ConnectionClosed {
        int key = 0;
        if (!server) {
            if (maskPos == masks.length) {
                RANDOM.nextBytes(masks); // 64 masking keys at a time (section 5.3: unpredictable)
                maskPos = 0;
            }
            key = ByteBuffer.wrap(masks, maskPos, 4).getInt();
            maskPos += 4;
        }
        try {
            writer.write(Frames.encode(opcode, fin, rsv1, payload, off, len, !server, key));
        } catch (IllegalStateException e) { // the writer is closing: the connection is gone
            lost(e.getCause());
            throw closed();
        }
    }

    private void writeClose(int code, String reason) throws ConnectionClosed {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = code < 0 ? EMPTY : new byte[2 + r.length];
        if (code >= 0) {
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
        }
        sentCode = code < 0 ? CloseCode.NO_STATUS_RCVD : code;
        sentReason = reason;
        writeFrame(Frames.CLOSE, true, false, payload, 0, payload.length);
    }

    private void drain() throws ConnectionClosed {
        try {
            writer.drain();
        } catch (IOException e) {
            lost(e);
            throw closed();
        }
    }

    private void checkOpen() throws ConnectionClosed {
        if (state != State.OPEN) {
            throw closed();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Closing

    /** {@link #close(int, String)} with 1000 and no reason: websockets' {@code await ws.close()}. */
    @Override
    public void close() {
        close(CloseCode.NORMAL_CLOSURE, "");
    }

    /**
     * Runs the close handshake: sends a close frame, waits for the peer's (reading and dropping the
     * messages that come first, unless another task is receiving: then that task sees the close frame),
     * and closes the TCP connection; the whole within {@link WebSocketOptions#closeTimeout()}, after which
     * the connection is dropped. websockets' {@code await ws.close(code, reason)}, aiohttp's
     * {@code await ws.close(code=..., message=...)}. Idempotent; never raises for a connection that is
     * already broken.
     *
     * <p>Cancel safety: the close frame is sent first; a task cancelled while waiting for the peer leaves
     * the connection closing, and the TCP connection is closed when the cancellation goes through.
     *
     * @param code a sendable close code (see {@link CloseCode#isSendable})
     * @param reason the reason, at most 123 bytes in UTF-8
     * @throws IllegalArgumentException for a code that may not be sent or a reason too long
     * @throws CancelledError if the task is cancelled while waiting
     */
    public void close(int code, String reason) {
        if (!CloseCode.isSendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (1000-1003, 1007-1014, 3000-4999)");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes in UTF-8");
        }
        if (state == State.OPEN) {
            try {
                writeClose(code, reason);
                state = State.CLOSING;
                writer.drain();
            } catch (IOException e) {
                lost(e);
            }
        }
        try {
            if (state != State.CLOSED && rcvdCode < 0) {
                if (receiving) { // the receiving task will read the peer's close frame
                    Asyncio.waitFor(closeDone, options.closeTimeout());
                } else {
                    receiving = true;
                    try {
                        Asyncio.waitFor(this::discardUntilClosed, options.closeTimeout());
                    } finally {
                        receiving = false;
                    }
                }
            }
        } catch (TimeoutError e) {
            // the peer did not answer in time: drop the connection
        } finally {
            closeTransport();
        }
    }

    private Void discardUntilClosed() {
        try {
            while (true) {
                nextMessage();
            }
        } catch (IOException e) {
            return null; // ConnectionClosed: the close frame came (or the connection ended)
        }
    }

    /** Fails the connection (section 7.1.7): a close frame with the code if still open, then TCP close. */
    private void failConnection(int code, String reason) {
        if (state == State.OPEN) {
            try {
                writeClose(code, reason.length() > 100 ? reason.substring(0, 100) : reason);
            } catch (ConnectionClosed e) {
                // already gone
            }
            state = State.CLOSING;
        }
        if (!closeDone.done()) {
            closeDone.setResult(null);
        }
        closeTransport();
    }

    /** The connection ended under us (EOF, reset, a failed write). */
    private void lost(Throwable cause) {
        if (lostCause == null) {
            lostCause = cause;
        }
        if (!closeDone.done()) {
            closeDone.setResult(null);
        }
        if (state != State.CLOSED) {
            state = State.CLOSED;
            writer.close();
            closedDown();
        }
    }

    private void closeTransport() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closedDown();
        writer.close();
        try {
            Asyncio.waitFor(() -> {
                writer.waitClosed();
                return null;
            }, options.closeTimeout());
        } catch (Exception e) { // TimeoutError, or the I/O error the await raised
            // closed anyway; a reset at the end of a closed WebSocket is no news
        }
    }

    private void closedDown() {
        Task<Void> hb = heartbeat;
        heartbeat = null;
        if (hb != null && hb != Asyncio.currentTask()) {
            hb.cancel("the WebSocket closed");
        }
        pings.cancelAll();
        if (deflate != null) {
            deflate.end();
        }
    }

    private Void keepalive() throws IOException {
        while (state == State.OPEN) {
            Asyncio.sleep(options.pingInterval());
            if (state != State.OPEN) {
                break;
            }
            Future<Double> pong = ping();
            try {
                Asyncio.waitFor(pong, options.pingTimeout());
            } catch (TimeoutError e) {
                failConnection(CloseCode.INTERNAL_ERROR, "keepalive ping timeout");
                break;
            }
        }
        return null;
    }

    private ConnectionClosed closed() {
        int code;
        String reason;
        if (rcvdCode >= 0) {
            code = rcvdCode;
            reason = rcvdReason;
        } else if (sentCode >= 0) {
            code = sentCode;
            reason = sentReason;
        } else {
            code = CloseCode.ABNORMAL_CLOSURE;
            reason = "";
        }
        boolean ok = rcvdCode >= 0 && sentCode >= 0 && (code == 1000 || code == 1001 || code == 1005);
        return ok ? new ConnectionClosedOK(code, reason) : new ConnectionClosedError(code, reason, lostCause);
    }

    // ------------------------------------------------------------------------------------------
    // Information

    /**
     * Where the connection is: OPEN, CLOSING or CLOSED.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * The close code received, else sent, else null while no close frame went either way
     * (aiohttp's {@code close_code}); 1006 once the connection was lost without one.
     *
     * @return the code, or null
     */
    public Integer closeCode() {
        if (rcvdCode < 0 && sentCode < 0) {
            return state == State.CLOSED ? CloseCode.ABNORMAL_CLOSURE : null;
        }
        return rcvdCode >= 0 ? rcvdCode : sentCode;
    }

    /**
     * The close reason that goes with {@link #closeCode()}, empty if none.
     *
     * @return the reason
     */
    public String closeReason() {
        return rcvdCode >= 0 ? rcvdReason : sentReason;
    }

    /**
     * The negotiated subprotocol, or null.
     *
     * @return the subprotocol
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Whether permessage-deflate was negotiated.
     *
     * @return true if messages are compressed
     */
    public boolean compressed() {
        return deflate != null;
    }

    /**
     * The request path (with its query) of the opening handshake.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The headers of the opening handshake from the other side: the request's on a server, the
     * response's on a client (read-only).
     *
     * @return the headers
     */
    public Headers handshakeHeaders() {
        return handshakeHeaders;
    }

    /**
     * Whether this is the server's side of the connection.
     *
     * @return true on a server
     */
    public boolean isServer() {
        return server;
    }

    /**
     * The peer's address, as the transport's {@code "peername"}.
     *
     * @return the address, or null if unknown
     */
    public Object remoteAddress() {
        return writer.getExtraInfo("peername");
    }

    @Override
    public String toString() {
        return "<WebSocket " + (server ? "server" : "client") + " " + path + " " + state
                + (closeCode() == null ? "" : " code=" + closeCode()) + ">";
    }
}
