package io.jasyncio;

/**
 * Something registered with the loop's selector (a transport, a listening socket, a pending connect).
 * When its channel is ready, the {@link IoDriver} queues it on the loop's ready queue, at most once per
 * turn, and the loop calls {@link #onReady(int)} in turn order, like any callback (asyncio queues its
 * reader and writer callbacks the same way). Loop-confined.
 */
abstract class IoHandler {

    /** The ready operations seen by the last select. */
    int readyOps;
    /** True while queued on the ready queue. */
    boolean queued;

    /**
     * Handles readiness; an exception goes to the loop's exception handler.
     *
     * @param ops the {@link java.nio.channels.SelectionKey} ready operations
     */
    abstract void onReady(int ops);

    /**
     * Ends a channel's registration now and, in the next turn, tells the protocol and closes the
     * channel: asyncio's {@code _call_connection_lost}, shared by the transports. {@code notify} runs
     * first; the channel is closed and {@code after} runs even if it throws.
     */
    static void endNextTurn(EventLoop loop, java.nio.channels.SelectionKey key, java.nio.channels.Channel channel,
                            Runnable notify, Runnable after) {
        loop.io.deregister(key);
        loop.callSoon(() -> {
            try {
                notify.run();
            } finally {
                try {
                    channel.close();
                } catch (java.io.IOException ignored) {
                    // Closing anyway: nothing more to release.
                }
                if (after != null) {
                    after.run();
                }
            }
        });
    }
}
