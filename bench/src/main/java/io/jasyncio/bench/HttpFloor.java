package io.jasyncio.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The floors of H1: the C reference server's canned-response loop (bench/client/http_canned.c) written in Java,
 * without any of jasyncio, to show what the JVM's own I/O costs per request. One thread, level-triggered, no
 * parsing beyond counting {@code "\r\n\r\n"}, the same fixed response per head, one write per read (loopback
 * takes it whole; a short write is not retried, as the floor is a measurement, not a server).
 * <pre>
 * Bench --floor --wl http --mode nio|ffm --port P
 * </pre>
 * {@code nio}: the JDK's {@link Selector} and {@link SocketChannel}, as jasyncio's transports use them.
 * {@code ffm}: {@code epoll}, {@code accept4}, {@code read} and {@code write} on raw descriptors through the FFM
 * API (the shape of Netty's native transport); Linux only, needs {@code --enable-native-access}. Prints READY;
 * runs until killed.
 */
final class HttpFloor {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Date: Sun, 06 Dec 2026 00:00:00 GMT\r\n\r\nHello, World!").getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_HEADS = 64; // per read; wrk sends one

    private HttpFloor() {
    }

    /** Whether {@code args} (after {@code --floor}) ask for this floor. */
    static boolean handles(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--wl") && args[i + 1].equals("http")) return true;
        }
        return false;
    }

    static void main(String[] args) throws IOException {
        String mode = null;
        int port = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--wl" -> { }
                case "--mode" -> mode = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("floor --wl http: unknown option " + args[i]);
            }
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("floor --wl http needs --port 1..65535");
        switch (mode == null ? "" : mode) {
            case "nio" -> nio(port);
            case "ffm" -> {
                try {
                    ffm(port);
                } catch (IOException | RuntimeException | Error e) {
                    throw e;
                } catch (Throwable t) { // from MethodHandle.invokeExact
                    throw new IllegalStateException(t);
                }
            }
            default -> throw new IllegalArgumentException("floor --wl http needs --mode nio|ffm, got " + mode);
        }
    }

    /** Counts the heads that end in what was read, carrying a partial terminator in {@code state[0]}. */
    private static int heads(int[] state, ByteBuffer in, int n) {
        int heads = 0, m = state[0];
        for (int i = 0; i < n; i++) {
            byte b = in.get(i);
            if (b == "\r\n\r\n".charAt(m)) {
                if (++m == 4) {
                    heads++;
                    m = 0;
                }
            } else {
                m = b == '\r' ? 1 : 0;
            }
        }
        state[0] = m;
        return Math.min(heads, MAX_HEADS);
    }

    private static void nio(int port) throws IOException {
        Selector sel = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(sel, SelectionKey.OP_ACCEPT);
        ByteBuffer in = ByteBuffer.allocateDirect(65536);
        ByteBuffer out = ByteBuffer.allocateDirect(RESPONSE.length * MAX_HEADS);
        for (int i = 0; i < MAX_HEADS; i++) out.put(RESPONSE);
        System.out.println("READY");
        while (true) {
            sel.select(k -> {
                try {
                    if (k.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            c.register(sel, SelectionKey.OP_READ, new int[1]);
                        }
                        return;
                    }
                    SocketChannel c = (SocketChannel) k.channel();
                    int n = c.read(in.clear());
                    if (n < 0) {
                        c.close();
                        return;
                    }
                    int heads = heads((int[]) k.attachment(), in, n);
                    if (heads > 0) c.write(out.clear().limit(heads * RESPONSE.length));
                } catch (IOException e) {
                    try {
                        k.channel().close();
                    } catch (IOException ignored) {
                        // closing a broken connection
                    }
                }
            });
        }
    }

    private static final Linker LINKER = Linker.nativeLinker();

    /** A downcall; {@code critical} (no thread-state change) only for calls that never block. */
    private static MethodHandle call(String name, boolean critical, FunctionDescriptor d) {
        MemorySegment f = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        return critical ? LINKER.downcallHandle(f, d, Linker.Option.critical(false)) : LINKER.downcallHandle(f, d);
    }

    private static void ffm(int port) throws Throwable {
        MethodHandle socket = call("socket", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle setsockopt = call("setsockopt", true,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle bind = call("bind", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle listen = call("listen", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle accept4 = call("accept4", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        MethodHandle epollCreate = call("epoll_create1", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle epollCtl = call("epoll_ctl", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        MethodHandle epollWait = call("epoll_wait", false, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        MethodHandle read = call("read", true, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        MethodHandle write = call("write", true, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        MethodHandle close = call("close", true, FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        final int nonBlock = 0x800, epollIn = 1, ctlAdd = 1;
        Arena arena = Arena.global();
        MemorySegment one = arena.allocate(JAVA_INT).fill((byte) 0);
        one.set(JAVA_INT, 0, 1);
        int lfd = (int) socket.invokeExact(2, 1 | nonBlock, 0); // AF_INET, SOCK_STREAM
        int rc = (int) setsockopt.invokeExact(lfd, 1, 2, one, 4); // SOL_SOCKET, SO_REUSEADDR
        MemorySegment addr = arena.allocate(16).fill((byte) 0); // sockaddr_in for 127.0.0.1:port
        addr.set(JAVA_SHORT, 0, (short) 2);
        addr.set(JAVA_BYTE, 2, (byte) (port >> 8));
        addr.set(JAVA_BYTE, 3, (byte) port);
        addr.set(JAVA_BYTE, 4, (byte) 127);
        addr.set(JAVA_BYTE, 7, (byte) 1);
        if (lfd < 0 || (int) bind.invokeExact(lfd, addr, 16) != 0 || (int) listen.invokeExact(lfd, 4096) != 0) {
            throw new IOException("floor ffm: cannot listen on 127.0.0.1:" + port);
        }
        int ep = (int) epollCreate.invokeExact(0);
        MemorySegment ev = arena.allocate(12); // struct epoll_event is packed on x86-64: u32 events, u64 data
        ev.set(JAVA_INT, 0, epollIn);
        ev.set(JAVA_LONG_UNALIGNED, 4, -1L);
        rc = (int) epollCtl.invokeExact(ep, ctlAdd, lfd, ev);
        MemorySegment events = arena.allocate(12L * 256);
        MemorySegment in = arena.allocate(65536);
        ByteBuffer inView = in.asByteBuffer();
        MemorySegment out = arena.allocate((long) RESPONSE.length * MAX_HEADS);
        for (int i = 0; i < MAX_HEADS; i++) {
            MemorySegment.copy(RESPONSE, 0, out, JAVA_BYTE, (long) i * RESPONSE.length, RESPONSE.length);
        }
        int[][] conns = new int[1 << 16][];
        System.out.println("READY");
        while (true) {
            int n = (int) epollWait.invokeExact(ep, events, 256, -1);
            for (int e = 0; e < n; e++) {
                int fd = (int) events.get(JAVA_LONG_UNALIGNED, 12L * e + 4);
                if (fd == -1) {
                    int c;
                    while ((c = (int) accept4.invokeExact(lfd, MemorySegment.NULL, MemorySegment.NULL, nonBlock)) >= 0) {
                        rc = (int) setsockopt.invokeExact(c, 6, 1, one, 4); // IPPROTO_TCP, TCP_NODELAY
                        conns[c] = new int[1];
                        ev.set(JAVA_LONG_UNALIGNED, 4, c);
                        rc = (int) epollCtl.invokeExact(ep, ctlAdd, c, ev);
                    }
                    continue;
                }
                long got = (long) read.invokeExact(fd, in, 65536L);
                if (got == 0) {
                    rc = (int) close.invokeExact(fd);
                    conns[fd] = null;
                } else if (got > 0) {
                    int heads = heads(conns[fd], inView, (int) got);
                    if (heads > 0) {
                        long w = (long) write.invokeExact(fd, out, (long) heads * RESPONSE.length);
                    }
                }
            }
        }
    }
}
