package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.Set;
import io.jasyncio.internal.IoHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The Linux backend of {@link IoDriver}: one {@code epoll} instance per loop, level-triggered, with the JDK
 * channels' own descriptors in it, and their reads and writes made on those descriptors directly (Netty's
 * {@code EpollIoHandler}, on the FFM API instead of JNI). It skips the JDK selector's key sets, locks and
 * descriptor map, and the channels' locks and per-call state checks; docs/adr/0025-epoll-backend.md has the
 * measurements. The channels stay the owners of their descriptors: they are opened, connected, accepted,
 * configured and closed through the JDK as before.
 *
 * <p>An event's {@code data} is the descriptor; {@link #byFd} maps it to its registration. A registration
 * leaves the {@code epoll} set when its interest becomes empty (as the JDK's selector does, so that a hung-up
 * descriptor with no interest cannot spin the loop) and when it is cancelled, which a transport does before it
 * closes its channel. A channel closed without that leaves the set by itself (the kernel drops a closed
 * descriptor), and its registration reports itself invalid, so it never touches a descriptor number reused by
 * a later channel. Wake-ups from other threads go through an {@code eventfd}. Loop-confined but
 * {@link #wakeup}.
 */
final class EpollPoller implements IoDriver.Poller {

    private static final int MAX_EVENTS = 512;
    private static final int READS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITES = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final IoDriver driver;
    private final int epfd;
    private final int eventFd;
    private final MemorySegment errno;
    private final MemorySegment events;
    private final MemorySegment event;
    private final MemorySegment scratch;
    private final MemorySegment one;
    private final Interruptor interruptor = new Interruptor();
    private EpollRegistration[] byFd = new EpollRegistration[1024];
    /** Guards {@link #eventFd} between {@link #wakeup} (any thread) and {@link #close}. */
    private final Object wakeLock = new Object();
    private boolean closed;

    EpollPoller(IoDriver driver) throws IOException {
        this.driver = driver;
        Arena arena = Arena.ofAuto(); // shared: wakeup() reads {@code one} from other threads
        errno = Epoll.newErrnoSlot(arena);
        events = arena.allocate(Epoll.EVENT_SIZE * MAX_EVENTS, 8);
        event = arena.allocate(Epoll.EVENT_SIZE, 8);
        scratch = arena.allocate(8, 8);
        one = arena.allocate(8, 8);
        one.set(JAVA_LONG_UNALIGNED, 0, 1L);
        epfd = Epoll.epollCreate(errno);
        try {
            eventFd = Epoll.eventfd(errno);
        } catch (IOException e) {
            Epoll.close(epfd);
            throw e;
        }
        event.set(JAVA_INT_UNALIGNED, 0, Epoll.EPOLLIN);
        event.set(JAVA_LONG_UNALIGNED, Epoll.DATA_OFFSET, -1L);
        int err = Epoll.ctl(errno, epfd, Epoll.CTL_ADD, eventFd, event);
        if (err != 0) {
            Epoll.close(eventFd);
            Epoll.close(epfd);
            throw Epoll.failure("epoll_ctl", err);
        }
    }

    @Override
    public IoDriver.Registration register(SelectableChannel ch, int ops, IoHandle handle)
            throws ClosedChannelException {
        if (closed) {
            throw new java.nio.channels.ClosedSelectorException(); // the loop is closed
        }
        if (ch.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        if (!ch.isOpen()) {
            throw new ClosedChannelException();
        }
        int fd = Epoll.fd(ch);
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
        }
        EpollRegistration old = byFd[fd];
        EpollRegistration r = new EpollRegistration(ch, fd, handle);
        if (old != null && old.valid && old.channel == ch) {
            // Registered before (a connect handler): take its place in the set instead of adding again.
            old.valid = false;
            r.ops = old.ops;
            r.events = old.events;
        } else {
            driver.channels++;
        }
        byFd[fd] = r;
        r.setOps(ops);
        return r;
    }

    @Override
    public boolean poll(long timeout) throws IOException {
        int n;
        if (timeout == 0) {
            if (driver.channels == 0) {
                return false;
            }
            n = Epoll.await(errno, epfd, events, MAX_EVENTS, 0);
        } else {
            // Round up: a wait that returns before the timer is due makes the loop spin.
            int millis = timeout < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout + 999_999) / 1_000_000));
            interruptor.enter();
            try {
                n = Epoll.await(errno, epfd, events, MAX_EVENTS, millis);
            } finally {
                interruptor.exit();
            }
        }
        if (n < 0) {
            if (-n == Epoll.EINTR) {
                return false;
            }
            throw Epoll.failure("epoll_wait", -n);
        }
        boolean any = false;
        EpollRegistration[] table = byFd;
        for (int i = 0; i < n; i++) {
            long at = Epoll.EVENT_SIZE * i;
            long data = events.get(JAVA_LONG_UNALIGNED, at + Epoll.DATA_OFFSET);
            if (data < 0) {
                Epoll.drain(errno, eventFd, scratch);
                continue;
            }
            EpollRegistration r = table[(int) data];
            if (r != null && r.valid) {
                int ready = r.readyOps(events.get(JAVA_INT_UNALIGNED, at));
                if (ready != 0) {
                    driver.queue(r, ready);
                    any = true;
                }
            }
        }
        return any;
    }

    @Override
    public void wakeup() {
        synchronized (wakeLock) {
            if (!closed) {
                Epoll.signal(eventFd, one);
            }
        }
    }

    @Override
    public void close() {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
            Epoll.close(eventFd);
            Epoll.close(epfd);
        }
        for (EpollRegistration r : byFd) {
            if (r != null) {
                r.valid = false; // so that no late cancel or interest change reaches a reused epoll descriptor
            }
        }
    }

    /** A registration as a descriptor in the set, with its interest in {@link SelectionKey} bits. */
    private final class EpollRegistration extends IoDriver.Registration {
        final SelectableChannel channel;
        final int fd;
        final boolean socket;
        /** The operations of interest ({@link SelectionKey} bits). */
        int ops;
        /** The {@code epoll} events the set has for {@link #fd}; 0 when it is not in the set. */
        int events;
        boolean valid = true;

        EpollRegistration(SelectableChannel channel, int fd, IoHandle handle) {
            super(EpollPoller.this.driver, handle);
            this.channel = channel;
            this.fd = fd;
            this.socket = channel instanceof SocketChannel;
        }

        /** The ready operations that {@code epoll} events mean, as the JDK's channels translate them. */
        int readyOps(int ev) {
            int interest = ops;
            if ((ev & (Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
                return interest;
            }
            int ready = 0;
            if ((ev & Epoll.EPOLLIN) != 0) {
                ready |= interest & READS;
            }
            if ((ev & Epoll.EPOLLOUT) != 0) {
                ready |= interest & WRITES;
            }
            return ready;
        }

        void setOps(int next) {
            ops = next;
            int want = ((next & READS) != 0 ? Epoll.EPOLLIN : 0) | ((next & WRITES) != 0 ? Epoll.EPOLLOUT : 0);
            if (want == events) {
                return;
            }
            int op = events == 0 ? Epoll.CTL_ADD : want == 0 ? Epoll.CTL_DEL : Epoll.CTL_MOD;
            event.set(JAVA_INT_UNALIGNED, 0, want);
            event.set(JAVA_LONG_UNALIGNED, Epoll.DATA_OFFSET, fd);
            int err = Epoll.ctl(errno, epfd, op, fd, event);
            if (err != 0) {
                throw new UncheckedIOException(Epoll.failure("epoll_ctl on " + channel, err));
            }
            events = want;
        }

        @Override
        public void interest(int op, boolean on) {
            if (isValid()) {
                int next = on ? ops | op : ops & ~op;
                if (next != ops) {
                    setOps(next);
                }
            }
        }

        @Override
        public int interestOps() {
            return isValid() ? ops : 0;
        }

        @Override
        public boolean isValid() {
            return valid && channel.isOpen();
        }

        @Override
        public void cancel() {
            if (!valid) {
                return;
            }
            valid = false;
            driver.channels--;
            if (events != 0 && channel.isOpen()) {
                Epoll.ctl(errno, epfd, Epoll.CTL_DEL, fd, event); // a closed descriptor left the set by itself
            }
            events = 0;
            if (byFd[fd] == this) {
                byFd[fd] = null;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return Epoll.read(errno, fd, dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return socket ? Epoll.send(errno, fd, src) : ((WritableByteChannel) channel).write(src);
        }
    }

    /**
     * Makes an interrupt of the loop's thread end a waiting {@code epoll_wait}, as it ends a JDK selector's
     * select: the public hook for that is {@link AbstractSelector#begin()}, which calls {@link #wakeup()} on an
     * interrupt. Only {@link #enter}, {@link #exit} and {@link #wakeup} are used.
     */
    private final class Interruptor extends AbstractSelector {
        Interruptor() {
            super(SelectorProvider.provider());
        }

        void enter() {
            begin();
        }

        void exit() {
            end();
        }

        @Override
        public Selector wakeup() {
            EpollPoller.this.wakeup();
            return this;
        }

        @Override
        protected void implCloseSelector() {
        }

        @Override
        protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SelectionKey> keys() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int selectNow() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int select(long timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int select() {
            throw new UnsupportedOperationException();
        }
    }
}
