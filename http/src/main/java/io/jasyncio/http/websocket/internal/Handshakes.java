package io.jasyncio.http.websocket.internal;

import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.Http1Parser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The opening handshake's pieces shared by server and client (RFC 6455 sections 1.3 and 4). */
public final class Handshakes {
    /** The GUID appended to the key before hashing (section 1.3). */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshakes() {
    }

    /** {@code Sec-WebSocket-Accept} for a {@code Sec-WebSocket-Key}: base64(SHA-1(key + GUID)). */
    public static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** Whether any value of {@code name} lists {@code token} (comma-separated, case-insensitive). */
    public static boolean hasToken(Headers headers, String name, String token) {
        for (String v : headers.getAll(name)) {
            if (Http1Parser.hasToken(v, token)) {
                return true;
            }
        }
        return false;
    }

    /** Every comma-separated token of every value of {@code name}, trimmed. */
    public static java.util.List<String> tokens(Headers headers, String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String v : headers.getAll(name)) {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    out.add(t.trim());
                }
            }
        }
        return out;
    }

    /**
     * An HTTP/1.1 message head: its start line and header fields.
     *
     * @param startLine the request line or the status line
     * @param headers the fields
     */
    public record Head(String startLine, Headers headers) {
        /**
         * Parses a head ending with an empty line (as {@code readuntil("\r\n\r\n")} returns it).
         *
         * @throws IllegalArgumentException naming what is malformed
         */
        public static Head parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            if (lines.length == 0 || lines[0].isEmpty()) {
                throw new IllegalArgumentException("empty HTTP message head");
            }
            Headers headers = new Headers();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("malformed header line: " + line);
                }
                headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
            return new Head(lines[0], headers);
        }

        /** Writes a head back to bytes, ending with the empty line. */
        public static byte[] format(String startLine, Headers headers) {
            StringBuilder sb = new StringBuilder(256).append(startLine).append("\r\n");
            for (int i = 0; i < headers.size(); i++) {
                sb.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
