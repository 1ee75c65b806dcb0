package io.jasyncio.http.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Python HTTP server we did not write (aiohttp.web, uvicorn), run as a child process on 127.0.0.1 and a port
 * the OS picks; the script prints {@code PORT n}. CI installs the packages from the offline wheel mirror
 * ({@code .ci/run}). Started from the test thread before the loop runs, stopped by {@link #close()}.
 */
final class PythonPeer implements AutoCloseable {
    private final Process process;
    final int port;

    private PythonPeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code peers/<script>} from the test resources.
     *
     * @param module the Python module the script needs, checked first (the test is skipped without it only if
     *     {@code JASYNCIO_PEERS_OPTIONAL} is set; CI installs it)
     */
    static PythonPeer start(String script, String module) throws Exception {
        if (System.getenv("JASYNCIO_PEERS_OPTIONAL") != null) {
            Process probe = new ProcessBuilder("python3", "-c", "import " + module).start();
            Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, module + " is not installed");
        }
        Path file = Files.createTempFile("jasyncio-peer", ".py");
        try (InputStream in = PythonPeer.class.getResourceAsStream("/peers/" + script)) {
            Files.write(file, in.readAllBytes());
        }
        file.toFile().deleteOnExit();
        Process p = new ProcessBuilder("python3", file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first;
        try {
            first = line.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " did not print its port in 60 s", e);
        }
        if (first == null || !first.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " failed to start (is python3 with " + module + " installed?): " + first);
        }
        return new PythonPeer(p, Integer.parseInt(first.substring(5).trim()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
