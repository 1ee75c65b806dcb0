package io.jasyncio;

/**
 * The loop binding of queues and synchronization primitives (CPython's {@code mixins._LoopBoundMixin}):
 * such an object is created without a loop and belongs to the loop of the first task that waits on
 * it; a task of another loop that must wait on it is refused. Operations that do not wait need no
 * loop and are not checked, as in asyncio.
 */
final class LoopBound {

    private LoopBound() {
    }

    /**
     * The current task, about to wait on {@code user}; the caller then stores {@code task.loop} as the
     * bound loop (it is {@code bound}, or the first one).
     *
     * @param bound the loop {@code user} is bound to, or null if none yet
     * @param user the queue or primitive, named in the error message
     * @param what the operation, e.g. {@code "Lock.acquire()"}
     * @return the current task
     * @throws IllegalStateException if not called from a task, or from a task of a loop other than
     *     {@code bound}
     */
    static Task<?> currentTask(EventLoop bound, Object user, String what) {
        Task<?> t = Task.currentOrThrow(what);
        if (bound != null && bound != t.loop) {
            throw new IllegalStateException(user + " is bound to a different event loop: it is used by tasks of "
                    + bound + ", and " + what + " was called from " + t + " of " + t.loop);
        }
        return t;
    }
}
