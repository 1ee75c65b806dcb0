package io.jasyncio.http.server;

import io.jasyncio.Future;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A request body as it arrives: the connection's parser appends chunks (on the loop, in
 * {@code dataReceived}); the handler's task takes them. Reading pauses the transport when 256 KiB are held
 * unread and resumes it when the reader catches up.
 *
 * <p>States: receiving &rarr; complete (all bytes arrived) or failed (limit, timeout, malformed, disconnect);
 * orthogonally, once the handler is done it is "discarding": later chunks are dropped.
 */
final class RequestBody {
    static final int PAUSE_ABOVE = 256 * 1024;

    private final HttpConnection conn;
    private ArrayDeque<byte[]> chunks; // made on the first chunk
    private long held;          // bytes in chunks
    private long received;      // bytes received in total
    private boolean complete;
    private boolean discarding;
    private boolean streamed;   // readChunk() was used: readAll() is no longer possible
    private byte[] whole;       // readAll()'s result, kept
    private Throwable failure;
    private Future<Void> waiter;

    RequestBody(HttpConnection conn) {
        this.conn = conn;
    }

    // ---- the parser's side (loop callbacks)

    /** Appends a chunk; returns false if this passes {@code limit} (the caller fails the body). */
    boolean append(byte[] chunk, long limit) {
        received += chunk.length;
        if (received > limit) return false;
        if (discarding) return true;
        if (chunks == null) chunks = new ArrayDeque<>(4);
        chunks.add(chunk);
        held += chunk.length;
        if (held > PAUSE_ABOVE) conn.pauseBody();
        wake();
        return true;
    }

    void complete() {
        complete = true;
        wake();
    }

    void fail(Throwable error) {
        if (complete || failure != null) return;
        failure = error;
        wake();
    }

    boolean isComplete() {
        return complete;
    }

    long received() {
        return received;
    }

    /** The handler is done: drop what is held and what comes. */
    void discard() {
        discarding = true;
        if (chunks != null) chunks.clear();
        held = 0;
        conn.resumeBody();
    }

    // ---- the handler's side (its task)

    byte[] readAll() throws IOException {
        if (whole != null) return whole;
        if (streamed) throw new IllegalStateException("the body was already read with readChunk()");
        while (!complete) {
            checkFailed();
            conn.resumeBody(); // the whole body is wanted: never hold it back
            park();
        }
        if (chunks == null) {
            whole = new byte[0];
        } else if (chunks.size() == 1) {
            whole = chunks.poll();
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(held, Integer.MAX_VALUE - 8));
            for (byte[] c : chunks) out.write(c, 0, c.length);
            chunks.clear();
            whole = out.toByteArray();
        }
        held = 0;
        return whole;
    }

    byte[] readChunk() throws IOException {
        if (whole != null) throw new IllegalStateException("the body was already read whole with body()");
        streamed = true;
        while (chunks == null || chunks.isEmpty()) {
            if (complete) return null;
            checkFailed();
            park();
        }
        byte[] c = chunks.poll();
        held -= c.length;
        if (held <= PAUSE_ABOVE / 2) conn.resumeBody();
        return c;
    }

    private void checkFailed() throws IOException {
        if (failure instanceof HttpException h) throw new HttpException(h.status(), h.detail(), h.headers());
        if (failure instanceof IOException e) throw new IOException(e.getMessage(), e);
        if (failure != null) throw new IOException("request body failed: " + failure, failure);
    }

    private void park() {
        Future<Void> w = conn.loop().createFuture();
        waiter = w;
        try {
            w.call();
        } finally {
            if (waiter == w) waiter = null;
        }
    }

    private void wake() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) w.setResult(null);
        }
    }
}
