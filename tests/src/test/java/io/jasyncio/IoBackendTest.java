package io.jasyncio;

import org.junit.jupiter.api.Test;

import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.net.Net;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;

/**
 * The loop's I/O backend ({@link IoDriver}: epoll on the main run, the JDK's selector on the fallback run): what
 * both must do alike, and the descriptor bookkeeping the epoll backend adds.
 */
class IoBackendTest {

    @Test
    void aChannelClosedWithoutCancellingNeverTouchesTheNextOwnerOfItsDescriptor() throws Exception {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<String> seen = new ArrayList<>();
            Pipe first = Pipe.open();
            first.source().configureBlocking(false);
            IoDriver.Registration r1 = loop.io.register(first.source(), SelectionKey.OP_READ, ops -> seen.add("first"));
            int fd = IoDriver.backend().equals("epoll") ? Epoll.fd(first.source()) : -1;
            first.source().close(); // no cancel: the registration must notice by itself
            Pipe second = Pipe.open();
            second.source().configureBlocking(false);
            if (fd >= 0) {
                assertEquals(fd, Epoll.fd(second.source()), "the kernel hands out the lowest free descriptor");
            }
            ByteBuffer got = ByteBuffer.allocate(8);
            IoDriver.Registration[] self = new IoDriver.Registration[1];
            IoDriver.Registration r2 = loop.io.register(second.source(), SelectionKey.OP_READ, ops -> {
                seen.add("second " + ops);
                try {
                    assertEquals(1, self[0].read(got));
                    assertEquals(0, self[0].read(got), "nothing more is ready: 0, not end of stream");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    loop.stop(); // also when an assertion failed: the test then reports it instead of spinning
                }
            });
            self[0] = r2;
            assertFalse(r1.isValid());
            assertEquals(0, r1.interestOps());
            r1.interest(SelectionKey.OP_READ, false); // ignored: it must not reach the new channel
            r1.cancel();
            assertTrue(r2.isValid());
            assertEquals(SelectionKey.OP_READ, r2.interestOps());
            second.sink().write(ByteBuffer.wrap(new byte[] {7}));
            loop.runForever();
            assertEquals(List.of("second " + SelectionKey.OP_READ), seen);
            assertEquals(1, got.position());
            assertEquals(7, got.get(0));
            r2.cancel();
            assertFalse(r2.isValid());
            first.sink().close();
            second.source().close();
            second.sink().close();
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("realtime")
    void aHungUpChannelWhoseInterestWasDroppedDoesNotWakeTheLoopAgain() throws Exception {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            Pipe pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            int[] calls = {0};
            IoDriver.Registration[] self = new IoDriver.Registration[1];
            self[0] = loop.io.register(pipe.source(), SelectionKey.OP_READ, ops -> {
                calls[0]++;
                self[0].interest(SelectionKey.OP_READ, false); // stop reading without reading the end of stream
            });
            pipe.sink().close(); // hung up: readable (end of stream) for as long as the descriptor is open
            int[] turns = {0};
            Runnable[] hop = new Runnable[1];
            hop[0] = () -> { // 20 turns, each polling for I/O
                if (++turns[0] < 20) {
                    loop.callSoon(hop[0]);
                } else {
                    loop.stop();
                }
            };
            loop.callSoon(hop[0]);
            loop.runForever();
            assertEquals(1, calls[0], "a hang-up must not be reported for a registration with no interest");
            assertEquals(0, self[0].interestOps());
            assertTrue(self[0].isValid());
            // Nor may it end a wait: kept in epoll's set with no events, a hang-up would still end every wait at once.
            long start = System.nanoTime();
            assertFalse(loop.io.await(200_000_000L), "nothing is ready");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 150, "the wait for 200 ms ended after " + waited + " ms");
            self[0].interest(SelectionKey.OP_READ, true); // interest back: ready again in the next turn
            turns[0] = 0;
            loop.callSoon(hop[0]);
            loop.runForever();
            assertEquals(2, calls[0]);
            self[0].cancel();
            pipe.source().close();
        }
    }

    @Test
    void aResetConnectionReachesTheProtocolAsTheJdksSocketException() {
        Throwable lost = lostAfterAReset(false);
        assertInstanceOf(SocketException.class, lost);
        assertEquals("Connection reset", lost.getMessage());
    }

    @Test
    void writingToAResetPeerFailsTheTransportWithTheJdksExceptionAndNoSignal() {
        Throwable lost = lostAfterAReset(true);
        // As the JDK's SocketChannel.write reports it: the system's message, whichever the backend.
        assertEquals(java.io.IOException.class, lost.getClass());
        assertTrue(List.of("Broken pipe", "Connection reset by peer").contains(lost.getMessage()), lost.getMessage());
    }

    /**
     * Connects to a server, resets the connection from the client's side (SO_LINGER 0, then abort) and returns
     * what the server's protocol got in {@code connectionLost}: from its next read, or, with {@code serverWrites},
     * from writing with reading paused, until a write fails (the process must not die of SIGPIPE meanwhile).
     */
    private static Throwable lostAfterAReset(boolean serverWrites) {
        return run(() -> {
            Future<Transport> accepted = getRunningLoop().createFuture();
            Future<Throwable> serverLost = getRunningLoop().createFuture();
            Server server = Net.createServer(() -> new Protocol() {
                @Override
                public void connectionMade(Transport t) {
                    accepted.setResult(t);
                }

                @Override
                public void connectionLost(Throwable e) {
                    serverLost.setResult(e);
                }
            }, "127.0.0.1", 0);
            Net.Connection<Protocol> c = Net.createConnection(() -> new Protocol() { },
                    "127.0.0.1", io.jasyncio.fixtures.NetFixtures.port(server));
            Transport t = await(accepted);
            if (serverWrites) {
                t.pauseReading(); // the server learns of the reset only by writing
            }
            SocketChannel ch = (SocketChannel) c.transport().getExtraInfo("socket");
            ch.setOption(StandardSocketOptions.SO_LINGER, 0); // closing now sends a reset
            c.transport().abort();
            byte[] chunk = new byte[64 * 1024];
            while (serverWrites && !serverLost.done()) {
                t.write(chunk);
                sleep(0.01);
            }
            Throwable e = await(serverLost);
            server.close();
            server.waitClosed();
            return e;
        });
    }
}
