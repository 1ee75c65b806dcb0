package io.jasyncio;

/**
 * What happens to work running outside the loop (on another thread, or behind a
 * {@link java.util.concurrent.CompletionStage}) when the task awaiting it is cancelled. Passed to
 * {@link Asyncio#toThread(java.util.concurrent.Callable, ThreadCancelPolicy)},
 * {@link Asyncio#runInExecutor(java.util.concurrent.Executor, java.util.concurrent.Callable, ThreadCancelPolicy)}
 * and {@link Asyncio#await(java.util.concurrent.CompletionStage, ThreadCancelPolicy)}; the overloads
 * without it use {@link #INTERRUPT}. See docs/adr/0007-thread-work-cancellation.md.
 *
 * <p>Thread work that has not started yet (still queued in the executor) never starts, whatever the policy.
 * In every case the awaiting task raises {@link CancelledError}, and a result or exception the work
 * produces afterwards is dropped.
 *
 * <table>
 * <caption>Policies</caption>
 * <tr><th>policy</th><th>thread work ({@code toThread}, {@code runInExecutor})</th>
 *     <th>a {@code CompletionStage}</th><th>{@code CancelledError} raised</th></tr>
 * <tr><td>{@link #INTERRUPT}</td><td>the worker thread is interrupted</td>
 *     <td>{@code cancel(true)} if it is a {@code java.util.concurrent.Future}</td><td>at once</td></tr>
 * <tr><td>{@link #INTERRUPT_AND_WAIT}</td><td>interrupted, then waited for</td>
 *     <td>cancelled, then waited for until it reports completion</td><td>once the work has ended</td></tr>
 * <tr><td>{@link #ABANDON}</td><td>left running, undisturbed</td><td>left alone</td><td>at once</td></tr>
 * </table>
 */
public enum ThreadCancelPolicy {

    /**
     * Ask the work to stop and do not wait for it (the default). A worker thread gets
     * {@link Thread#interrupt()}: code that checks interrupts (a sleep, a blocking queue, interruptible
     * I/O) stops early, code that does not runs to its end. A stage that is a
     * {@link java.util.concurrent.Future} gets {@code cancel(true)}; a {@code CompletableFuture} is then
     * cancelled, but the thread computing it is not interrupted (the JDK ignores the flag there).
     */
    INTERRUPT,

    /**
     * Ask the work to stop as {@link #INTERRUPT} does, then wait until it has ended before raising
     * {@link CancelledError}, so that no work outlives the task that started it (Kotlin's
     * {@code runInterruptible}, trio's {@code to_thread.run_sync} without {@code abandon_on_cancel}).
     * Further cancellations of the task during that wait are absorbed. Work that ignores interrupts
     * delays the cancellation until it finishes. For a {@code CompletableFuture}, cancelling completes
     * it, so the wait ends at once.
     */
    INTERRUPT_AND_WAIT,

    /**
     * Leave running work alone: no interrupt, no {@code cancel}; it runs to its end and its outcome
     * is dropped, as in Python's {@code asyncio.to_thread}. Use it for work that must not be
     * interrupted half-way (an interrupt closes an NIO channel, for example). Note that
     * {@link Asyncio#run} still waits, when it ends, for the default executor's threads to finish.
     */
    ABANDON
}
