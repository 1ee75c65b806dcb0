package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;

import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The README's code, compiled and run, so that it stays true. */
class ReadmeSnippetsTest {

    @AsyncioTest
    void tasksCancellationExceptions() {
        List<String> out = new ArrayList<>();
        // README: "Tasks, cancellation, exceptions"
        Task<String> t = createTask(() -> { sleep(10); return "done"; });
        sleep(1);
        t.cancel("no longer needed");          // CancelledError is raised inside t at its sleep
        try {
            await(t);
        } catch (CancelledError e) {
            out.add("cancelled: " + e.getMessage());
        }
        assertEquals(List.of("cancelled: no longer needed"), out);
    }

    @AsyncioTest
    void gatherTakesAsLongAsTheSlowest(EventLoop loop) {
        // README: "Testing your code"
        gather(() -> sleep(2, "a"), () -> sleep(3, "b"), () -> sleep(1, "c"));
        assertEquals(3.0, loop.time());   // exact, and instant
    }

    @AsyncioTest
    void synchronization(EventLoop loop) {
        // README: "Synchronization"
        Semaphore slots = new Semaphore(2);        // at most two fetches at a time
        Event go = new Event();
        List<Coroutine<String>> fetches = new ArrayList<>();
        for (String url : List.of("a", "b", "c", "d")) {
            fetches.add(() -> {
                go.await();                        // await go.wait()
                try (var _ = slots.hold()) {       // async with slots:
                    sleep(1);
                    return "page " + url;
                }
            });
        }
        getRunningLoop().callLater(0.5, go::set);
        List<String> pages = gather(fetches);      // at 2.5 s: from 0.5, two rounds of one second
        assertEquals(List.of("page a", "page b", "page c", "page d"), pages);
        assertEquals(2.5, loop.time());
    }
}
