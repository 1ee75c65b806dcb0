package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.queues.Queue;
import io.jasyncio.queues.QueueFull;
import io.jasyncio.queues.QueueShutDown;
import io.jasyncio.net.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.Task;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.examples.ServerMain.HOST;
import static io.jasyncio.examples.ServerMain.port;
import io.jasyncio.streams.Streams;

/**
 * A chat server with streams: every line a client sends goes to all the other clients, prefixed with
 * its name. The first line a client sends is its name; {@code /who}, {@code /help} and {@code /quit}
 * are commands; the others see {@code * alice joined} and {@code * alice left}.
 *
 * <pre>
 * ./jasyncio example ChatServer server [port]   serve on 127.0.0.1:port (8888) until Ctrl+C; join with nc 127.0.0.1 8888
 * ./jasyncio example ChatServer                 the demo: alice, bob and carol join, talk, and leave
 * </pre>
 *
 * <h2>A slow client does not stall the others</h2>
 * Broadcasting never waits for a client. Each connection has its own bounded outgoing {@link Queue},
 * emptied by a writer task of its own that calls {@code write} and {@code drain}: a client that reads
 * slowly holds up only its writer task, while its queue fills. The broadcaster puts with
 * {@code putNowait}, and a client whose queue is full is dropped (its connection is cut, and the others
 * see {@code * dave was dropped (too slow)}).
 *
 * <p>The handler task of a connection reads its lines; when it ends (EOF, {@code /quit}, or the
 * connection cut) it shuts the queue down and waits for the writer task, which sends what is still
 * queued, then closes the connection. All the state is confined to the loop: no locks.
 */
public final class ChatServer {

    /** The port of the {@code server} mode. */
    static final int DEFAULT_PORT = 8888;

    /** How many lines may wait for a client before it counts as too slow and is dropped. */
    static final int QUEUE_BOUND = 100;

    /** The first line a client receives. */
    static final String PROMPT = "Your name?";

    static final String HELP = "Commands: /who (who is here), /quit (leave), /help (this list)";

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,16}");

    private final int queueBound;
    private final PrintStream log;
    /** The clients in the room, by name, in the order they joined. */
    private final Map<String, Client> members = new LinkedHashMap<>();
    /** Every connection, in the room or still choosing a name. */
    private final Set<Client> connections = new LinkedHashSet<>();
    private boolean closing;

    /**
     * A chat room, not listening yet (see {@link #start}).
     *
     * @param queueBound how many lines may wait for a client before it is dropped
     * @param log where the server reports joins, leaves and drops
     */
    ChatServer(int queueBound, PrintStream log) {
        this.queueBound = queueBound;
        this.log = log;
    }

    /**
     * This class's stop of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("chat",
                "streams: a chat server, three clients join, talk and leave (a queue per client)", ChatServer::demo));
    }

    /**
     * {@code server [port]}, or the demo with the options of {@link Demo}.
     *
     * @param args the mode and port, or {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            ChatServer chat = new ChatServer(QUEUE_BOUND, out);
            ServerMain.serveUntilInterrupted(out, "chat server", () -> chat.start(port(args, 1, DEFAULT_PORT)),
                    server -> chat.closeAll("* the server is shutting down"));
        } else {
            Demo.launch("ChatServer", sections(), args);
        }
    }

    /**
     * Starts listening on 127.0.0.1, a handler task per connection. Call it from a task.
     *
     * @param port the port, 0 for any free one
     * @return the server
     */
    Server start(int port) throws IOException {
        return Streams.startServer(this::handle, HOST, port);
    }

    /**
     * Tells every connection {@code notice} and ends it once its queue is sent: each writer task closes
     * its connection, so each handler sees EOF and returns. For shutting down, after {@code server.close()}.
     *
     * @param notice the last line every client receives
     */
    void closeAll(String notice) {
        closing = true;
        for (Client c : List.copyOf(connections)) {
            c.send(notice);
            c.outbox.shutdown();
        }
    }

    /** One connection: its outgoing queue, the task that writes it out, and its name once given. */
    private final class Client {
        final StreamWriter writer;
        final Queue<String> outbox = new Queue<>(queueBound);
        final Task<Void> pump;
        String name;
        boolean dropped;

        Client(StreamWriter writer) {
            this.writer = writer;
            this.pump = createTask(this::pump, "chat-writer");
        }

        /** Queues {@code line} for this client without waiting; drops the client if its queue is full. */
        void send(String line) {
            try {
                outbox.putNowait(line);
            } catch (QueueFull e) {
                drop(this);
            } catch (QueueShutDown e) {
                // leaving: nothing more goes out
            }
        }

        /** The writer task: sends the queued lines at the pace of the client, then closes the connection. */
        private Void pump() {
            try {
                while (true) {
                    String line = outbox.get();
                    if (writer.isClosing()) {
                        return null; // cut meanwhile
                    }
                    writer.write(LineClient.bytes(line));
                    writer.drain(); // suspends while this client is slow: only this task waits
                }
            } catch (QueueShutDown e) {
                writer.close(); // everything queued went out
            } catch (IOException e) {
                // the connection broke: the handler's reader sees it as well
            }
            return null;
        }
    }

    /**
     * Serves one connection: asks for a name, then relays the client's lines until EOF or
     * {@code /quit}; then leaves the room and waits until the writer task has sent what is left.
     */
    private void handle(StreamReader reader, StreamWriter writer) {
        Client c = new Client(writer);
        connections.add(c);
        try {
            if (!closing && join(c, reader)) {
                relay(c, reader);
            }
        } finally {
            connections.remove(c);
            if (c.name != null && members.remove(c.name, c)) {
                log.println(c.name + " left");
                broadcast("* " + c.name + " left", null);
            }
            c.outbox.shutdown();
            await(c.pump); // the writer task sends what is queued, then closes
        }
    }

    /** Asks for a name until a free, valid one arrives, and joins the room; false if the client left first. */
    private boolean join(Client c, StreamReader reader) {
        c.send(PROMPT);
        String name;
        while ((name = nextLine(c, reader)) != null && !name.equals("/quit")) {
            name = name.strip();
            if (!NAME.matcher(name).matches()) {
                c.send("A name is 1 to 16 letters, digits, - or _. " + PROMPT);
            } else if (members.containsKey(name)) {
                c.send("The name " + name + " is taken. " + PROMPT);
            } else {
                List<String> here = List.copyOf(members.keySet());
                c.name = name;
                members.put(name, c);
                log.println(name + " joined from " + c.writer.getExtraInfo("peername"));
                c.send("Welcome, " + name + "! " + (here.isEmpty() ? "Nobody else is here yet."
                        : "Here already: " + String.join(", ", here) + ".") + " /help lists the commands.");
                broadcast("* " + name + " joined", c);
                return true;
            }
        }
        return false;
    }

    /** Relays the member's lines to the others and runs its commands, until EOF or {@code /quit}. */
    private void relay(Client c, StreamReader reader) {
        String line;
        while ((line = nextLine(c, reader)) != null) {
            if (line.startsWith("/")) {
                switch (line.strip()) {
                    case "/quit" -> {
                        c.send("Bye, " + c.name + "!");
                        return;
                    }
                    case "/who" -> c.send("Here: " + String.join(", ", members.keySet()));
                    case "/help" -> c.send(HELP);
                    default -> c.send("Unknown command " + line.strip() + "; " + HELP);
                }
            } else if (!line.isBlank()) {
                broadcast(c.name + ": " + line, c);
            }
            sleep(0); // a burst of lines must not fill the queues: let the writer tasks run in between
        }
    }

    /** The next line of the client, without its line end; null at EOF, or if the connection broke. */
    private String nextLine(Client c, StreamReader reader) {
        while (true) {
            try {
                byte[] line = reader.readline();
                return line.length == 0 ? null : LineClient.text(line);
            } catch (LimitOverrunError e) {
                c.send("(that line was too long: ignored)"); // readline discarded it
            } catch (IOException e) {
                return null;
            }
        }
    }

    /**
     * Queues {@code line} for every member but {@code except}, without waiting: a member whose queue is
     * full is dropped.
     */
    private void broadcast(String line, Client except) {
        for (Client m : List.copyOf(members.values())) {
            if (m != except && !m.dropped) {
                m.send(line);
            }
        }
    }

    /**
     * Drops a client that does not keep up: its queue is discarded and its connection cut at once (its
     * handler's reader sees EOF); the others are told.
     */
    private void drop(Client c) {
        if (c.dropped) {
            return;
        }
        c.dropped = true;
        c.outbox.shutdown(true);
        c.writer.transport().abort();
        if (c.name != null && members.remove(c.name, c)) {
            log.println(c.name + " dropped: " + queueBound + " lines waiting");
            broadcast("* " + c.name + " was dropped (too slow)", null);
        }
    }

    /**
     * The demo: starts the server on a free port and drives three clients itself, each waiting for the
     * lines it expects before the next step, so the transcript (each line a client sends, {@code >}, and
     * receives, {@code <}) is the same on every run. No timers. Call it from a task.
     *
     * @param out where to print
     * @throws IOException if a connection breaks
     */
    public static void demo(PrintStream out) throws IOException {
        ChatServer chat = new ChatServer(QUEUE_BOUND, new PrintStream(PrintStream.nullOutputStream()));
        Server server = chat.start(0);
        int port = port(server);
        out.println("chat server listening on " + HOST + " (port 0: the system picks a free one)");
        LineClient alice = enter("alice", port, out);
        LineClient bob = enter("bob", port, out);
        alice.receive();                              // * bob joined
        LineClient carol = LineClient.connect("carol", port, out);
        carol.receive();                              // Your name?
        carol.send("alice");
        carol.receive();                              // taken
        carol.send("carol");
        carol.receive();                              // Welcome
        alice.receive();                              // * carol joined
        bob.receive();
        alice.send("hi everyone!");
        bob.receive();
        carol.receive();
        bob.send("hey alice");
        alice.receive();
        carol.receive();
        carol.send("/who");
        carol.receive();
        carol.send("sorry, got to go");
        alice.receive();
        bob.receive();
        carol.send("/quit");
        carol.receive();                              // Bye, carol!
        carol.receive();                              // closed
        carol.close();
        alice.receive();                              // * carol left
        bob.receive();
        bob.close();                                  // no /quit: the server sees EOF
        alice.receive();                              // * bob left
        alice.send("/quit");
        alice.receive();
        alice.receive();
        alice.close();
        server.close();
        server.waitClosed();
        out.println("server closed, no connection left: " + server.connectionCount());
    }

    /** Connects, answers the name prompt, and reads the welcome. */
    private static LineClient enter(String name, int port, PrintStream out) throws IOException {
        LineClient c = LineClient.connect(name, port, out);
        c.receive();
        c.send(name);
        c.receive();
        return c;
    }
}
