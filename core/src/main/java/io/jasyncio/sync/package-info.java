/**
 * Synchronization primitives for tasks of one loop: asyncio's {@code locks.py}. None of them is thread-safe,
 * and none is needed between awaits of one loop (only one task runs at a time); they coordinate across awaits.
 *
 * <p>Which one when:
 * <ul>
 *   <li>{@link io.jasyncio.sync.Lock}: one task at a time in a critical section that awaits (not reentrant).</li>
 *   <li>{@link io.jasyncio.sync.Event}: "it happened" for any number of waiters; stays set until cleared.</li>
 *   <li>{@link io.jasyncio.sync.Condition}: wait until shared state changes, under a lock.</li>
 *   <li>{@link io.jasyncio.sync.Semaphore}: at most N tasks at once (a connection limit, a scraper's
 *       concurrency); {@link io.jasyncio.sync.BoundedSemaphore} also refuses a release without an acquire.</li>
 *   <li>{@link io.jasyncio.sync.Barrier}: N tasks meet, then all go on.</li>
 * </ul>
 * Each is bound to the loop of the first task that waits on it. All of them wait on one fair FIFO queue
 * ({@code ParkingLot}, package-private, as trio's); a cancellation or timeout racing a wake-up never loses a
 * permit (docs/adr/0006-synchronization.md). {@link io.jasyncio.sync.Held} makes {@code async with} a
 * try-with-resources. Queues are in {@code io.jasyncio.queues}.
 */
package io.jasyncio.sync;
