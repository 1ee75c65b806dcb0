package io.jasyncio;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate for {@code localhost} and {@code 127.0.0.1}, made once per test JVM with
 * the JDK's {@code keytool} in a temporary directory (deleted again), and the contexts the TLS tests use.
 */
final class TestCerts {

    private static final String PASSWORD = "jasyncio";
    private static KeyStore keyStore;

    private TestCerts() {
    }

    /** The key store holding the server's key and certificate under the alias "server". */
    static synchronized KeyStore keyStore() throws Exception {
        if (keyStore == null) {
            keyStore = generate();
        }
        return keyStore;
    }

    private static KeyStore generate() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-tls");
        Path file = dir.resolve("server.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                    "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            return ks;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The server's certificate. */
    static Certificate certificate() throws Exception {
        return keyStore().getCertificate("server");
    }

    /** A server context with the key and certificate. */
    static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context that trusts the server's certificate only. */
    static SSLContext clientContext() throws Exception {
        return clientContext("TLS");
    }

    /**
     * A client context that trusts the server's certificate only.
     *
     * @param protocol "TLS" (TLS 1.3 and 1.2), or "TLSv1.2" to cap the client at 1.2
     */
    static SSLContext clientContext(String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The TLS versions the tests run on. */
    static List<String> protocols() {
        return List.of("TLSv1.3", "TLSv1.2");
    }
}
