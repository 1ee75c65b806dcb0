package io.jasyncio.http.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of a streamed response ({@link Response#stream}), sent with chunked transfer coding (to an
 * HTTP/1.0 client: as plain bytes ended by closing the connection). Each
 * {@link #write} sends a chunk and then waits while the client is slow (the transport's buffer over its high
 * water mark): backpressure pauses the producer instead of buffering without bound.
 *
 * <p>Loop-confined: use it from the task running the producer.
 */
public final class ResponseStream {
    private final HttpConnection conn;
    private final boolean chunked;

    ResponseStream(HttpConnection conn, boolean chunked) {
        this.conn = conn;
        this.chunked = chunked;
    }

    /**
     * Sends {@code data} as one chunk (an empty array sends nothing), then waits until the client has taken
     * enough of what is buffered.
     *
     * <p>Cancel safety: if cancelled while waiting, the chunk is already buffered and will be sent; the
     * response is cut short and the connection closed.
     *
     * @throws IOException if the client has disconnected
     */
    public void write(byte[] data) throws IOException {
        if (data.length == 0) return;
        if (chunked) conn.writeChunk(data);
        else conn.write(java.nio.ByteBuffer.wrap(data)); // HTTP/1.0: the body ends with the connection
        conn.drain();
    }

    /** Sends {@code text} as UTF-8; as {@link #write(byte[])}. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }
}
