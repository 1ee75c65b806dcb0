package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import io.jasyncio.internal.IoHandle;
import io.jasyncio.internal.IoRegistration;

/**
 * How the loop waits: for I/O readiness on its {@link Selector} (opened on first registration), or,
 * while nothing is registered, by parking its thread. Owns the coalesced wake-up that other threads use
 * to interrupt the wait (Netty's {@code NioIoHandler} separates the loop from its I/O backend the same
 * way). Everything but {@link #wakeup()} is confined to the loop's thread.
 *
 * <p>Wake-ups are coalesced with the {@code sleeping} flag (Netty's {@code wakenUp}): the loop sets it,
 * then re-checks for work, then blocks; a producer enqueues its work, then clears the flag and wakes the
 * thread only if it was set. Both sides use volatile accesses, so either the loop sees the new work or
 * the producer sees the flag; a wake-up that arrives before the loop blocks is kept by the unpark
 * permit or by the selector's wake-up, so it is never lost.
 *
 * <p>Ready keys are queued in the order the kernel reports them (the selector's {@code select(Consumer)}
 * form), not in the order of the selected-key set, which is a {@code HashSet}: a connection that comes
 * early in hash order would be served early in every turn, get its next request back in time for the
 * next turn, and so be served up to twice as often as one that comes late.
 */
final class IoDriver {

    private final EventLoop loop;
    private final ArrayDeque<Object> ready;
    private final Consumer<SelectionKey> queueKey = this::queue;
    private volatile Selector selector;
    private volatile boolean sleeping;
    private int channels;

    /**
     * @param loop the loop whose thread waits here
     * @param ready the loop's ready queue, where ready handlers go
     */
    IoDriver(EventLoop loop, ArrayDeque<Object> ready) {
        this.loop = loop;
        this.ready = ready;
    }

    /** Registers {@code ch} (non-blocking) for {@code ops}, dispatching readiness to {@code handler}. */
    Registration register(SelectableChannel ch, int ops, IoHandle handle) throws ClosedChannelException {
        Selector sel = selector;
        if (sel == null) {
            try {
                sel = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            selector = sel;
        }
        SelectionKey key = ch.keyFor(sel);
        if (key != null && key.isValid()) {
            // Registered before (a connect handler): hand the key over instead of registering again.
            Registration r = new Registration(key, handle);
            key.attach(r);
            key.interestOps(ops);
            return r;
        }
        if (key != null) {
            // Cancelled but not yet flushed: NIO refuses to register again until the next select.
            try {
                sel.selectNow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Registration r = new Registration(null, handle);
        r.key = ch.register(sel, ops, r);
        channels++;
        return r;
    }

    /** Cancels a registration made with {@link #register}. */
    void deregister(SelectionKey key) {
        if (key.isValid()) {
            key.cancel();
            channels--;
        }
    }

    /** How many channels are registered (for the debugging tools' metrics). */
    int registrations() {
        return channels;
    }

    /** Whether any channel is registered: then each turn polls the selector. */
    boolean hasChannels() {
        return channels > 0;
    }

    /** Polls for I/O without waiting and queues the ready handlers. */
    void pollNow() {
        Selector sel = selector;
        if (sel != null && (channels > 0 || !sel.keys().isEmpty())) {
            try {
                sel.selectNow(queueKey);
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
            Selector sel = selector;
            if (sel == null || channels == 0) {
                if (sel != null) {
                    sel.selectNow(); // consume a pending selector wake-up, then park
                }
                if (timeout < 0) {
                    LockSupport.park(loop);
                } else {
                    LockSupport.parkNanos(loop, timeout);
                }
                return false;
            }
            if (timeout < 0) {
                return sel.select(queueKey) > 0;
            }
            // Round up: a select that returns before the timer is due makes the loop spin.
            return sel.select(queueKey, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout + 999_999))) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sleeping = false;
        }
    }

    /** Queues the handler of a ready key (the selector's action, called in the kernel's order). */
    private void queue(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Registration r = (Registration) key.attachment();
        r.readyOps = key.readyOps();
        if (!r.queued) {
            r.queued = true;
            ready.addLast(r);
        }
    }

    /** Wakes the loop if it is waiting or about to wait; safe from any thread; coalesced. */
    void wakeup() {
        if (sleeping) {
            sleeping = false;
            Selector sel = selector;
            if (sel != null) {
                sel.wakeup();
            }
            Thread t = loop.loopThread();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Closes the selector (and so cancels every registration). */
    void close() {
        Selector sel = selector;
        if (sel != null) {
            try {
                sel.close();
            } catch (IOException ignored) {
                // Closing is best effort.
            }
        }
    }

    /**
     * The buffer every transport of this loop reads into (asyncio's 256 KiB {@code max_size}); it is valid only
     * during one {@code onReady} call, as handles run one at a time.
     */
    private java.nio.ByteBuffer readBuffer;

    java.nio.ByteBuffer readBuffer() {
        java.nio.ByteBuffer b = readBuffer;
        if (b == null) {
            readBuffer = b = java.nio.ByteBuffer.allocateDirect(256 * 1024);
        }
        return b;
    }

    /**
     * The kernel side of one registration: the selection key, and the readiness bookkeeping the driver and the
     * turn keep for it (the ready operations seen by the last select, and whether it waits in the ready queue),
     * so that none of it lives on the transport. Loop-confined.
     */
    final class Registration implements IoRegistration {
        SelectionKey key;
        final IoHandle handle;
        /** The ready operations seen by the last select. */
        int readyOps;
        /** True while queued on the ready queue. */
        boolean queued;

        Registration(SelectionKey key, IoHandle handle) {
            this.key = key;
            this.handle = handle;
        }

        @Override
        public void interest(int op, boolean on) {
            SelectionKey k = key;
            if (k.isValid() && k.attachment() == this) {
                int ops = k.interestOps();
                int next = on ? ops | op : ops & ~op;
                if (next != ops) {
                    k.interestOps(next);
                }
            }
        }

        @Override
        public int interestOps() {
            SelectionKey k = key;
            return k.isValid() && k.attachment() == this ? k.interestOps() : 0;
        }

        @Override
        public boolean isValid() {
            return key.isValid() && key.attachment() == this;
        }

        @Override
        public void cancel() {
            if (key.attachment() == this) {
                deregister(key);
            }
        }

        @Override
        public void closeNextTurn(java.nio.channels.Channel channel, Runnable notify, Runnable after) {
            cancel();
            loop.callSoon(() -> {
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
        public java.nio.ByteBuffer readBuffer() {
            return IoDriver.this.readBuffer();
        }

        @Override
        public String toString() {
            return "registration of " + handle;
        }
    }
}
