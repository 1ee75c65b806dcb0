package io.jasyncio.http.server;

import io.jasyncio.streams.Streams;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.http.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A byte-exact HTTP/1.1 client for tests: sends raw bytes, reads responses (Content-Length, chunked, or to EOF). */
final class RawClient implements AutoCloseable {

    /** A parsed response. */
    record Resp(int status, Headers headers, String body) {
    }

    final StreamReader reader;
    final StreamWriter writer;

    RawClient(int port) throws IOException {
        Streams.StreamPair p = Streams.openConnection("127.0.0.1", port);
        reader = p.reader();
        writer = p.writer();
    }

    RawClient send(String raw) throws IOException {
        writer.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        writer.drain();
        return this;
    }

    /** Reads one response; {@code head} for a HEAD request (no body whatever the fields say). */
    Resp read(boolean head) throws IOException {
        String h = new String(reader.readuntil("\r\n\r\n".getBytes()), StandardCharsets.ISO_8859_1);
        String[] lines = h.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Headers headers = new Headers();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.add(lines[i].substring(0, c), lines[i].substring(c + 1).trim());
        }
        if (head || status < 200 || status == 204 || status == 304) return new Resp(status, headers, "");
        String cl = headers.get("Content-Length");
        byte[] body;
        if (cl != null) {
            body = reader.readexactly(Integer.parseInt(cl));
        } else if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            StringBuilder sb = new StringBuilder();
            while (true) {
                String size = new String(reader.readline(), StandardCharsets.ISO_8859_1).trim();
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    reader.readline();
                    break;
                }
                sb.append(new String(reader.readexactly(n), StandardCharsets.UTF_8));
                reader.readline();
            }
            return new Resp(status, headers, sb.toString());
        } else {
            body = reader.read();
            StringBuilder sb = new StringBuilder(new String(body, StandardCharsets.UTF_8));
            while (body.length > 0) {
                body = reader.read();
                sb.append(new String(body, StandardCharsets.UTF_8));
            }
            return new Resp(status, headers, sb.toString());
        }
        return new Resp(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    Resp read() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection (EOF with nothing more). */
    boolean atEof() throws IOException {
        return reader.read().length == 0;
    }

    @Override
    public void close() {
        writer.close();
    }
}
