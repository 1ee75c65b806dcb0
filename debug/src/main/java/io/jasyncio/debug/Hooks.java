package io.jasyncio.debug;

import io.jasyncio.Task;

/** What this module reads from the kernel beyond its public API. */
final class Hooks {

    private Hooks() {
    }

    /** The thread id of the task that created {@code t}, or -1. */
    static long creatorId(Task<?> t) {
        return io.jasyncio.internal.Kernel.access().creatorId(t);
    }
}
