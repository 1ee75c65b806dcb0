package io.jasyncio;

import java.util.List;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tasks that record when they get past a wait: the shared fixture of the synchronization tests. */
final class Recording {

    private Recording() {
    }

    /**
     * Creates a task named {@code name} that runs {@code step} (typically an acquire or a wait), then
     * adds its name to {@code log}.
     */
    static Task<Void> after(Runnable step, String name, List<String> log) {
        return createTask(() -> {
            step.run();
            log.add(name);
            return null;
        }, name);
    }

    /**
     * The lost wake-up race: cancels {@code woken}, which was just woken and has not run yet, and checks
     * that it ends cancelled and that the wake-up reached {@code next} instead: {@code next} alone got
     * past its wait.
     */
    static void cancelAndExpectPassedOn(Task<Void> woken, Task<Void> next, List<String> log) {
        woken.cancel();
        assertThrows(CancelledError.class, () -> await(woken));
        await(next);
        assertEquals(List.of(next.getName()), log);
    }
}
