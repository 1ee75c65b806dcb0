package io.jasyncio.testing;

import io.jasyncio.fixtures.CollectingProtocol;
import io.jasyncio.fixtures.EchoProtocol;
import io.jasyncio.streams.IncompleteReadError;

import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The testkit's in-memory transport and stream pairs: protocol and stream tests without sockets. */
class MemoryTransportTest {

    @AsyncioTest
    void aProtocolTalksToAnotherOverMemory() {
        EchoProtocol echo = new EchoProtocol();
        CollectingProtocol client = new CollectingProtocol();
        MemoryTransport.Ends ends = MemoryTransport.pair(echo, client);
        sleep(0); // connectionMade, in the next turn
        ends.right().write("ping".getBytes(UTF_8));
        ends.right().write("pong".getBytes(UTF_8));
        ends.right().writeEof(); // after the data; the echo side closes on EOF, which ends both
        assertEquals("pingpong", await(client.closed));
        assertEquals(List.of("made", "data 4", "data 4", "eof", "lost clean"), echo.events);
        assertEquals("memory-left", ends.right().getExtraInfo("peername"));
    }

    @AsyncioTest
    void aPeerThatStopsReadingPausesTheWriterAtTheHighWaterMark() {
        CollectingProtocol writer = new CollectingProtocol();
        CollectingProtocol reader = new CollectingProtocol();
        MemoryTransport.Ends ends = MemoryTransport.pair(writer, reader);
        sleep(0);
        ends.right().pauseReading();
        ends.left().setWriteBufferLimits(100, 10);
        ends.left().write(new byte[60]);
        assertEquals(List.of(), writer.events);
        ends.left().write(new byte[60]);
        assertEquals(List.of("pause"), writer.events);
        assertEquals(120, ends.left().getWriteBufferSize());
        sleep(0);
        assertEquals(0, reader.received.length(), "nothing is delivered while paused");
        ends.right().resumeReading();
        sleep(0);
        assertEquals(120, reader.received.length());
        assertEquals(List.of("pause", "resume"), writer.events);
        ends.left().close();
        await(reader.closed);
    }

    @AsyncioTest
    void abortResetsThePeer() {
        EchoProtocol a = new EchoProtocol();
        EchoProtocol b = new EchoProtocol();
        MemoryTransport.Ends ends = MemoryTransport.pair(a, b);
        sleep(0);
        ends.left().abort();
        sleep(0);
        assertEquals(List.of("made", "lost clean"), a.events);
        assertEquals(List.of("made", "lost " + SocketException.class.getSimpleName()), b.events);
        assertThrows(IllegalStateException.class, () -> ends.left().write(new byte[1]));
    }

    @AsyncioTest
    void streamPairsCarryLinesBothWays() throws Exception {
        MemoryTransport.StreamEnds s = MemoryTransport.streamPair();
        s.left().writer().write("hello\nworld".getBytes(UTF_8));
        s.left().writer().drain();
        assertArrayEquals("hello\n".getBytes(UTF_8), s.right().reader().readline());
        s.right().writer().write("back\n".getBytes(UTF_8));
        assertEquals("back\n", new String(s.left().reader().readline(), StandardCharsets.UTF_8));
        s.left().writer().close();
        s.left().writer().waitClosed();
        // What was written before the close arrives, then EOF.
        assertEquals("world", new String(s.right().reader().read(-1), UTF_8));
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> s.right().reader().readexactly(1));
        assertEquals(0, e.partial().length);
        assertTrue(s.right().reader().atEof());
        s.right().writer().close();
        s.right().writer().waitClosed();
    }

    @AsyncioTest
    void stepsFailAtAPointMarkedUnreachable() {
        Steps steps = new Steps();
        steps.expect(1);
        AssertionError e = assertThrows(AssertionError.class, steps::expectUnreached);
        assertTrue(e.getMessage().contains("the last step reached was 1"), e.getMessage());
        AssertionError later = assertThrows(AssertionError.class, () -> steps.expect(2));
        assertTrue(later.getMessage().contains("after a point marked unreachable"), later.getMessage());
    }
}
