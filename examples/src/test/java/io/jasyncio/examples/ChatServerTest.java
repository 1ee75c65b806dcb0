package io.jasyncio.examples;

import io.jasyncio.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jasyncio.Asyncio.run;
import static io.jasyncio.examples.ChatServer.HELP;
import static io.jasyncio.examples.ChatServer.PROMPT;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.streams.Streams;

/** {@link ChatServer} over real sockets on 127.0.0.1, on a real-clock loop. */
@Timeout(30)
class ChatServerTest {

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    /** A test's body, given the running server, its port, and the server's log. */
    @FunctionalInterface
    private interface Scenario {
        void run(ChatServer chat, Server server, int port) throws Exception;
    }

    /** Runs {@code scenario} against a fresh server; closes it and checks every connection ended; the server's log. */
    private static List<String> withServer(int queueBound, Scenario scenario) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        run(() -> {
            ChatServer chat = new ChatServer(queueBound, new PrintStream(log, true, StandardCharsets.UTF_8));
            Server server = chat.start(0);
            scenario.run(chat, server, ServerMain.port(server));
            server.close();
            server.waitClosed();
            return null;
        });
        return log.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Connects, gives {@code name}, checks the welcome. */
    private static LineClient enter(String name, int port, String welcome) throws IOException {
        LineClient c = LineClient.connect(name, port, QUIET);
        assertEquals(PROMPT, c.receive());
        c.send(name);
        assertEquals("Welcome, " + name + "! " + welcome + " /help lists the commands.", c.receive());
        return c;
    }

    /** Sends {@code /quit}, expects the goodbye, then EOF, and closes. */
    private static void quit(LineClient c, String name) throws IOException {
        c.send("/quit");
        assertEquals("Bye, " + name + "!", c.receive());
        assertNull(c.receive());
        c.close();
    }

    /** Two members: ann, then ben, whose join ann has seen. */
    private record AnnAndBen(LineClient ann, LineClient ben) {

        static AnnAndBen enter(int port) throws IOException {
            LineClient ann = ChatServerTest.enter("ann", port, "Nobody else is here yet.");
            LineClient ben = ChatServerTest.enter("ben", port, "Here already: ann.");
            assertEquals("* ben joined", ann.receive());
            return new AnnAndBen(ann, ben);
        }

        /** Ben quits, ann sees it, ann quits. */
        void quit() throws IOException {
            ChatServerTest.quit(ben, "ben");
            assertEquals("* ben left", ann.receive());
            ChatServerTest.quit(ann, "ann");
        }
    }

    @Test
    void theDemoPrintsTheSameTranscriptEveryTime() {
        Capture.realTime(ChatServer::demo).assertLines(
                "chat server listening on 127.0.0.1 (port 0: the system picks a free one)",
                "alice < Your name?",
                "alice > alice",
                "alice < Welcome, alice! Nobody else is here yet. /help lists the commands.",
                "bob   < Your name?",
                "bob   > bob",
                "bob   < Welcome, bob! Here already: alice. /help lists the commands.",
                "alice < * bob joined",
                "carol < Your name?",
                "carol > alice",
                "carol < The name alice is taken. Your name?",
                "carol > carol",
                "carol < Welcome, carol! Here already: alice, bob. /help lists the commands.",
                "alice < * carol joined",
                "bob   < * carol joined",
                "alice > hi everyone!",
                "bob   < alice: hi everyone!",
                "carol < alice: hi everyone!",
                "bob   > hey alice",
                "alice < bob: hey alice",
                "carol < bob: hey alice",
                "carol > /who",
                "carol < Here: alice, bob, carol",
                "carol > sorry, got to go",
                "alice < carol: sorry, got to go",
                "bob   < carol: sorry, got to go",
                "carol > /quit",
                "carol < Bye, carol!",
                "carol < (connection closed by the server)",
                "carol   closes the connection",
                "alice < * carol left",
                "bob   < * carol left",
                "bob     closes the connection",
                "alice < * bob left",
                "alice > /quit",
                "alice < Bye, alice!",
                "alice < (connection closed by the server)",
                "alice   closes the connection",
                "server closed, no connection left: 0");
    }

    @Test
    void namesAreCheckedAndCommandsAnsweredOnlyToTheirSender() {
        List<String> log = withServer(ChatServer.QUEUE_BOUND, (chat, server, port) -> {
            LineClient ann = enter("ann", port, "Nobody else is here yet.");
            LineClient ben = LineClient.connect("ben", port, QUIET);
            assertEquals(PROMPT, ben.receive());
            ben.send("  ");
            assertEquals("A name is 1 to 16 letters, digits, - or _. " + PROMPT, ben.receive());
            ben.send("ben smith");
            assertEquals("A name is 1 to 16 letters, digits, - or _. " + PROMPT, ben.receive());
            ben.send(" Ben_2 "); // stripped
            assertEquals("Welcome, Ben_2! Here already: ann. /help lists the commands.", ben.receive());
            assertEquals("* Ben_2 joined", ann.receive());
            ben.send("/help");
            assertEquals(HELP, ben.receive());
            ben.send("/dance");
            assertEquals("Unknown command /dance; " + HELP, ben.receive());
            ben.send("");     // blank lines are not sent to anyone
            ben.send("/who");
            assertEquals("Here: ann, Ben_2", ben.receive());
            ben.send("done");
            assertEquals("Ben_2: done", ann.receive()); // the first line ann gets since the join
            quit(ben, "Ben_2");
            assertEquals("* Ben_2 left", ann.receive());
            quit(ann, "ann");
        });
        assertEquals(List.of("ann joined", "Ben_2 joined", "Ben_2 left", "ann left"),
                log.stream().map(l -> l.replaceFirst(" from /127\\.0\\.0\\.1:\\d+$", "")).toList());
    }

    @Test
    void aClientThatLeavesBeforeGivingANameIsNeverAnnounced() {
        withServer(ChatServer.QUEUE_BOUND, (chat, server, port) -> {
            LineClient ann = enter("ann", port, "Nobody else is here yet.");
            LineClient shy = LineClient.connect("shy", port, QUIET);
            assertEquals(PROMPT, shy.receive());
            shy.send("/quit");
            assertNull(shy.receive()); // closed without a goodbye
            shy.close();
            LineClient mute = LineClient.connect("mute", port, QUIET);
            assertEquals(PROMPT, mute.receive());
            mute.close(); // EOF instead of a name
            ann.send("/who"); // answered after both are gone: had they been announced, ann would see it first
            assertEquals("Here: ann", ann.receive());
            quit(ann, "ann");
        });
    }

    @Test
    void aLineLongerThanTheReadersLimitIsIgnoredAndTheClientStays() {
        withServer(ChatServer.QUEUE_BOUND, (chat, server, port) -> {
            AnnAndBen two = AnnAndBen.enter(port);
            two.ben().send("x".repeat(100_000)); // over the server reader's 64 KiB limit
            assertEquals("(that line was too long: ignored)", two.ben().receive());
            two.ben().send("short");
            assertEquals("ben: short", two.ann().receive());
            two.quit();
        });
    }

    @Test
    void shuttingDownTellsEveryConnectionThenEndsIt() {
        withServer(ChatServer.QUEUE_BOUND, (chat, server, port) -> {
            LineClient ann = enter("ann", port, "Nobody else is here yet.");
            LineClient anon = LineClient.connect("anon", port, QUIET); // still at the name prompt
            assertEquals(PROMPT, anon.receive());
            server.close();
            chat.closeAll("* the server is shutting down");
            ServerMain.awaitConnectionsEnd(server);
            assertEquals(0, server.connectionCount());
            for (LineClient c : List.of(ann, anon)) {
                assertEquals("* the server is shutting down", c.receive());
                assertNull(c.receive());
                c.close();
            }
        });
    }

    @Test
    void aClientThatNeverReadsIsDroppedWithoutStallingTheOthers() {
        String big = "x".repeat(32 * 1024);
        int[] sent = {0};
        List<String> log = withServer(4, (chat, server, port) -> {
            AnnAndBen two = AnnAndBen.enter(port);
            LineClient ann = two.ann();
            LineClient ben = two.ben();
            // sloth gives its name, then never reads: its reader stops taking data at 2 KiB, then the
            // kernel's buffers fill, then the server's writer task waits in drain, then its queue fills.
            Streams.StreamPair sloth = Streams.openConnection(ServerMain.HOST, port, 1024);
            sloth.writer().write(LineClient.bytes("sloth"));
            assertEquals("* sloth joined", ann.receive());
            assertEquals("* sloth joined", ben.receive());
            String reply;
            do {
                assertTrue(++sent[0] < 2000, "sloth was never dropped");
                ann.send(sent[0] + " " + big);
                assertEquals("ann: " + sent[0] + " " + big, ben.receive()); // ben keeps up all along
                ann.send("/who"); // answered after the broadcast, and so after a drop it caused
                reply = ann.receive();
            } while (reply.equals("Here: ann, ben, sloth"));
            assertEquals("* sloth was dropped (too slow)", reply);
            assertEquals("Here: ann, ben", ann.receive());
            assertEquals("* sloth was dropped (too slow)", ben.receive());
            ann.send("still here?");
            assertEquals("ann: still here?", ben.receive());
            // sloth's connection was cut: what it had received, then the end (or a reset)
            try {
                while (sloth.reader().read(1 << 16).length > 0) {
                    // the welcome and the first messages, up to the cut
                }
            } catch (IOException e) {
                // a reset: the server aborted the connection with data unread
            }
            sloth.writer().close();
            two.quit();
        });
        assertTrue(log.contains("sloth dropped: 4 lines waiting"), String.join("\n", log));
    }
}
