package io.jasyncio.http.server;

import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;

/**
 * A connection taken over by {@link Request#upgrade}: the raw bytes after the {@code 101 Switching
 * Protocols} head, as core streams. The reader starts with any bytes the client sent after its request head;
 * the writer has flow control ({@link StreamWriter#drain()}). The handler that upgraded owns the connection
 * until it returns; then the server closes it.
 *
 * @param reader the bytes from the client
 * @param writer the bytes to the client
 */
public record Upgraded(StreamReader reader, StreamWriter writer) {
}
