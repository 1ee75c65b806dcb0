package io.jasyncio.net;

import io.jasyncio.internal.IoRegistration;

import io.jasyncio.internal.IoHandle;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import io.jasyncio.CancelledError;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/**
 * A {@link Server} over one or more listening {@link ServerSocketChannel}s (TCP or Unix domain):
 * CPython's {@code base_events.Server} with the selector event loop's accept loop.
 */
final class SocketServer implements Server {

    private static final KernelAccess KERNEL = Kernel.access();

    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final int backlog;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<IoRegistration> registrations = new ArrayList<>();
    private final List<SocketAddress> addresses = new ArrayList<>();
    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    private final List<Future<Void>> closeWaiters = new ArrayList<>();
    private boolean closed;
    private Future<Void> servingForever;

    SocketServer(EventLoop loop, Supplier<? extends Protocol> factory, int backlog) {
        this.loop = loop;
        this.factory = factory;
        this.backlog = backlog;
    }

    /** Starts accepting on a bound channel. */
    void listen(ServerSocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        listeners.add(ch);
        addresses.add(ch.getLocalAddress());
        registrations.add(KERNEL.register(loop, ch, SelectionKey.OP_ACCEPT, new Acceptor(ch)));
    }

    /** Accepts pending connections when the listening channel is ready (at most a backlog per turn). */
    private final class Acceptor implements IoHandle {
        private final ServerSocketChannel channel;

        Acceptor(ServerSocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onReady(int ops) {
            for (int i = 0; i < backlog && !closed; i++) {
                SocketChannel c;
                try {
                    c = channel.accept();
                } catch (IOException e) {
                    loop.callExceptionHandler(new ErrorContext("socket.accept() failed on " + channel, e, null, null));
                    return;
                }
                if (c == null) {
                    return;
                }
                accepted(c);
            }
        }

        @Override
        public String toString() {
            return "<Acceptor " + addresses + ">";
        }
    }

    private void accepted(SocketChannel c) {
        try {
            if (c.getRemoteAddress() instanceof java.net.InetSocketAddress) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            new SocketTransport(loop, c, factory.get(), this).start(null);
        } catch (Throwable e) {
            try {
                c.close();
            } catch (IOException ignored) {
                // The connection is dropped either way.
            }
            loop.callExceptionHandler(new ErrorContext("Error setting up an accepted connection", e, null, null));
        }
    }

    void attach(SocketTransport t) {
        clients.add(t);
    }

    void detach(SocketTransport t) {
        clients.remove(t);
        wakeCloseWaiters();
    }

    private void wakeCloseWaiters() {
        if (closed && clients.isEmpty() && !closeWaiters.isEmpty()) {
            List<Future<Void>> ws = new ArrayList<>(closeWaiters);
            closeWaiters.clear();
            for (Future<Void> w : ws) {
                if (!w.done()) {
                    w.setResult(null);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (IoRegistration r : registrations) {
            r.cancel();
        }
        registrations.clear();
        for (ServerSocketChannel ch : listeners) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Best effort: the channel is unusable either way.
            }
        }
        listeners.clear();
        // NIO completes the close of a registered channel only when the selector flushes its cancelled
        // keys: until then the kernel still accepts connections into the backlog. Flush now.
        KERNEL.flushCancelledRegistrations(loop);
        if (servingForever != null && !servingForever.done()) {
            servingForever.cancel();
        }
        wakeCloseWaiters();
    }

    @Override
    public void waitClosed() {
        if (closed && clients.isEmpty()) {
            return;
        }
        Future<Void> w = loop.createFuture();
        closeWaiters.add(w);
        try {
            w.call();
        } finally {
            closeWaiters.remove(w);
        }
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.close();
        }
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.abort();
        }
    }

    @Override
    public void serveForever() {
        if (closed) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        if (servingForever != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
        }
        servingForever = loop.createFuture();
        try {
            servingForever.call();
        } catch (CancelledError e) {
            try {
                close();
                waitClosed();
            } finally {
                servingForever = null;
            }
            throw e;
        }
    }

    @Override
    public boolean isServing() {
        return !closed;
    }

    @Override
    public List<ServerSocketChannel> sockets() {
        return List.copyOf(listeners);
    }

    @Override
    public List<SocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    @Override
    public int connectionCount() {
        return clients.size();
    }

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public String toString() {
        return "<Server " + (closed ? "closed" : "serving") + " " + addresses + " connections=" + clients.size() + ">";
    }
}
