package io.jasyncio.internal;

import java.nio.ByteBuffer;
import java.nio.channels.Channel;

/**
 * The kernel side of a channel registered with a loop's selector (Netty's {@code IoRegistration}): the
 * transport changes its interest through it and ends it, and never touches the selector or its keys.
 * Made by {@link KernelAccess#register}. Loop-confined. Internal: not exported.
 *
 * <p>States: registered (valid) → cancelled. {@link #cancel()} and {@link #closeNextTurn} move it to
 * cancelled; interest changes on a cancelled registration are ignored.
 */
public interface IoRegistration {

    /** Adds ({@code on}) or removes one {@link java.nio.channels.SelectionKey} operation of interest. */
    void interest(int op, boolean on);

    /** The operations of interest now (0 once cancelled). */
    int interestOps();

    /** Whether the registration still stands. */
    boolean isValid();

    /** Ends the registration now; idempotent. The channel stays open. */
    void cancel();

    /**
     * Ends the registration now and, in the next turn, runs {@code notify}, closes {@code channel} and
     * then runs {@code after} (if not null) even if {@code notify} threw: asyncio's
     * {@code _call_connection_lost}, shared by the transports.
     */
    void closeNextTurn(Channel channel, Runnable notify, Runnable after);

    /**
     * The buffer every transport of this loop reads into (asyncio's 256 KiB {@code max_size}): valid only
     * during one {@link IoHandle#onReady} call, as handles run one at a time.
     */
    ByteBuffer readBuffer();

    /**
     * Reads from the registered channel, a byte stream ({@code SocketChannel}, a pipe), into {@code dst}, as
     * {@link java.nio.channels.ReadableByteChannel#read}: the count, 0 if nothing is ready, -1 at end of stream.
     * The epoll backend reads the descriptor directly, without the channel's locks.
     *
     * @throws java.io.IOException if the read fails (a reset connection: {@link java.net.SocketException})
     */
    int read(ByteBuffer dst) throws java.io.IOException;

    /**
     * Writes to the registered channel, a byte stream, from {@code src}, as
     * {@link java.nio.channels.WritableByteChannel#write}: the count the kernel took, 0 if none.
     *
     * @throws java.io.IOException if the write fails (the peer is gone: {@link java.net.SocketException})
     */
    int write(ByteBuffer src) throws java.io.IOException;
}
