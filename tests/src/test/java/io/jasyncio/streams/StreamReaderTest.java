package io.jasyncio.streams;

import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestLoop;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;

/** {@link StreamReader} alone, fed by hand on a test loop: every read, the limit, flow control, cancel safety. */
class StreamReaderTest {

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String s(byte[] data) {
        return new String(data, US_ASCII);
    }

    /** A task that reads, to be fed while it waits. */
    static Task<String> reading(Coroutine<byte[]> read) {
        Task<String> t = createTask(() -> s(read.call()));
        TestLoop.waitAllBlocked();
        return t;
    }

    // ------------------------------------------------------------------------------------------
    // read

    @AsyncioTest
    void readTakesUpToNOfWhatIsBufferedAndWaitsOnlyWhenEmpty() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("abcdef"));
        assertEquals("abcd", s(r.read(4)));
        assertEquals("ef", s(r.read(4)));
        assertEquals("", s(r.read(0)));
        Task<String> t = reading(() -> r.read(10));
        assertFalse(t.done());
        r.feedData(ByteBuffer.wrap(b("xyz")));
        assertEquals("xyz", await(t));
        r.feedEof();
        assertEquals("", s(r.read(10)));
        assertTrue(r.atEof());
    }

    @AsyncioTest
    void readAllWaitsForEofAndReturnsEverything() throws Exception {
        StreamReader r = new StreamReader(4);
        Task<String> t = reading(r::read);
        for (String part : List.of("first ", "second ", "third")) {
            r.feedData(b(part));
            TestLoop.waitAllBlocked();
            assertFalse(t.done());
        }
        r.feedEof();
        assertEquals("first second third", await(t));
        assertEquals("", s(r.read(-1)));
    }

    @AsyncioTest
    void feedingByteBufferLeavesItsPositionAlone() throws Exception {
        StreamReader r = new StreamReader();
        ByteBuffer data = ByteBuffer.wrap(b("0123456789")).position(3).limit(7);
        r.feedData(data);
        assertEquals(3, data.position());
        assertEquals("3456", s(r.read(100)));
        r.feedEof();
        assertThrows(IllegalStateException.class, () -> r.feedData(b("late")));
        assertThrows(IllegalArgumentException.class, () -> new StreamReader(0));
    }

    @AsyncioTest
    void interleavedFeedsAndReadsKeepEveryByteInOrder() throws Exception {
        StreamReader r = new StreamReader(1000); // the buffer grows, compacts and is dropped along the way
        java.util.Random rnd = new java.util.Random(42);
        java.io.ByteArrayOutputStream fed = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            byte[] chunk = new byte[rnd.nextInt(1, 700)]; // never empty: the read below must not wait
            rnd.nextBytes(chunk);
            r.feedData(chunk);
            fed.write(chunk);
            got.write(r.read(rnd.nextInt(1, 900)));
        }
        r.feedEof();
        got.write(r.read(-1));
        assertArrayEquals(fed.toByteArray(), got.toByteArray());
    }

    // ------------------------------------------------------------------------------------------
    // readline and iteration

    @AsyncioTest
    void readlineReturnsLinesWithTheirNewlineAndThePartialLastOne() throws Exception {
        StreamReader r = new StreamReader();
        Task<String> t = reading(r::readline);
        r.feedData(b("hel"));
        TestLoop.waitAllBlocked();
        assertFalse(t.done(), "no newline yet");
        r.feedData(b("lo\nworld\nta"));
        assertEquals("hello\n", await(t));
        assertEquals("world\n", s(r.readline()));
        r.feedData(b("il"));
        r.feedEof();
        assertEquals("tail", s(r.readline()));
        assertEquals("", s(r.readline()));
    }

    @AsyncioTest
    void readlineOverTheLimitDropsTheLine() throws Exception {
        StreamReader r = new StreamReader(4);
        r.feedData(b("abcdefgh\nok\n"));
        LimitOverrunError e = assertThrows(LimitOverrunError.class, r::readline);
        assertEquals(8, e.consumed());
        assertEquals("ok\n", s(r.readline()), "the long line was discarded up to its newline");
        r.feedData(b("0123456789"));
        assertThrows(LimitOverrunError.class, r::readline);
        r.feedData(b("rest\n"));
        assertEquals("rest\n", s(r.readline()), "without a newline the whole buffer went");
    }

    @AsyncioTest
    void iterationYieldsLinesUntilEofAndHasNextTakesNothing() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("one\ntwo\n"));
        var it = r.iterator();
        assertTrue(it.hasNext());
        assertEquals("one\n", s(r.readexactly(4)), "hasNext() only looked");
        Task<List<String>> t = createTask(() -> {
            List<String> lines = new ArrayList<>();
            for (byte[] line : r) {
                lines.add(s(line));
            }
            return lines;
        });
        TestLoop.waitAllBlocked();
        r.feedData(b("three"));
        r.feedEof();
        assertEquals(List.of("two\n", "three"), await(t));
    }

    // ------------------------------------------------------------------------------------------
    // readexactly and readuntil

    @AsyncioTest
    void readexactlyWaitsForAllTheBytesOrRaisesWithThePartialOnes() throws Exception {
        StreamReader r = new StreamReader(2); // the limit does not apply
        Task<String> t = reading(() -> r.readexactly(6));
        r.feedData(b("abc"));
        TestLoop.waitAllBlocked();
        assertFalse(t.done());
        r.feedData(b("defgh"));
        assertEquals("abcdef", await(t));
        assertEquals("", s(r.readexactly(0)));
        assertThrows(IllegalArgumentException.class, () -> r.readexactly(-1));
        r.feedEof();
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> r.readexactly(5));
        assertEquals("gh", s(e.partial()));
        assertEquals(5, e.expected());
        assertEquals("2 bytes read on a total of 5 expected bytes", e.getMessage());
        assertTrue(r.atEof(), "the partial bytes were taken");
    }

    @AsyncioTest
    void readuntilFindsASeparatorSplitAcrossFeeds() throws Exception {
        StreamReader r = new StreamReader();
        Task<String> t = reading(() -> r.readuntil(b("\r\n\r\n")));
        r.feedData(b("head: 1\r\n\r"));
        TestLoop.waitAllBlocked();
        assertFalse(t.done());
        r.feedData(b("\nbody"));
        assertEquals("head: 1\r\n\r\n", await(t));
        r.feedData(b("\r"));
        r.feedEof();
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> r.readuntil(b("\r\n")));
        assertEquals("body\r", s(e.partial()), "the partial may end with part of the separator");
        assertEquals(-1, e.expected());
        assertThrows(IllegalArgumentException.class, () -> r.readuntil(b("")));
        assertThrows(IllegalArgumentException.class, () -> r.readuntil(List.of()));
    }

    @AsyncioTest
    void readuntilOverTheLimitLeavesTheDataInTheBuffer() throws Exception {
        StreamReader r = new StreamReader(5);
        r.feedData(b("0123456789;"));
        LimitOverrunError found = assertThrows(LimitOverrunError.class, () -> r.readuntil(b(";")));
        assertEquals(10, found.consumed(), "the separator is there, beyond the limit");
        assertEquals("Separator is found, but chunk is longer than limit", found.getMessage());
        assertEquals("0123456789;", s(r.readexactly(11)), "nothing was taken");
        r.feedData(b("abcdefgh"));
        LimitOverrunError searched = assertThrows(LimitOverrunError.class, () -> r.readuntil(b("::")));
        assertEquals(7, searched.consumed(), "8 bytes searched, less the last one that may start '::'");
        assertEquals("abcdefgh", s(r.read(100)));
    }

    @AsyncioTest
    void readuntilWithSeveralSeparatorsReturnsTheShortestChunk() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("key=value;next\nmore"));
        assertEquals("key=value;", s(r.readuntil(List.of(b("\n"), b(";")))));
        assertEquals("next\n", s(r.readuntil(List.of(b("\n"), b(";")))));
        r.feedData(b("!!"));
        assertEquals("more!", s(r.readuntil(List.of(b("!!"), b("!")))), "a tie goes to the shorter one");
    }

    // ------------------------------------------------------------------------------------------
    // Errors and the single waiter

    @AsyncioTest
    void anExceptionWakesTheWaitingReadAndFailsEveryLaterRead() throws Exception {
        StreamReader r = new StreamReader();
        Task<String> t = reading(r::readline);
        r.feedData(b("partial"));
        SocketException reset = new SocketException("Connection reset");
        r.setException(reset);
        assertSame(reset, assertThrows(SocketException.class, () -> await(t)));
        assertSame(reset, r.exception());
        assertThrows(SocketException.class, () -> r.read(1), "buffered bytes or not");
        assertThrows(SocketException.class, () -> r.readexactly(1));
    }

    @AsyncioTest
    void bytesThatArrivedBeforeTheExceptionAreStillReturned() throws Exception {
        StreamReader r = new StreamReader();
        Task<String> t = reading(() -> r.readexactly(3));
        r.feedData(b("abc")); // wakes the read ...
        r.setException(new IOException("broken")); // ... which runs after this, as in asyncio
        assertEquals("abc", await(t));
        assertThrows(IOException.class, r::read);
    }

    @AsyncioTest
    void onlyOneTaskMayWait() throws Exception {
        StreamReader r = new StreamReader();
        Task<String> first = reading(r::readline);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(1));
        assertEquals("read() called while another task is already waiting for incoming data", e.getMessage());
        r.feedData(b("x\n"));
        assertEquals("x\n", await(first));
    }

    // ------------------------------------------------------------------------------------------
    // Cancel safety: a cancelled read takes nothing

    /**
     * Starts {@code read} in a task, feeds {@code before} (not enough for it), then {@code completing}
     * (or EOF if null), which wakes it, and cancels it before it runs again: everything fed must still
     * be in the buffer.
     */
    static void cancelledAfterWakeUpTakesNothing(StreamReader r, Coroutine<byte[]> read, String before,
                                                 String completing) throws Exception {
        Task<String> t = reading(read);
        r.feedData(b(before));
        TestLoop.waitAllBlocked();
        assertFalse(t.done(), "still waiting after '" + before + "'");
        if (completing == null) {
            r.feedEof();
        } else {
            r.feedData(b(completing));
        }
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        r.feedEof();
        assertEquals(before + (completing == null ? "" : completing), s(r.read(-1)), "nothing was taken");
    }

    @AsyncioTest
    void everyReadCancelledAfterItsWakeUpTakesNothing() throws Exception {
        StreamReader r1 = new StreamReader();
        cancelledAfterWakeUpTakesNothing(r1, () -> r1.read(10), "", "abc");
        StreamReader r2 = new StreamReader();
        cancelledAfterWakeUpTakesNothing(r2, r2::read, "all of it", null);
        StreamReader r3 = new StreamReader();
        cancelledAfterWakeUpTakesNothing(r3, r3::readline, "a li", "ne\nmore");
        StreamReader r4 = new StreamReader();
        cancelledAfterWakeUpTakesNothing(r4, () -> r4.readexactly(8), "1234", "5678");
        StreamReader r5 = new StreamReader();
        cancelledAfterWakeUpTakesNothing(r5, () -> r5.readuntil(b("END")), "body EN", "D");
        StreamReader r6 = new StreamReader();
        cancelledAfterWakeUpTakesNothing(r6, () -> r6.iterator().hasNext() ? b("y") : b("n"), "a li", "ne\n");
    }

    @AsyncioTest
    void aReadCancelledWhileWaitingKeepsThePartialData() throws Exception {
        StreamReader r = new StreamReader();
        Task<String> t = reading(() -> r.readexactly(10));
        r.feedData(b("12345"));
        TestLoop.waitAllBlocked();
        t.cancel();
        assertThrows(CancelledError.class, () -> await(t));
        r.setException(new IOException("late")); // no waiter left to wake (asyncio's test_exception_cancel)
        assertEquals("<StreamReader 5 bytes exception=java.io.IOException: late>", r.toString());
    }

    @AsyncioTest
    void aReadThatTimesOutCanBeRetried() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("GET / HT"));
        assertThrows(TimeoutError.class, () -> waitFor(r::readline, 1.0));
        getRunningLoop().callLater(1.0, () -> r.feedData(b("TP/1.0\r\n")));
        assertEquals("GET / HTTP/1.0\r\n", s(waitFor(r::readline, 2.0)));
    }

    // ------------------------------------------------------------------------------------------
    // Flow control

    /** A transport that only records pauseReading/resumeReading. */
    static final class PausableTransport implements Transport {
        final List<String> calls = new ArrayList<>();
        boolean canPause = true;

        @Override public void pauseReading() {
            if (!canPause) {
                throw new UnsupportedOperationException();
            }
            calls.add("pause");
        }

        @Override public void resumeReading() {
            calls.add("resume");
        }

        @Override public void write(ByteBuffer data) { }
        @Override public void writeEof() { }
        @Override public boolean canWriteEof() { return true; }
        @Override public void close() { }
        @Override public void abort() { }
        @Override public boolean isClosing() { return false; }
        @Override public boolean isReading() { return true; }
        @Override public void setWriteBufferLimits(int high, int low) { }
        @Override public int getWriteBufferSize() { return 0; }
        @Override public Object getExtraInfo(String name) { return null; }
        @Override public Protocol getProtocol() { return null; }
        @Override public void setProtocol(Protocol protocol) { }
    }

    @AsyncioTest
    void aFullBufferPausesTheTransportUntilReadsBringItToTheLimit() throws Exception {
        StreamReader r = new StreamReader(4);
        PausableTransport t = new PausableTransport();
        r.setTransport(t);
        assertThrows(IllegalStateException.class, () -> r.setTransport(t));
        r.feedData(b("12345678"));
        assertEquals(List.of(), t.calls, "8 bytes is not above 2 * limit");
        r.feedData(b("9"));
        assertEquals(List.of("pause"), t.calls);
        r.feedData(b("abc"));
        assertEquals(List.of("pause"), t.calls, "paused once");
        assertEquals("1234567", s(r.read(7)));
        assertEquals(List.of("pause"), t.calls, "5 bytes left, above the limit");
        assertEquals("8", s(r.read(1)));
        assertEquals(List.of("pause", "resume"), t.calls);
    }

    @AsyncioTest
    void aReadThatMustWaitResumesAPausedTransport() throws Exception {
        StreamReader r = new StreamReader(2);
        PausableTransport t = new PausableTransport();
        r.setTransport(t);
        r.feedData(b("12345"));
        Task<String> big = reading(() -> r.readexactly(8)); // more than 2 * limit: would deadlock if still paused
        assertEquals(List.of("pause", "resume"), t.calls);
        r.feedData(b("678"));
        assertEquals("12345678", await(big));
    }

    @AsyncioTest
    void aTransportThatCannotPauseIsForgotten() throws Exception {
        StreamReader r = new StreamReader(1);
        PausableTransport t = new PausableTransport();
        t.canPause = false;
        r.setTransport(t);
        r.feedData(b("123"));
        r.feedData(b("456"));
        assertEquals("123456", s(r.read(10)));
        assertEquals(List.of(), t.calls);
    }
}
