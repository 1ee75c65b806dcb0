package io.jasyncio.http.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile and edge-case requests from {@code vectors/requests.txt} (format in the file's header), each on a
 * fresh connection: the status (and body) must be the expected one, and a refused request must close the
 * connection.
 */
public class VectorTest {

    public record Vector(String name, int status, String body, byte[] bytes) {
    }

    public static List<Vector> load() throws IOException {
        String text;
        try (InputStream in = VectorTest.class.getResourceAsStream("/vectors/requests.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Vector> out = new ArrayList<>();
        String name = null, expect = null;
        StringBuilder raw = new StringBuilder();
        for (String line : (text + "\n=== end").split("\n")) {
            if (line.startsWith("#") || (line.isBlank() && raw.isEmpty())) continue;
            if (line.startsWith("=== ")) {
                if (name != null) {
                    String[] e = expect.split(" ", 3);
                    out.add(new Vector(name, Integer.parseInt(e[1]), e.length > 2 ? new String(unescape(e[2]), StandardCharsets.UTF_8) : null,
                            unescape(raw.toString())));
                }
                name = line.substring(4);
                expect = null;
                raw.setLength(0);
            } else if (expect == null) {
                assertTrue(line.startsWith("expect "), "vector " + name + ": expected an 'expect' line, got " + line);
                expect = line;
            } else {
                raw.append(line);
            }
        }
        return out;
    }

    /** Escapes: \r \n \t \0 \\ \xHH, and {C*N} for N copies of the character C. */
    static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char n = s.charAt(++i);
                switch (n) {
                    case 'r' -> b.write('\r');
                    case 'n' -> b.write('\n');
                    case 't' -> b.write('\t');
                    case '0' -> b.write(0);
                    case '\\' -> b.write('\\');
                    case 'x' -> {
                        b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + n);
                }
            } else if (c == '{' && s.indexOf('*', i) == i + 2) {
                int end = s.indexOf('}', i);
                int n = Integer.parseInt(s.substring(i + 3, end));
                for (int k = 0; k < n; k++) b.write(s.charAt(i + 1));
                i = end;
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    @Test
    void everyVectorGetsItsStatus() throws IOException {
        List<Vector> vectors = load();
        assertTrue(vectors.size() >= 40, "vectors loaded: " + vectors.size());
        App app = new App();
        app.get("/", r -> "Hello, World!");
        app.post("/echo", r -> Response.bytes(r.body(), "application/octet-stream"));
        app.get("/q", r -> r.rawQuery());
        app.get("/p/{x}", r -> r.pathParam("x"));
        List<String> failures = new ArrayList<>();
        ServerTest.withServer(app, ServerConfig.defaults().withMaxBodyBytes(64).withMaxHeadBytes(1024), port -> {
            for (Vector v : vectors) {
                try (RawClient c = new RawClient(port)) {
                    c.writer.write(v.bytes());
                    RawClient.Resp r = c.read();
                    if (r.status() != v.status()) {
                        failures.add(v.name() + ": expected " + v.status() + ", got " + r.status() + " " + r.body());
                    } else if (v.body() != null && !v.body().equals(r.body())) {
                        failures.add(v.name() + ": expected body " + v.body() + ", got " + r.body());
                    } else if (v.status() >= 400 && v.status() != 405 && !c.atEof()) {
                        failures.add(v.name() + ": the connection stayed open after " + v.status());
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(v.name() + ": " + e);
                }
            }
        });
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
