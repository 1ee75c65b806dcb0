package io.jasyncio.http.websocket;

import io.jasyncio.net.Net;
import io.jasyncio.net.Server;
import io.jasyncio.net.Tls;
import io.jasyncio.streams.Streams;
import io.jasyncio.Asyncio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** {@code wss://}: our client over the core's TLS, against our server behind the core's TLS streams. */
class WssTest {

    /** A server context with a fresh self-signed certificate for localhost, and a client context trusting it. */
    static SSLContext[] contexts() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-wss");
        Path file = dir.resolve("server.p12");
        char[] pw = "jasyncio".toCharArray();
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", file.toString(),
                    "-storetype", "PKCS12", "-storepass", "jasyncio", "-keypass", "jasyncio", "-noprompt")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, pw);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", ks.getCertificate("server"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            return new SSLContext[] {server, client};
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void echoOverTlsWithCompression() throws Exception {
        SSLContext[] ctx = contexts(); // keytool runs outside the loop: a real-clock loop below
        Asyncio.run(() -> echoOverTls(ctx));
    }

    private static Void echoOverTls(SSLContext[] ctx) throws Exception {
        Server server = Streams.startServer((r, w) -> WebSockets.run(WebSockets.accept(r, w, WebSocketOptions.defaults()),
                Battery::echo), "127.0.0.1", 0, Net.ServerOptions.defaults(), Tls.TlsOptions.of(ctx[0]));
        String url = "wss://localhost:" + Raw.port(server) + "/secure";
        try (WebSocket ws = WebSocketClient.connect(url, WebSocketOptions.defaults().withSslContext(ctx[1]))) {
            assertTrue(ws.compressed());
            for (int n : new int[] {0, 10, 70_000}) {
                String s = "é".repeat(n);
                ws.send(s);
                assertEquals(s, ws.receive().asText());
            }
        }
        // The JDK's default trust does not know our certificate: the handshake fails, no WebSocket.
        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> WebSocketClient.connect(url));
        server.close();
        server.waitClosed();
        return null;
    }
}
