/**
 * The kernel: Python's asyncio core for Java. Start at {@link io.jasyncio.Asyncio} ({@code import static
 * io.jasyncio.Asyncio.*}).
 *
 * <p>What lives here: the {@link io.jasyncio.EventLoop} (one platform thread; its turns run callbacks, timers
 * and I/O readiness), {@link io.jasyncio.Task} (a virtual thread scheduled by its loop) and
 * {@link io.jasyncio.Future}, cancellation ({@link io.jasyncio.CancelledError}), the combinators
 * ({@code gather}, {@code wait}, {@code waitFor}, {@code shield}, {@code asCompleted}), timeout scopes
 * ({@link io.jasyncio.Timeout}), {@link io.jasyncio.TaskGroup}, context variables ({@link io.jasyncio.ContextVar},
 * {@link io.jasyncio.Context}), async generators ({@link io.jasyncio.AsyncGenerator}), the bridges to threads
 * ({@code toThread}, {@code runInExecutor}, {@code runCoroutineThreadsafe}) and the errors.
 *
 * <p>Everything else is written on top of this package, in leaf packages that use only its public API and the
 * unexported seam {@code io.jasyncio.internal}: {@code io.jasyncio.sync}, {@code io.jasyncio.queues},
 * {@code io.jasyncio.net}, {@code io.jasyncio.streams}, {@code io.jasyncio.subprocess}. Nothing here depends on
 * them (docs/adr/0010-layout.md; {@code LayeringTest} checks it).
 *
 * <p>Vocabulary: a task is <em>pending</em> until its coroutine returns (<em>finished</em> with a result or an
 * exception) or raises {@code CancelledError} (<em>cancelled</em>). A <em>suspension point</em> is any call that
 * parks the task (an await, a sleep, a queue or lock wait, a JDK blocking call); cancellation is delivered only
 * there. <em>Loop-confined</em> means: call it from the loop's thread, that is from a task or a callback.
 */
package io.jasyncio;
