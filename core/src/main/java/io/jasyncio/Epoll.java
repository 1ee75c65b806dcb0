package io.jasyncio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import io.jasyncio.internal.Throw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Linux system calls of the epoll backend ({@link EpollPoller}), bound once per JVM through the FFM API:
 * {@code epoll_create1}, {@code epoll_ctl}, {@code epoll_wait}, {@code eventfd}, and {@code read} and
 * {@code send} on a channel's descriptor (Netty's native transport calls the same ones through JNI).
 *
 * <p>Calls that never block (the descriptors are non-blocking) are <em>critical</em> downcalls: no thread-state
 * transition, and heap buffers are passed without a copy. {@code epoll_wait} with a timeout is a normal downcall.
 * Calls that can fail capture {@code errno} into a segment owned by the calling loop ({@link #newErrnoSlot}).
 *
 * <p>{@link #AVAILABLE} says whether the backend can run: Linux on x86-64 or AArch64, native access enabled for
 * this module ({@code --enable-native-access}), and {@code sun.nio.ch} open to it ({@code --add-opens
 * java.base/sun.nio.ch}), through which a JDK channel tells its descriptor. Without any of them, or with the
 * system property {@code jasyncio.io=nio}, the loop uses the JDK's {@link java.nio.channels.Selector}.
 */
final class Epoll {

    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    private static final int ECONNRESET = 104;
    private static final int CLOEXEC = 0x80000; // EPOLL_CLOEXEC, EFD_CLOEXEC, O_CLOEXEC
    private static final int NONBLOCK = 0x800; // EFD_NONBLOCK
    private static final int MSG_NOSIGNAL = 0x4000;

    /** {@code struct epoll_event}: packed (12 bytes) on x86-64, naturally aligned (16) elsewhere. */
    static final long EVENT_SIZE;
    /** The offset of the event's 64-bit {@code data} field. */
    static final long DATA_OFFSET;

    /** Whether the backend can run; when not, why is logged once at {@code DEBUG} (logger {@code io.jasyncio}). */
    static final boolean AVAILABLE;

    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;
    private static final MethodHandle EPOLL_POLL;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle READ;
    private static final MethodHandle SEND;
    private static final MethodHandle WRITE;
    private static final MethodHandle CLOSE;
    private static final MethodHandle STRERROR;
    private static final MethodHandle FD_VAL;
    private static final VarHandle ERRNO;
    private static final long ERRNO_SIZE;

    static {
        boolean amd64 = "amd64".equals(System.getProperty("os.arch"));
        EVENT_SIZE = amd64 ? 12 : 16;
        DATA_OFFSET = amd64 ? 4 : 8;
        MethodHandle[] h = new MethodHandle[11];
        VarHandle errno = null;
        long errnoSize = 0;
        String why = null;
        String arch = System.getProperty("os.arch");
        Module self = Epoll.class.getModule();
        if (!"nio".equals(System.getProperty("jasyncio.io", ""))) {
            if (!System.getProperty("os.name", "").equals("Linux") || !(amd64 || "aarch64".equals(arch))) {
                why = "not Linux on x86-64 or AArch64";
            } else if (!self.isNativeAccessEnabled()) {
                why = "native access is not enabled (--enable-native-access=ALL-UNNAMED)";
            } else if (!Object.class.getModule().isOpen("sun.nio.ch", self)) {
                why = "sun.nio.ch is not open (--add-opens java.base/sun.nio.ch=ALL-UNNAMED)";
            } else if (!(Engine.CURRENT instanceof VirtualThreadEngine)) {
                why = "the fallback engine runs the loop on a virtual thread";
            }
        } else {
            why = "jasyncio.io=nio";
        }
        if (why == null) {
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option errnoOpt = Linker.Option.captureCallState("errno");
                Linker.Option critical = Linker.Option.critical(true);
                h[0] = bind(linker, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errnoOpt);
                h[1] = bind(linker, "epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        ADDRESS), errnoOpt, critical);
                FunctionDescriptor wait = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
                h[2] = bind(linker, "epoll_wait", wait, errnoOpt);
                h[3] = bind(linker, "epoll_wait", wait, errnoOpt, critical);
                h[4] = bind(linker, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errnoOpt);
                h[5] = bind(linker, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                        errnoOpt, critical);
                h[6] = bind(linker, "send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
                        errnoOpt, critical);
                h[7] = bind(linker, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                        Linker.Option.critical(false));
                h[8] = bind(linker, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
                h[9] = bind(linker, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
                Method fdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
                fdVal.setAccessible(true);
                h[10] = MethodHandles.lookup().unreflect(fdVal).asType(
                        java.lang.invoke.MethodType.methodType(int.class, SelectableChannel.class));
                MemoryLayout state = Linker.Option.captureStateLayout();
                errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                errnoSize = state.byteSize();
            } catch (ReflectiveOperationException | RuntimeException e) {
                why = "cannot bind the system calls: " + e;
            }
        }
        AVAILABLE = why == null;
        if (why != null) {
            System.getLogger("io.jasyncio").log(System.Logger.Level.DEBUG,
                    "jasyncio: loops wait on the JDK's selector, not epoll: " + why);
        }
        EPOLL_CREATE1 = h[0];
        EPOLL_CTL = h[1];
        EPOLL_WAIT = h[2];
        EPOLL_POLL = h[3];
        EVENTFD = h[4];
        READ = h[5];
        SEND = h[6];
        WRITE = h[7];
        CLOSE = h[8];
        STRERROR = h[9];
        FD_VAL = h[10];
        ERRNO = errno;
        ERRNO_SIZE = errnoSize;
    }

    private Epoll() {
    }

    private static MethodHandle bind(Linker linker, String name, FunctionDescriptor d, Linker.Option... options) {
        MemorySegment f = linker.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return linker.downcallHandle(f, d, options);
    }

    /** A loop's segment for the {@code errno} its calls capture; confined to that loop's thread by use. */
    static MemorySegment newErrnoSlot(Arena arena) {
        return arena.allocate(ERRNO_SIZE);
    }

    static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    /** The descriptor of a JDK channel. */
    static int fd(SelectableChannel channel) {
        try {
            return (int) FD_VAL.invokeExact(channel);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the descriptor of " + channel, e);
        }
    }

    static int epollCreate(MemorySegment errno) throws IOException {
        int fd;
        try {
            fd = (int) EPOLL_CREATE1.invokeExact(errno, CLOEXEC);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
        if (fd < 0) {
            throw failure("epoll_create1", errno(errno));
        }
        return fd;
    }

    static int eventfd(MemorySegment errno) throws IOException {
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(errno, 0, CLOEXEC | NONBLOCK);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
        if (fd < 0) {
            throw failure("eventfd", errno(errno));
        }
        return fd;
    }

    /** {@code epoll_ctl}; returns 0 or the {@code errno}. */
    static int ctl(MemorySegment errno, int epfd, int op, int fd, MemorySegment event) {
        try {
            int rc = (int) EPOLL_CTL.invokeExact(errno, epfd, op, fd, event);
            return rc == 0 ? 0 : errno(errno);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
    }

    /** {@code epoll_wait}: how many events, or {@code -errno}; a zero timeout polls without a thread transition. */
    static int await(MemorySegment errno, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            int n = timeoutMillis == 0
                    ? (int) EPOLL_POLL.invokeExact(errno, epfd, events, max, 0)
                    : (int) EPOLL_WAIT.invokeExact(errno, epfd, events, max, timeoutMillis);
            return n >= 0 ? n : -errno(errno);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
    }

    /**
     * Reads into {@code dst} from {@code fd} (non-blocking), as {@code SocketChannel.read}: the count (and the
     * buffer's position moved by it), 0 if nothing is ready, -1 at end of stream.
     */
    static int read(MemorySegment errno, int fd, ByteBuffer dst) throws IOException {
        int pos = dst.position();
        int len = dst.limit() - pos;
        MemorySegment seg = MemorySegment.ofBuffer(dst);
        while (true) {
            long n;
            try {
                n = (long) READ.invokeExact(errno, fd, seg, (long) len);
            } catch (Throwable e) {
                throw Throw.sneaky(e);
            }
            if (n > 0) {
                dst.position(pos + (int) n);
                return (int) n;
            }
            if (n == 0) {
                return len == 0 ? 0 : -1;
            }
            int err = errno(errno);
            if (err == EAGAIN) {
                return 0;
            }
            if (err != EINTR) {
                throw failure("read", err);
            }
        }
    }

    /** Sends from {@code src} on socket {@code fd} (non-blocking, no SIGPIPE): the count taken, 0 if none. */
    static int send(MemorySegment errno, int fd, ByteBuffer src) throws IOException {
        int pos = src.position();
        MemorySegment seg = MemorySegment.ofBuffer(src);
        while (true) {
            long n;
            try {
                n = (long) SEND.invokeExact(errno, fd, seg, seg.byteSize(), MSG_NOSIGNAL);
            } catch (Throwable e) {
                throw Throw.sneaky(e);
            }
            if (n >= 0) {
                src.position(pos + (int) n);
                return (int) n;
            }
            int err = errno(errno);
            if (err == EAGAIN) {
                return 0;
            }
            if (err != EINTR) {
                throw failure("send", err);
            }
        }
    }

    /** Adds 1 to an eventfd's counter (a wake-up); from any thread. */
    static void signal(int eventFd, MemorySegment one) {
        try {
            long ignored = (long) WRITE.invokeExact(eventFd, one, 8L);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
    }

    /** Resets an eventfd's counter (it is non-blocking: nothing happens if it was 0); on the loop's thread. */
    static void drain(MemorySegment errno, int eventFd, MemorySegment scratch8) {
        try {
            long ignored = (long) READ.invokeExact(errno, eventFd, scratch8, 8L);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw Throw.sneaky(e);
        }
    }

    /**
     * The exception for a failed call, as the JDK's channels make it: a reset seen by a read is
     * {@code SocketException("Connection reset")}; anything else an {@code IOException} with the system's message
     * ("Broken pipe", "Connection reset by peer"), so callers and messages do not depend on the backend. The
     * poller's own calls name themselves: "epoll_ctl failed: Bad file descriptor (errno 9)".
     */
    static IOException failure(String call, int err) {
        if (call.equals("read") || call.equals("send")) {
            return err == ECONNRESET && call.equals("read") ? new SocketException("Connection reset")
                    : new IOException(strerror(err));
        }
        return new IOException(call + " failed: " + strerror(err) + " (errno " + err + ")");
    }

    private static String strerror(int err) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(err);
            return s.reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "error";
        }
    }
}
