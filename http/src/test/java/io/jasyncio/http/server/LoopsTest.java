package io.jasyncio.http.server;

import io.jasyncio.Asyncio;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** {@code loops > 1}: connections spread over several loop threads (SO_REUSEPORT), each serving the app. */
class LoopsTest {

    @Test
    void connectionsSpreadOverTwoLoopsAndShutdownStopsBoth() {
        App app = new App();
        app.get("/loop", req -> String.valueOf(System.identityHashCode(Asyncio.getRunningLoop())));
        Set<String> loops = new HashSet<>();
        Asyncio.run(() -> Asyncio.timeout(60, () -> {
            HttpServer s = HttpServer.start(app, "127.0.0.1", 0, ServerConfig.defaults().withLoops(2));
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 32; i++) clients.add(new RawClient(s.port())); // 2^-31 odds of one loop only
                for (RawClient c : clients) c.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n");
                for (RawClient c : clients) loops.add(c.read().body());
            } finally {
                for (RawClient c : clients) c.close();
                s.shutdown();
            }
            return null;
        }));
        assertEquals(2, loops.size(), "loops seen: " + loops);
    }
}
