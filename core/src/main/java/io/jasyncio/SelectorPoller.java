package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.jasyncio.internal.IoHandle;

/**
 * The portable backend of {@link IoDriver}: the JDK's {@link Selector}, and the channels' own reads and writes.
 *
 * <p>Ready keys are queued in the order the kernel reports them (the selector's {@code select(Consumer)}
 * form), not in the order of the selected-key set, which is a {@code HashSet}: a connection that comes
 * early in hash order would be served early in every turn, get its next request back in time for the
 * next turn, and so be served up to twice as often as one that comes late.
 */
final class SelectorPoller implements IoDriver.Poller {

    private final IoDriver driver;
    private final Selector selector;
    private final Consumer<SelectionKey> queueKey = this::queue;

    SelectorPoller(IoDriver driver) throws IOException {
        this.driver = driver;
        this.selector = Selector.open();
    }

    @Override
    public IoDriver.Registration register(SelectableChannel ch, int ops, IoHandle handle)
            throws ClosedChannelException {
        SelectionKey key = ch.keyFor(selector);
        if (key != null && key.isValid()) {
            // Registered before (a connect handler): hand the key over instead of registering again.
            KeyRegistration r = new KeyRegistration(driver, key, handle);
            key.attach(r);
            key.interestOps(ops);
            return r;
        }
        if (key != null) {
            // Cancelled but not yet flushed: NIO refuses to register again until the next select.
            try {
                selector.selectNow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        KeyRegistration r = new KeyRegistration(driver, null, handle);
        r.key = ch.register(selector, ops, r);
        driver.channels++;
        return r;
    }

    @Override
    public boolean poll(long timeout) throws IOException {
        if (timeout == 0) {
            if (driver.channels > 0 || !selector.keys().isEmpty()) {
                return selector.selectNow(queueKey) > 0;
            }
            return false;
        }
        if (timeout < 0) {
            return selector.select(queueKey) > 0;
        }
        // Round up: a select that returns before the timer is due makes the loop spin.
        return selector.select(queueKey, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout + 999_999))) > 0;
    }

    /** Queues the handler of a ready key (the selector's action, called in the kernel's order). */
    private void queue(SelectionKey key) {
        if (key.isValid()) {
            driver.queue((KeyRegistration) key.attachment(), key.readyOps());
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }

    /** A registration as a selection key. */
    private static final class KeyRegistration extends IoDriver.Registration {
        SelectionKey key;
        private boolean cancelled;

        KeyRegistration(IoDriver driver, SelectionKey key, IoHandle handle) {
            super(driver, handle);
            this.key = key;
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
            // Counted down once, also when closing the channel cancelled the key first (the count must come back
            // to zero for the virtual clock's deadlock check, as with the epoll backend).
            if (!cancelled && key.attachment() == this) {
                cancelled = true;
                key.cancel();
                driver.channels--;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return ((ReadableByteChannel) key.channel()).read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return ((WritableByteChannel) key.channel()).write(src);
        }
    }
}
