package io.jasyncio.examples.tour;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The tour on virtual time ({@code --fast}), and its options. */
class DemoTest {

    private record Result(int status, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result demo(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Demo.run("tour", Demo.sections(), args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sectionIdsAndTitlesAreUnique() {
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Section s : Demo.sections()) {
            assertTrue(ids.add(s.id()), "duplicate id " + s.id());
            assertTrue(titles.add(s.title()), "duplicate title " + s.title());
            assertTrue(s.id().matches("[a-z0-9-]+"), s.id());
        }
    }

    @Test
    void theFastTourRunsEverySectionUnderItsHeaderWithItsVirtualTime() {
        Result r = demo("--fast");
        assertEquals(0, r.status(), r.out());
        List<String> lines = r.lines();
        for (Section s : Demo.sections()) {
            assertTrue(lines.contains("== " + s.title() + " =="), "missing header of " + s.id());
        }
        assertFalse(r.out().contains("FAILED"), r.out());
        // The lines the seeds promise, with the times they promise.
        for (String expected : List.of("Task A: 3", "Task B: 2", "Caught: something went wrong", "Result: ok",
                "Error: oops", "Before blocking call", "[blocking] Starting heavy computation 10",
                "After blocking call, result: 100", "Done in 1.0s", "Done in 2.0s", "Hello, World!", "42",
                "[2, 4, 6] in 1.0s", "Concurrent total time: 3.00 seconds", "Sequential total time: 6.00 seconds",
                "Timed out — operation cancelled", "Produced item 1", "Consumed item 3", "cancelled: work(1), work(2)")) {
            assertTrue(lines.contains(expected), "missing line: " + expected);
        }
        assertEquals("-- 3.00 s", after(lines, "== interleaved output: two countdowns =="));
        assertEquals("-- 9.00 s", after(lines, "== concurrent vs sequential: User, Orders, Notifications =="));
        // Synchronization, context variables, threads both ways, async generators, sockets (real I/O, no
        // timers: no virtual time passes): a line and the time of each.
        for (String expected : List.of("with the lock: balance 300", "[0.30s] worker-3 starts",
                "[0.30s] consumer takes [1, 2, 3]", "[0.60s] all 5 done, at most 2 at a time",
                "a plain Semaphore(1) takes the same extra release() silently: value 2",
                "[0.30s] carol passes with arrival index 0", "[plain-thread] future.get() returned 42",
                "[0.25s] [r1] back in the task after toThread: still r1", "[1.40s] after break: closed as well",
                "client < ¿qué tal? ✓", "carol < Here: alice, bob, carol", "alice < * bob left")) {
            assertTrue(lines.contains(expected), "missing line: " + expected);
        }
        Map<String, String> times = new HashMap<>(Map.of("lock", "-- 0.40 s", "event", "-- 0.30 s", "condition", "-- 0.30 s",
                "semaphore", "-- 0.60 s", "bounded-semaphore", "-- 0.00 s", "barrier", "-- 0.30 s",
                "threadsafe", "-- 0.00 s", "cpu-parallel", "-- 0.00 s", "context-vars", "-- 0.25 s",
                "stream-lines", "-- 1.40 s"));
        times.put("echo", "-- 0.00 s"); // real sockets on a virtual clock: no timer, so no virtual time
        times.put("chat", "-- 0.00 s");
        for (Section s : Demo.sections()) {
            if (times.containsKey(s.id())) {
                assertEquals(times.get(s.id()), after(lines, "== " + s.title() + " =="), s.id());
            }
        }
        assertEquals(times.size(), Demo.sections().stream().filter(s -> times.containsKey(s.id())).count());
        assertTrue(lines.getLast().matches("== done: \\d+ examples in \\d+\\.\\d s of virtual time =="),
                lines.getLast());
    }

    /** The first "-- t s" line after {@code header}. */
    private static String after(List<String> lines, String header) {
        int i = lines.indexOf(header);
        assertTrue(i >= 0, header);
        return lines.subList(i, lines.size()).stream().filter(l -> l.startsWith("-- ")).findFirst().orElseThrow();
    }

    @Test
    void listPrintsIdAndTitleOfEverySection() {
        Result r = demo("--list");
        assertEquals(0, r.status());
        assertEquals(Demo.sections().size(), r.lines().size());
        assertTrue(r.lines().getFirst().startsWith("hello "), r.lines().getFirst());
        assertTrue(r.out().contains("asyncio.gather: three fetches concurrently"));
    }

    @Test
    void onlyRunsOneSectionChosenByIdTitleOrUniquePart() {
        for (String name : List.of("countdown", "interleaved output: two countdowns", "TWO COUNTDOWNS")) {
            Result r = demo("--fast", "--only", name);
            assertEquals(0, r.status());
            assertEquals(List.of("tour: 1 example on virtual time", "", "== interleaved output: two countdowns ==",
                    "Task A: 3", "Task B: 2", "Task A: 2", "Task B: 1", "Task A: 1", "Task B: done!", "Task A: done!",
                    "-- 3.00 s", "", "== done: 1 example in 3.0 s of virtual time =="), r.lines());
        }
    }

    @Test
    void unknownOrAmbiguousNamesAndOptionsAreUsageErrors() {
        assertEquals(2, demo("--only", "no-such-section").status());
        assertEquals(2, demo("--only", "gather").status()); // several sections mention gather
        assertEquals(2, demo("--only").status());
        assertEquals(2, demo("--slow").status());
    }
}
