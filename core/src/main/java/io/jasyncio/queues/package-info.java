/**
 * Queues between tasks of one loop: asyncio's {@code queues.py}. {@link io.jasyncio.queues.Queue} (FIFO),
 * {@link io.jasyncio.queues.LifoQueue}, {@link io.jasyncio.queues.PriorityQueue}, with {@code maxsize}
 * backpressure, {@code taskDone}/{@code join}, and {@code shutdown}. A cancelled {@code get} never loses an item.
 * The queue keeps its own waiter deques instead of the sync package's {@code ParkingLot}: measured faster on the
 * task-switch workload, where every parked frame counts (docs/adr/0010-layout.md).
 */
package io.jasyncio.queues;
