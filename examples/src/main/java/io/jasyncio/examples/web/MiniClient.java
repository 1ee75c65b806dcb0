package io.jasyncio.examples.web;

import io.jasyncio.streams.Streams;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of an HTTP/1.1 client for the web examples' demos: one keep-alive connection, requests with
 * an optional JSON body, responses with a Content-Length. (The HTTP client module does the real job.)
 */
final class MiniClient implements AutoCloseable {
    private final StreamReader reader;
    private final StreamWriter writer;

    MiniClient(int port) throws IOException {
        Streams.StreamPair p = Streams.openConnection("127.0.0.1", port);
        reader = p.reader();
        writer = p.writer();
    }

    /** Sends a request; returns "METHOD target -> status body". */
    String request(String method, String target, String json) throws IOException {
        StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) req.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        writer.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        writer.write(body);
        writer.drain();
        String head = new String(reader.readuntil("\r\n\r\n".getBytes()), StandardCharsets.UTF_8);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
        }
        String text = new String(reader.readexactly(length), StandardCharsets.UTF_8);
        return method + " " + target + " -> " + status + " " + text;
    }

    @Override
    public void close() {
        writer.close();
    }
}
