package io.jasyncio.http.client;

import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.net.Net;
import io.jasyncio.net.Server;
import io.jasyncio.net.Tls;
import io.jasyncio.streams.Streams;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS through the core's TLS: a local TLS server whose test certificate (made by the JDK's keytool, for the
 * name {@code localhost} only) the client trusts through a custom trust store; the JDK's trust store refuses
 * it, and so does the host-name check for {@code 127.0.0.1}.
 */
class TlsClientTest {
    private static final char[] PASSWORD = "jasyncio".toCharArray();
    private static KeyStore keys;
    private static KeyStore trust;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-client-tls");
        Path file = dir.resolve("server.p12");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", "jasyncio", "-keypass", "jasyncio", "-noprompt").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
            keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keys.load(in, PASSWORD);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
    }

    /** A TLS server answering every request on a connection with a small JSON body. */
    private static Server httpsServer() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return Streams.startServer((in, out) -> {
            while (true) {
                try {
                    in.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.EOFException e) {
                    return;
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"tls\":true}\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.drain();
            }
        }, "127.0.0.1", 0, Net.ServerOptions.defaults(), Tls.TlsOptions.of(ctx));
    }

    private static int port(Server s) {
        return ((InetSocketAddress) s.addresses().get(0)).getPort();
    }

    @Test
    void aCustomTrustStoreAcceptsTheServerAndTheHostNameIsChecked() {
        run(() -> {
            Server server = httpsServer();
            try (var session = ClientSession.builder().trustStore(trust).timeout(ClientTimeout.ofTotal(30)).build()) {
                String url = "https://localhost:" + port(server) + "/secure";
                for (int i = 0; i < 3; i++) {
                    try (var resp = session.get(url)) {
                        assertEquals(200, resp.status());
                        assertEquals(java.util.Map.of("tls", true), resp.json());
                    }
                }
                assertEquals(1, session.pool().openedCount(), "the TLS connection is kept alive");
                String byAddress = "https://127.0.0.1:" + port(server) + "/secure";
                var e = assertThrows(ClientError.Tls.class, () -> session.get(byAddress));
                assertTrue(e.getMessage().contains(byAddress), e.getMessage());
            } finally {
                server.close();
                server.abortClients();
                server.waitClosed();
            }
            return null;
        });
    }

    @Test
    void theJdkTrustStoreRefusesATestCertificate() {
        run(() -> {
            Server server = httpsServer();
            try (var session = ClientSession.builder().timeout(ClientTimeout.ofTotal(30)).build()) {
                String url = "https://localhost:" + port(server) + "/";
                var e = assertThrows(ClientError.Tls.class, () -> session.get(url));
                assertTrue(e.getMessage().startsWith("TLS with localhost:" + port(server) + " failed"), e.getMessage());
                assertTrue(e.getMessage().endsWith("(" + url + ")"), e.getMessage());
                assertEquals(0, session.pool().acquiredCount());
            } finally {
                server.close();
                server.abortClients();
                server.waitClosed();
            }
            return null;
        });
    }
}
