package io.jasyncio.net;

import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.fixtures.NetFixtures.port;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.fixtures.CollectingProtocol;
import io.jasyncio.fixtures.EchoProtocol;
import io.jasyncio.fixtures.RealTime;
import io.jasyncio.fixtures.SlowResolver;

/**
 * Happy Eyeballs (RFC 8305) in {@code createConnection}: the staggering on virtual time through a
 * scripted connector, then real connections on 127.0.0.1 and a gated name resolver.
 */
class HappyEyeballsTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 1002);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 1003);
    private static final InetSocketAddress A6 = new InetSocketAddress("::1", 1001);
    private static final InetSocketAddress B6 = new InetSocketAddress("::1", 1002);
    private static final InetSocketAddress C6 = new InetSocketAddress("::1", 1003);
    private static final double NEVER = Double.POSITIVE_INFINITY;

    private static Net.ConnectOptions staggered(double delay) {
        return Net.ConnectOptions.defaults().withHappyEyeballsDelay(delay);
    }

    /**
     * A scripted network: per address, after how long a connect succeeds or is refused (or never
     * answers). Each attempt opens a real, unconnected channel, so that its closing shows; like a real
     * connector it closes that channel if it fails or is cancelled.
     */
    static final class Script implements HappyEyeballs.Connector {
        private final Map<InetSocketAddress, double[]> plan = new LinkedHashMap<>();
        final Map<InetSocketAddress, SocketChannel> opened = new LinkedHashMap<>();
        final List<String> starts = new ArrayList<>();

        Script answers(InetSocketAddress addr, double after) {
            plan.put(addr, new double[] {after, 1});
            return this;
        }

        Script refuses(InetSocketAddress addr, double after) {
            plan.put(addr, new double[] {after, 0});
            return this;
        }

        Script silent(InetSocketAddress addr) {
            return answers(addr, NEVER);
        }

        @Override
        public SocketChannel connect(InetSocketAddress addr) throws IOException {
            SocketChannel ch = SocketChannel.open();
            opened.put(addr, ch);
            starts.add(getRunningLoop().time() + " " + addr.getPort() + (Net.isV6(addr) ? "v6" : ""));
            double[] p = plan.get(addr);
            boolean ok = false;
            try {
                if (p[0] == NEVER) {
                    await(getRunningLoop().createFuture());
                }
                sleep(p[0]);
                if (p[1] == 0) {
                    throw new ConnectException("Connection refused: " + addr);
                }
                ok = true;
                return ch;
            } finally {
                if (!ok) {
                    ch.close();
                }
            }
        }

        boolean isOpen(InetSocketAddress addr) {
            return opened.get(addr).isOpen();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Staggering, on virtual time

    @AsyncioTest
    void withoutADelayTheAddressesAreTriedOneAfterAnother(EventLoop loop) {
        Script net = new Script().refuses(A, 1).answers(B, 1);
        SocketChannel ch = HappyEyeballs.connectFirst(List.of(A, B), Net.ConnectOptions.defaults(), net);
        assertSame(net.opened.get(B), ch);
        assertEquals(List.of("0.0 1001", "1.0 1002"), net.starts);
        assertFalse(net.isOpen(A));
        assertEquals(2.0, loop.time());
    }

    @AsyncioTest
    void aSilentAttemptIsOvertakenAfterTheDelayAndItsSocketClosed(EventLoop loop) {
        Script net = new Script().silent(A).answers(B, 0.1);
        SocketChannel ch = HappyEyeballs.connectFirst(List.of(A, B), staggered(0.25), net);
        assertSame(net.opened.get(B), ch);
        assertEquals(List.of("0.0 1001", "0.25 1002"), net.starts);
        assertFalse(net.isOpen(A), "the loser was cancelled and awaited before connectFirst returned");
        assertTrue(ch.isOpen());
        assertEquals(0.35, loop.time(), 1e-9);
    }

    @AsyncioTest
    void aRefusalStartsTheNextAttemptAtOnce(EventLoop loop) {
        Script net = new Script().refuses(A, 0.1).answers(B, 0.1);
        SocketChannel ch = HappyEyeballs.connectFirst(List.of(A, B), staggered(0.25), net);
        assertSame(net.opened.get(B), ch);
        assertEquals(List.of("0.0 1001", "0.1 1002"), net.starts);
        assertEquals(0.2, loop.time(), 1e-9);
    }

    @AsyncioTest
    void aRivalThatConnectsInTheWinnersTurnIsClosed() {
        // A (started at 0) and B (started at 0.25) both connect at 0.3, in the same loop turn: A first.
        Script net = new Script().answers(A, 0.3).answers(B, 0.05).silent(C);
        SocketChannel ch = HappyEyeballs.connectFirst(List.of(A, B, C), staggered(0.25), net);
        assertSame(net.opened.get(A), ch);
        assertTrue(ch.isOpen());
        assertFalse(net.isOpen(B), "the late rival's connected socket was closed");
        assertFalse(net.opened.containsKey(C), "C was due at 0.5: never started");
    }

    @AsyncioTest
    void cancellingTheCallerCancelsEveryAttemptAndClosesItsSocket() {
        Script net = new Script().silent(A).silent(B).silent(C);
        Task<SocketChannel> connecting = createTask(() -> HappyEyeballs.connectFirst(List.of(A, B, C), staggered(0.25), net));
        sleep(0.6);
        assertEquals(List.of("0.0 1001", "0.25 1002", "0.5 1003"), net.starts);
        connecting.cancel();
        assertThrows(CancelledError.class, () -> await(connecting));
        for (InetSocketAddress addr : List.of(A, B, C)) {
            assertFalse(net.isOpen(addr), addr + " closed");
        }
    }

    @AsyncioTest
    void whenEveryAttemptFailsTheLastErrorIsRaisedWithTheOthersSuppressed() {
        for (Net.ConnectOptions options : List.of(Net.ConnectOptions.defaults(), staggered(0.25))) {
            Script net = new Script().refuses(A, 0.1).refuses(B, 0.1).refuses(C, 0.1);
            ConnectException e = assertThrows(ConnectException.class,
                    () -> HappyEyeballs.connectFirst(List.of(A, B, C), options, net));
            assertTrue(e.getMessage().endsWith(C.toString()), e.getMessage());
            assertEquals(2, e.getSuppressed().length);
            assertTrue(e.getSuppressed()[0].getMessage().endsWith(A.toString()));
        }
    }

    @AsyncioTest
    void aDelayInterleavesTheFamiliesUnlessToldOtherwise() {
        List<InetSocketAddress> resolved = List.of(A6, B6, A, B);
        Script net = new Script().refuses(A6, 1).refuses(B6, 1).refuses(A, 1).refuses(B, 1);
        assertThrows(ConnectException.class, () -> HappyEyeballs.connectFirst(resolved, staggered(0.25), net));
        assertEquals(List.of("0.0 1001v6", "0.25 1001", "0.5 1002v6", "0.75 1002"), net.starts);
        Script net2 = new Script().refuses(A6, 1).refuses(B6, 1).refuses(A, 1).refuses(B, 1);
        assertThrows(ConnectException.class, () -> HappyEyeballs.connectFirst(resolved, Net.ConnectOptions.defaults(), net2));
        assertEquals(List.of("1001v6", "1002v6", "1001", "1002"), net2.starts.stream().map(s -> s.split(" ")[1]).toList(),
                "no delay: the resolver's order");
    }

    @Test
    void interleavingFollowsAsyncio() {
        List<InetSocketAddress> resolved = List.of(A6, B6, A, B, C6);
        assertEquals(List.of(A6, A, B6, B, C6), HappyEyeballs.interleave(resolved, 1));
        assertEquals(List.of(A6, B6, A, C6, B), HappyEyeballs.interleave(resolved, 2));
        assertEquals(List.of(A6, B6, C6, A, B), HappyEyeballs.interleave(resolved, 9));
        assertEquals(List.of(A, B), HappyEyeballs.interleave(List.of(A, B), 1));
    }

    @Test
    void connectOptionsAreValidated() {
        Net.ConnectOptions d = Net.ConnectOptions.defaults();
        assertNull(d.happyEyeballsDelay());
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> d.withHappyEyeballsDelay(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> d.withInterleave(-1));
        assertThrows(IllegalArgumentException.class,
                () -> d.withLocalAddress(java.net.UnixDomainSocketAddress.of("/tmp/x.sock")));
    }

    // ------------------------------------------------------------------------------------------
    // Real sockets on 127.0.0.1, real clock

    @Test
    void aRefusedAddressThenAWorkingOneOverLoopback() {
        run(() -> {
            Server closed = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            int refusing = port(closed);
            closed.close();
            closed.waitClosed();
            Server server = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            InetSocketAddress working = new InetSocketAddress("127.0.0.1", port(server));
            SocketChannel ch = HappyEyeballs.connectFirst(Arrays.asList(new InetSocketAddress("127.0.0.1", refusing), working),
                    staggered(5), HappyEyeballs.connector(getRunningLoop(), List.of()));
            assertEquals(working, ch.getRemoteAddress());
            ch.close();
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void createConnectionWithOptionsBindsTheLocalAddressAndEchoes() {
        run(() -> {
            Server server = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            Net.ConnectOptions options = staggered(0.25).withLocalAddress(new InetSocketAddress("127.0.0.1", 0));
            Net.Connection<CollectingProtocol> c = Net.createConnection(CollectingProtocol::new, "127.0.0.1",
                    port(server), options);
            InetSocketAddress local = (InetSocketAddress) c.transport().getExtraInfo("sockname");
            assertEquals("127.0.0.1", local.getAddress().getHostAddress());
            c.transport().write("eyeballs".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            c.transport().writeEof();
            assertEquals("eyeballs", waitFor(c.protocol().closed, RealTime.BOUND));
            SocketException e = assertThrows(SocketException.class, () -> Net.createConnection(
                    CollectingProtocol::new, "127.0.0.1", port(server),
                    options.withLocalAddress(new InetSocketAddress("::1", 0))));
            assertTrue(e.getMessage().contains("no local address of the family"), e.getMessage());
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void hostNamesResolveOffTheLoop() {
        run(() -> {
            Server server = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            SlowResolver.Gate gate = SlowResolver.newGate();
            int[] ticks = {0};
            Task<Void> ticker = createTask(() -> {
                while (true) {
                    sleep(0.001);
                    ticks[0]++;
                }
            });
            Task<Net.Connection<CollectingProtocol>> connecting = createTask(
                    () -> Net.createConnection(CollectingProtocol::new, gate.host, port(server)));
            for (int i = 0; !gate.entered(); i++) {
                assertTrue(i < RealTime.BOUND * 1000, "the lookup never started");
                sleep(0.001);
            }
            // A worker thread is inside the lookup, held there until the gate opens: the loop goes on.
            int before = ticks[0];
            for (int i = 0; ticks[0] < before + 5; i++) {
                assertTrue(i < RealTime.BOUND * 1000, "the ticker stalled");
                sleep(0.001);
            }
            assertFalse(connecting.done(), "still resolving");
            gate.open();
            Net.Connection<CollectingProtocol> c = waitFor(connecting, RealTime.BOUND);
            assertEquals(new InetSocketAddress("127.0.0.1", port(server)), c.transport().getExtraInfo("peername"));
            ticker.cancel();
            c.transport().close();
            server.close();
            server.closeClients();
            server.waitClosed();
            return null;
        });
    }
}
