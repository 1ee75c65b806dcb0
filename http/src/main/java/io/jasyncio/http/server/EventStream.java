package io.jasyncio.http.server;

import java.io.IOException;

/**
 * The sending side of Server-Sent Events ({@link Response#sse}): each {@link #send} writes one event in the
 * {@code text/event-stream} format and waits while the client is slow, as {@link ResponseStream#write}.
 *
 * <p>Loop-confined: use it from the task running the producer.
 */
public final class EventStream {
    private final ResponseStream out;

    EventStream(ResponseStream out) {
        this.out = out;
    }

    /**
     * Sends a message event ({@code data:} lines, one per line of {@code data}).
     *
     * <p>Cancel safety: as {@link ResponseStream#write}.
     *
     * @throws IOException if the client has disconnected
     */
    public void send(String data) throws IOException {
        send(null, data, null);
    }

    /** Sends a named event; as {@link #send(String)}. */
    public void send(String event, String data) throws IOException {
        send(event, data, null);
    }

    /**
     * Sends an event with an optional name and id (null leaves a field out).
     *
     * @throws IllegalArgumentException if {@code event} or {@code id} holds a line break
     * @throws IOException if the client has disconnected
     */
    public void send(String event, String data, String id) throws IOException {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (id != null) sb.append("id: ").append(oneLine(id, "id")).append('\n');
        if (event != null) sb.append("event: ").append(oneLine(event, "event")).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) sb.append("data: ").append(line).append('\n');
        out.write(sb.append('\n').toString());
    }

    /** Sends a comment line (ignored by clients; keeps proxies from timing out). */
    public void comment(String text) throws IOException {
        out.write(": " + oneLine(text, "comment") + "\n\n");
    }

    private static String oneLine(String s, String what) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("SSE " + what + " must not hold a line break: " + s);
        }
        return s;
    }
}
