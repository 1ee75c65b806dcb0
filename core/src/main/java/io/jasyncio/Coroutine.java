package io.jasyncio;

/**
 * A coroutine: a deferred body that does nothing until it is awaited or wrapped in a task.
 *
 * <p>This is the Java shape of Python's {@code async def}. A lambda {@code () -> fetch("a")} is a
 * coroutine object: creating it runs nothing. {@link Asyncio#await(Coroutine)} runs it inline in the
 * current task (Python's {@code await coro}); {@link Asyncio#createTask(Coroutine)} schedules it as a
 * task of its own. {@link Future} and {@link Task} are coroutines too: calling one waits for its
 * outcome, so every combinator ({@code gather}, {@code waitFor}, ...) accepts both.
 *
 * <p>Inside a coroutine, ordinary Java calls are Python's {@code await}: {@code sleep(1)} suspends the
 * task, not the loop thread, because every task runs on a virtual thread scheduled by the loop.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Coroutine<T> {

    /**
     * Runs the body in the current task and returns its result.
     *
     * @return the result
     * @throws Exception whatever the body throws; it propagates through {@code await} unchanged
     */
    T call() throws Exception;
}
