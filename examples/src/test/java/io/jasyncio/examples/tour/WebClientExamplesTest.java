package io.jasyncio.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP client examples of seed 003 (examples/web) in the tour, on virtual time: their lines and times. */
class WebClientExamplesTest {

    private static List<String> tour(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Demo.run("tour", Demo.sections(), args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        return out.lines().toList();
    }

    @Test
    void fiveUsersAtOneSecondEachTakeOneSecond() {
        List<String> lines = tour("--fast", "--only", "fetch-users");
        String users = "  [User[id=1, name=user1], User[id=2, name=user2], User[id=3, name=user3], User[id=4, name=user4], "
                + "User[id=5, name=user5]]";
        assertEquals(2, lines.stream().filter(users::equals).count(), String.join("\n", lines));
        assertTrue(lines.contains("second run: 5 users in 1.00 s (each takes 1 s on the server; one after another: 5 s)"),
                String.join("\n", lines));
        assertTrue(lines.contains("-- 2.00 s"), String.join("\n", lines));
    }

    @Test
    void streamLinesYieldsEachLineAsItArrivesAndBreakCloses() {
        List<String> lines = tour("--fast", "--only", "stream-lines-http");
        for (String expected : List.of("  [0.00s] alpha", "  [0.20s] bravo", "  [0.40s] charlie", "  [0.60s] delta",
                "  [0.80s] echo", "streamed 5 lines in 1.00 s as they came, then 2 and stopped after 0.20 s", "-- 1.20 s")) {
            assertTrue(lines.contains(expected), "missing " + expected + " in\n" + String.join("\n", lines));
        }
    }

    @Test
    void scraperKeepsTenInFlight() {
        List<String> lines = tour("--fast", "--only", "scraper");
        assertTrue(lines.contains("fetched 50 pages, 13890 bytes, in 1.15 s with at most 10 in flight (server saw at most 10)"),
                String.join("\n", lines));
        assertTrue(lines.contains("one after another they would take 10.0 s"), String.join("\n", lines));
    }
}
