package io.jasyncio.internal;

/**
 * The per-channel side of an I/O registration (Netty's {@code IoHandle}): what a transport, a listening
 * socket or a pending connect implements to hear about readiness. The loop calls {@link #onReady(int)}
 * in turn order, like any callback, at most once per turn (asyncio queues its reader and writer
 * callbacks the same way). Loop-confined. Internal: not exported.
 */
@FunctionalInterface
public interface IoHandle {

    /**
     * Handles readiness; an exception goes to the loop's exception handler.
     *
     * @param readyOps the {@link java.nio.channels.SelectionKey} operations found ready
     */
    void onReady(int readyOps);
}
