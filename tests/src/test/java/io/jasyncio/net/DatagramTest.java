package io.jasyncio.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import io.jasyncio.CancelledError;
import io.jasyncio.ErrorContext;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.queues.Queue;

/** UDP endpoints over 127.0.0.1 (and ::1 where available), on a real-clock loop. */
class DatagramTest {

    /** Seconds: the bound on every wait for a datagram. Generous: loopback takes microseconds. */
    private static final double BOUND = 10;
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    record Datagram(String text, SocketAddress from) {
    }

    /** Sends every datagram back where it came from. */
    static final class Echo implements DatagramProtocol {
        DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress addr) {
            transport.sendto(data, addr);
        }
    }

    /** Records what happens, with queues to await datagrams and errors. */
    static class Recorder implements DatagramProtocol {
        final Queue<Datagram> received = new Queue<>();
        final Queue<Exception> errors = new Queue<>();
        final List<String> events = new ArrayList<>();
        final Future<Throwable> lost = getRunningLoop().createFuture();

        @Override
        public void connectionMade(DatagramTransport t) {
            events.add("made");
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress addr) {
            received.putNowait(new Datagram(StandardCharsets.UTF_8.decode(data).toString(), addr));
        }

        @Override
        public void errorReceived(Exception exc) {
            errors.putNowait(exc);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lost.setResult(exc);
        }

        Datagram next() {
            return waitFor(received::get, BOUND);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SocketAddress sockname(Datagrams.DatagramEndpoint<?> e) {
        return (SocketAddress) e.transport().getExtraInfo("sockname");
    }

    private static Datagrams.DatagramEndpoint<Echo> echoServer() throws IOException {
        return Datagrams.createDatagramEndpoint(Echo::new, ANY_LOOPBACK_PORT, null);
    }

    /** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(ANY_LOOPBACK_PORT);
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    @Test
    void echoKeepsDatagramBoundariesAndReportsTheSender() {
        run(() -> {
            Datagrams.DatagramEndpoint<Echo> server = echoServer();
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT, null);
            SocketAddress to = sockname(server);
            List<String> sent = List.of("one", "", "three three three");
            for (String s : sent) {
                client.transport().sendto(bytes(s), to);
            }
            for (String s : sent) {
                assertEquals(new Datagram(s, to), client.protocol().next());
            }
            assertNull(client.transport().getExtraInfo("peername"), "not connected");
            assertInstanceOf(DatagramChannel.class, client.transport().getExtraInfo("socket"));
            client.transport().close();
            server.transport().close();
            assertNull(await(client.protocol().lost));
            return null;
        });
    }

    @Test
    void aConnectedEndpointSendsToItsRemoteAddressAndRefusesAnother() {
        run(() -> {
            Datagrams.DatagramEndpoint<Echo> server = echoServer();
            SocketAddress to = sockname(server);
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, null, (InetSocketAddress) to);
            DatagramTransport t = client.transport();
            assertEquals(to, t.getExtraInfo("peername"));
            t.sendto(bytes("ping"), null);
            assertEquals(new Datagram("ping", to), client.protocol().next());
            t.sendto(ByteBuffer.wrap(bytes("pong")), to); // its own remote address is fine too
            assertEquals(new Datagram("pong", to), client.protocol().next());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.sendto(bytes("astray"), new InetSocketAddress("127.0.0.1", 9)));
            assertTrue(e.getMessage().contains("must be null or " + to), e.getMessage());
            t.close();
            server.transport().close();
            return null;
        });
    }

    @Test
    void anUnconnectedEndpointNeedsAnAddress() {
        run(() -> {
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT, null);
            assertThrows(IllegalArgumentException.class, () -> client.transport().sendto(bytes("x"), null));
            assertThrows(IllegalArgumentException.class, () -> client.transport().sendto(bytes("x"),
                    InetSocketAddress.createUnresolved("localhost", 9)));
            client.transport().close();
            assertThrows(IllegalArgumentException.class, () -> Datagrams.createDatagramEndpoint(Recorder::new, null, null));
            assertThrows(IllegalArgumentException.class, () -> Datagrams.createDatagramEndpoint(Recorder::new,
                    ANY_LOOPBACK_PORT, new InetSocketAddress("::1", 9)), "no family in common");
            return null;
        });
    }

    @Test
    void closeDeliversConnectionLostWithNullAndRefusesFurtherSends() {
        run(() -> {
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT, null);
            DatagramChannel ch = (DatagramChannel) client.transport().getExtraInfo("socket");
            client.transport().close();
            client.transport().close(); // idempotent
            assertTrue(client.transport().isClosing());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> client.transport().sendto(bytes("late"), new InetSocketAddress("127.0.0.1", 9)));
            assertTrue(e.getMessage().contains("closing"), e.getMessage());
            assertNull(await(client.protocol().lost));
            assertEquals(List.of("made", "lost"), client.protocol().events);
            assertFalse(ch.isOpen());
            return null;
        });
    }

    @Test
    void portUnreachableReachesErrorReceivedAndTheEndpointStaysOpen() {
        run(() -> {
            InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", closedPort());
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, null, nobody);
            client.transport().sendto(bytes("anyone?"), null);
            // Linux answers on loopback with ICMP port unreachable; a connected socket reports it.
            Exception e = waitFor(client.protocol().errors::get, BOUND);
            assertInstanceOf(PortUnreachableException.class, e);
            assertFalse(client.transport().isClosing());
            assertEquals(List.of("made"), client.protocol().events);
            client.transport().close();
            assertNull(await(client.protocol().lost));
            return null;
        });
    }

    /** Makes the transport's socket "full" until {@code full[0]} is false (UDP on loopback never blocks). */
    private static boolean[] stall(DatagramTransport t) {
        DatagramSocketTransport impl = (DatagramSocketTransport) t;
        DatagramSocketTransport.Sender real = impl.sender;
        boolean[] full = {true};
        impl.sender = (data, addr) -> !full[0] && real.send(data, addr);
        return full;
    }

    @Test
    void aFullSocketQueuesInOrderPausesTheProtocolAndResumesIt() {
        run(() -> {
            Datagrams.DatagramEndpoint<Recorder> server = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT, null);
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT,
                    (InetSocketAddress) sockname(server));
            DatagramTransport t = client.transport();
            boolean[] full = stall(t);
            t.setWriteBufferLimits(100, 20);
            t.sendto(bytes("a".repeat(60)), null);
            assertEquals(60 + 8, t.getWriteBufferSize(), "each datagram counts its header");
            assertEquals(List.of("made"), client.protocol().events);
            t.sendto(bytes("b".repeat(60)), null);
            assertEquals(2 * (60 + 8), t.getWriteBufferSize());
            assertEquals(List.of("made", "pause"), client.protocol().events);
            full[0] = false; // the socket drains: the queue goes out at the next writable event
            assertEquals("a".repeat(60), server.protocol().next().text());
            assertEquals("b".repeat(60), server.protocol().next().text());
            assertEquals(0, t.getWriteBufferSize());
            assertEquals(List.of("made", "pause", "resume"), client.protocol().events);
            t.close();
            server.transport().close();
            return null;
        });
    }

    @Test
    void closeSendsTheQueueFirstAbortDropsIt() {
        run(() -> {
            Datagrams.DatagramEndpoint<Recorder> server = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT, null);
            InetSocketAddress to = (InetSocketAddress) sockname(server);
            Datagrams.DatagramEndpoint<Recorder> closed = Datagrams.createDatagramEndpoint(Recorder::new, null, to);
            Datagrams.DatagramEndpoint<Recorder> aborted = Datagrams.createDatagramEndpoint(Recorder::new, null, to);
            boolean[] full = stall(closed.transport());
            stall(aborted.transport());
            closed.transport().sendto(bytes("queued"), null);
            aborted.transport().sendto(bytes("dropped"), null);
            closed.transport().close();
            aborted.transport().abort();
            assertEquals(0, aborted.transport().getWriteBufferSize());
            assertNull(await(aborted.protocol().lost));
            assertFalse(closed.protocol().lost.done(), "a datagram is still queued");
            full[0] = false;
            assertEquals("queued", server.protocol().next().text());
            assertNull(await(closed.protocol().lost));
            sleep(0.05);
            assertTrue(server.protocol().received.empty(), "the aborted datagram never left");
            server.transport().close();
            return null;
        });
    }

    @Test
    void reusePortLetsTwoEndpointsBindOnePort() {
        run(() -> {
            Datagrams.DatagramOptions reuse = Datagrams.DatagramOptions.defaults().withReusePort(true);
            Datagrams.DatagramEndpoint<Recorder> a = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT, null, reuse);
            InetSocketAddress taken = (InetSocketAddress) sockname(a);
            Datagrams.DatagramEndpoint<Recorder> b = Datagrams.createDatagramEndpoint(Recorder::new, taken, null, reuse);
            assertEquals(taken, sockname(b));
            assertThrows(BindException.class, () -> Datagrams.createDatagramEndpoint(Recorder::new, taken, null));
            a.transport().close();
            b.transport().close();
            return null;
        });
    }

    @Test
    void allowBroadcastKeepsTheRemoteAsDefaultDestinationWithoutConnecting() {
        run(() -> {
            Datagrams.DatagramEndpoint<Echo> server = echoServer();
            SocketAddress to = sockname(server);
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, ANY_LOOPBACK_PORT,
                    (InetSocketAddress) to, Datagrams.DatagramOptions.defaults().withAllowBroadcast(true));
            DatagramChannel ch = (DatagramChannel) client.transport().getExtraInfo("socket");
            assertTrue(ch.getOption(StandardSocketOptions.SO_BROADCAST));
            assertNull(client.transport().getExtraInfo("peername"), "not connected");
            client.transport().sendto(bytes("hello"), null);
            assertEquals(new Datagram("hello", to), client.protocol().next());
            client.transport().close();
            server.transport().close();
            return null;
        });
    }

    @Test
    void anExceptionInDatagramReceivedIsReportedAndTheEndpointGoesOn() {
        List<ErrorContext> reported = new ArrayList<>();
        run(() -> {
            getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
            Datagrams.DatagramEndpoint<Recorder> server = Datagrams.createDatagramEndpoint(() -> new Recorder() {
                @Override
                public void datagramReceived(ByteBuffer data, SocketAddress addr) {
                    if (data.remaining() == 4) {
                        throw new IllegalStateException("boom");
                    }
                    super.datagramReceived(data, addr);
                }
            }, ANY_LOOPBACK_PORT, null);
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, null,
                    (InetSocketAddress) sockname(server));
            client.transport().sendto(bytes("boom"), null);
            client.transport().sendto(bytes("after"), null);
            assertEquals("after", server.protocol().next().text());
            assertFalse(server.transport().isClosing());
            client.transport().close();
            server.transport().close();
            return null;
        });
        assertEquals(1, reported.size());
        assertEquals("boom", reported.get(0).exception().getMessage());
    }

    @Test
    void cancellingWhileOpeningLeavesNothingOpen() throws IOException {
        int port = closedPort();
        run(() -> {
            Future<Void> factoryCalled = getRunningLoop().createFuture();
            List<Recorder> made = new ArrayList<>();
            Task<?> opening = createTask(() -> Datagrams.createDatagramEndpoint(() -> {
                Recorder r = new Recorder();
                made.add(r);
                factoryCalled.setResult(null);
                return r;
            }, new InetSocketAddress("127.0.0.1", port), null));
            await(factoryCalled);
            opening.cancel();
            assertThrows(CancelledError.class, () -> await(opening));
            sleep(0.01);
            List<String> events = made.get(0).events;
            assertTrue(events.isEmpty() || events.equals(List.of("made", "lost")), events.toString());
            // The port is free again: the socket was closed.
            Datagrams.DatagramEndpoint<Recorder> again = Datagrams.createDatagramEndpoint(Recorder::new,
                    new InetSocketAddress("127.0.0.1", port), null);
            again.transport().close();
            return null;
        });
    }

    @Test
    void ipv6LoopbackWorksToo() {
        assumeTrue(hasIpv6Loopback(), "no ::1 on this machine");
        run(() -> {
            InetSocketAddress any6 = new InetSocketAddress("::1", 0);
            Datagrams.DatagramEndpoint<Echo> server = Datagrams.createDatagramEndpoint(Echo::new, any6, null);
            SocketAddress to = sockname(server);
            Datagrams.DatagramEndpoint<Recorder> client = Datagrams.createDatagramEndpoint(Recorder::new, null, (InetSocketAddress) to);
            client.transport().sendto(bytes("over v6"), null);
            assertEquals(new Datagram("over v6", to), client.protocol().next());
            client.transport().close();
            server.transport().close();
            return null;
        });
    }

    private static boolean hasIpv6Loopback() {
        try (DatagramChannel ch = DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
            ch.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
