package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import io.jasyncio.internal.IoHandle;
import io.jasyncio.internal.IoRegistration;

/**
 * How the loop waits: for I/O readiness through its {@link Poller} (opened on first registration), or, while
 * nothing is registered, by parking its thread. Owns the coalesced wake-up that other threads use to interrupt
 * the wait (Netty's {@code NioIoHandler} and {@code EpollIoHandler} separate the loop from its I/O backend the
 * same way). Everything but {@link #wakeup()} is confined to the loop's thread.
 *
 * <p>Two backends: {@link EpollPoller}, Linux's {@code epoll} and the channels' descriptors through the FFM API
 * (when {@link Epoll#AVAILABLE}), and {@link SelectorPoller}, the JDK's {@link java.nio.channels.Selector}
 * (everywhere else). Both queue a ready registration once per turn, in the order the kernel reports it, and
 * give transports the same {@link IoRegistration}; docs/adr/0025-epoll-backend.md says why there are two.
 *
 * <p>Wake-ups are coalesced with the {@code sleeping} flag (Netty's {@code wakenUp}): the loop sets it,
 * then re-checks for work, then blocks; a producer enqueues its work, then clears the flag and wakes the
 * thread only if it was set. Both sides use volatile accesses, so either the loop sees the new work or
 * the producer sees the flag; a wake-up that arrives before the loop blocks is kept by the unpark
 * permit or by the poller's wake-up, so it is never lost.
 */
final class IoDriver {

    /** The backend: how channels are registered and readiness is awaited. Loop-confined but {@link #wakeup}. */
    interface Poller {
        /** Registers {@code ch} (non-blocking) for {@code ops}, dispatching readiness to {@code handle}. */
        Registration register(SelectableChannel ch, int ops, IoHandle handle) throws ClosedChannelException;

        /** Waits up to {@code timeout} ns (-1: no limit, 0: just polls) and queues the ready registrations. */
        boolean poll(long timeout) throws IOException;

        /** Interrupts a {@link #poll} in progress, or makes the next one return at once; from any thread. */
        void wakeup();

        /** Releases the backend; every registration ends. */
        void close();
    }

    final EventLoop loop;
    private final ArrayDeque<Object> ready;
    private volatile Poller poller;
    private volatile boolean sleeping;
    /** How many registrations stand (kept by the pollers). */
    int channels;

    /**
     * @param loop the loop whose thread waits here
     * @param ready the loop's ready queue, where ready handlers go
     */
    IoDriver(EventLoop loop, ArrayDeque<Object> ready) {
        this.loop = loop;
        this.ready = ready;
    }

    /** The backend this JVM's loops use: {@code "epoll"} or {@code "nio"} (the JDK's selector). */
    static String backend() {
        return Epoll.AVAILABLE ? "epoll" : "nio";
    }

    /** Registers {@code ch} (non-blocking) for {@code ops}, dispatching readiness to {@code handle}. */
    Registration register(SelectableChannel ch, int ops, IoHandle handle) throws ClosedChannelException {
        Poller p = poller;
        if (p == null) {
            try {
                p = Epoll.AVAILABLE ? new EpollPoller(this) : new SelectorPoller(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            poller = p;
        }
        return p.register(ch, ops, handle);
    }

    /** How many channels are registered (for the debugging tools' metrics). */
    int registrations() {
        return channels;
    }

    /** Whether any channel is registered: then each turn polls. */
    boolean hasChannels() {
        return channels > 0;
    }

    /** Polls for I/O without waiting and queues the ready handlers. */
    void pollNow() {
        Poller p = poller;
        if (p != null) {
            try {
                p.poll(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Waits up to {@code timeout} nanoseconds (-1: no limit) for I/O or a wake-up, then queues the
     * ready handlers.
     *
     * @return whether any I/O became ready
     */
    boolean await(long timeout) {
        sleeping = true;
        try {
            if (loop.turn.hasHandedOverWork()) {
                pollNow();
                return false;
            }
            Poller p = poller;
            if (p == null || channels == 0) {
                if (p != null) {
                    p.poll(0); // consume a pending wake-up, then park
                }
                if (timeout < 0) {
                    LockSupport.park(loop);
                } else {
                    LockSupport.parkNanos(loop, timeout);
                }
                return false;
            }
            return p.poll(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sleeping = false;
        }
    }

    /** Queues {@code r}, found ready for {@code readyOps}, unless it waits in the ready queue already. */
    void queue(Registration r, int readyOps) {
        r.readyOps = readyOps;
        if (!r.queued) {
            r.queued = true;
            ready.addLast(r);
        }
    }

    /** Wakes the loop if it is waiting or about to wait; safe from any thread; coalesced. */
    void wakeup() {
        if (sleeping) {
            sleeping = false;
            Poller p = poller;
            if (p != null) {
                p.wakeup();
            }
            Thread t = loop.loopThread();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Closes the backend (and so ends every registration). */
    void close() {
        Poller p = poller;
        if (p != null) {
            p.close();
        }
    }

    /**
     * The buffer every transport of this loop reads into (asyncio's 256 KiB {@code max_size}); it is valid only
     * during one {@code onReady} call, as handles run one at a time.
     */
    private ByteBuffer readBuffer;

    ByteBuffer readBuffer() {
        ByteBuffer b = readBuffer;
        if (b == null) {
            readBuffer = b = ByteBuffer.allocateDirect(256 * 1024);
        }
        return b;
    }

    /**
     * The kernel side of one registration, whichever the backend: the readiness bookkeeping the driver and the
     * turn keep for it (the ready operations seen by the last poll, and whether it waits in the ready queue), so
     * that none of it lives on the transport. Loop-confined.
     */
    abstract static class Registration implements IoRegistration {
        final IoDriver driver;
        final IoHandle handle;
        /** The ready operations seen by the last poll ({@link java.nio.channels.SelectionKey} bits). */
        int readyOps;
        /** True while queued on the ready queue. */
        boolean queued;

        Registration(IoDriver driver, IoHandle handle) {
            this.driver = driver;
            this.handle = handle;
        }

        @Override
        public void closeNextTurn(Channel channel, Runnable notify, Runnable after) {
            cancel();
            driver.loop.callSoon(() -> {
                try {
                    notify.run();
                } finally {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // Closing anyway: nothing more to release.
                    }
                    if (after != null) {
                        after.run();
                    }
                }
            });
        }

        @Override
        public ByteBuffer readBuffer() {
            return driver.readBuffer();
        }

        @Override
        public String toString() {
            return "registration of " + handle;
        }
    }
}
