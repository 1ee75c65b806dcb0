package io.jasyncio.examples.web;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;
import io.jasyncio.http.websocket.CloseCode;
import io.jasyncio.http.websocket.ConnectionClosed;
import io.jasyncio.http.websocket.Message;
import io.jasyncio.http.websocket.WebSocket;
import io.jasyncio.http.websocket.WebSocketClient;
import io.jasyncio.http.websocket.WebSockets;
import io.jasyncio.queues.Queue;
import io.jasyncio.queues.QueueFull;
import io.jasyncio.queues.QueueShutDown;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chat, for browsers: {@code GET /} serves a small HTML page, {@code /chat} is its WebSocket. The first
 * message a member sends is its name; then every message goes to every member as {@code name: text}, and
 * joins and leaves are announced ({@code * alice joined}). As in the TCP {@code ChatServer}, broadcasting
 * never waits: each member has a bounded outgoing queue emptied by a task of its own that sends at the
 * member's pace ({@code send} drains), and a member whose queue is full is dropped (closed with 1008),
 * so a slow browser cannot stall the room.
 *
 * <pre>
 * ./jasyncio example web.WebChat server [port]   serve on 127.0.0.1:port (8080); open http://127.0.0.1:8080/
 *                                                in two browser tabs
 * ./jasyncio example web.WebChat                 the demo: alice and bob join with our WebSocket client, talk, leave
 * </pre>
 */
public final class WebChat {

    /** How many messages may wait for a member before it counts as too slow and is dropped. */
    static final int QUEUE_BOUND = 100;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,16}");

    private final int queueBound;
    private final PrintStream log;
    /** The members by name, in the order they joined; loop-confined, no locks. */
    private final Map<String, Member> members = new LinkedHashMap<>();

    /**
     * A chat room.
     *
     * @param queueBound how many messages may wait for a member before it is dropped
     * @param log where joins, leaves and drops are reported
     */
    public WebChat(int queueBound, PrintStream log) {
        this.queueBound = queueBound;
        this.log = log;
    }

    /**
     * The app: the page at {@code /}, the WebSocket at {@code /chat}.
     *
     * @return the app
     */
    public App app() {
        App app = new App();
        app.get("/", req -> Response.html(PAGE));
        WebSockets.route(app, "/chat", this::member);
        return app;
    }

    /** The member's names currently in the room, in join order. */
    List<String> names() {
        return List.copyOf(members.keySet());
    }

    /** One member: its connection, its outgoing queue and the task that sends it. */
    private final class Member {
        final String name;
        final WebSocket ws;
        final Queue<String> outbox = new Queue<>(queueBound);
        final Task<Void> pump;
        boolean dropped;

        Member(String name, WebSocket ws) {
            this.name = name;
            this.ws = ws;
            this.pump = Asyncio.createTask(this::pump, "chat-sender-" + name);
        }

        /** Queues a message without waiting; drops the member if its queue is full. */
        void send(String text) {
            try {
                outbox.putNowait(text);
            } catch (QueueFull e) {
                drop(this);
            } catch (QueueShutDown e) {
                // leaving: nothing more goes out
            }
        }

        /** Sends the queued messages at the member's pace; a drop closes the connection with 1008. */
        private Void pump() {
            try {
                while (true) {
                    ws.send(outbox.get()); // suspends while this member is slow: only this task waits
                }
            } catch (QueueShutDown e) {
                if (dropped) {
                    ws.close(CloseCode.POLICY_VIOLATION, "too slow"); // the handler's receive sees the close
                }
            } catch (ConnectionClosed e) {
                // gone: the handler's receive sees it too
            } catch (IOException e) {
                // a broken connection: same
            }
            return null;
        }
    }

    /** One WebSocket connection: a name first, then the member's messages until it leaves. */
    private void member(WebSocket ws) throws IOException {
        String name = ws.receive().asText().strip();
        if (!NAME.matcher(name).matches() || members.containsKey(name)) {
            ws.close(CloseCode.POLICY_VIOLATION, members.containsKey(name) ? "name taken" : "a name is 1-16 letters, digits, - or _");
            return;
        }
        List<String> here = names();
        Member m = new Member(name, ws);
        members.put(name, m);
        log.println(name + " joined");
        m.send("Welcome, " + name + "! " + (here.isEmpty() ? "Nobody else is here yet." : "Here already: "
                + String.join(", ", here) + "."));
        broadcast("* " + name + " joined", m);
        try {
            for (Message msg : ws) {                 // async for msg in ws:
                String text = msg.asText().strip();
                if (!text.isEmpty()) {
                    broadcast(name + ": " + text, null);
                }
            }
        } finally {                                  // a normal close ends the loop, an abnormal one raises
            if (members.remove(name, m)) {
                log.println(name + " left");
                broadcast("* " + name + " left", null);
            }
            m.outbox.shutdown(); // the sender sends what is queued, then ends
            Asyncio.await(m.pump);
        }
    }

    /** Queues {@code text} for every member but {@code except}, without waiting. */
    private void broadcast(String text, Member except) {
        for (Member m : List.copyOf(members.values())) {
            if (m != except && !m.dropped) {
                m.send(text);
            }
        }
    }

    /** Drops a member that does not keep up: its queue is discarded, its sender closes it, the others are told. */
    private void drop(Member m) {
        if (m.dropped) {
            return;
        }
        m.dropped = true;
        m.outbox.shutdown(true);
        if (members.remove(m.name, m)) {
            log.println(m.name + " dropped: " + queueBound + " messages waiting");
            broadcast("* " + m.name + " was dropped (too slow)", null);
        }
    }

    /**
     * The tour's stop.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("web-chat", "websockets: the browser chat, two members join with our client",
                WebChat::demo));
    }

    /**
     * {@code server [port]}, or the demo with the tour's options.
     *
     * @param args the mode and port, or the tour's options
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            Asyncio.run(() -> {
                HttpServer server = HttpServer.start(new WebChat(QUEUE_BOUND, out).app(), "127.0.0.1", port);
                out.println("chat on http://127.0.0.1:" + server.port() + "/ (Ctrl+C to stop)");
                server.serveForever();
                return null;
            });
            return;
        }
        Demo.launch("WebChat", sections(), args);
    }

    /**
     * The demo: a server on a free port; alice and bob join with {@link WebSocketClient}, talk, and leave.
     * Each step waits for the message it expects, so the transcript is the same on every run.
     *
     * @param out where to print
     * @throws IOException if a connection breaks
     */
    public static void demo(PrintStream out) throws IOException {
        HttpServer server = HttpServer.start(new WebChat(QUEUE_BOUND, new PrintStream(PrintStream.nullOutputStream())).app(),
                "127.0.0.1", 0);
        String url = "ws://127.0.0.1:" + server.port() + "/chat";
        out.println("chat on http://127.0.0.1:" + server.port() + "/ (the page), members connect to " + url);
        WebSocket alice = join(url, "alice", out);
        WebSocket bob = join(url, "bob", out);
        receive(alice, "alice", out);                 // * bob joined
        say(alice, "alice", "hi bob!", out);
        receive(alice, "alice", out);                 // everyone gets it, the sender too
        receive(bob, "bob", out);
        say(bob, "bob", "hello alice, bye!", out);
        receive(alice, "alice", out);
        receive(bob, "bob", out);
        bob.close();
        out.println("bob closes (1000)");
        receive(alice, "alice", out);                 // * bob left
        alice.close();
        server.shutdown();
    }

    private static WebSocket join(String url, String name, PrintStream out) throws IOException {
        WebSocket ws = WebSocketClient.connect(url);
        say(ws, name, name, out);                     // the first message is the name
        receive(ws, name, out);                       // Welcome
        return ws;
    }

    private static void say(WebSocket ws, String who, String text, PrintStream out) throws IOException {
        out.println(who + " > " + text);
        ws.send(text);
    }

    private static void receive(WebSocket ws, String who, PrintStream out) throws IOException {
        out.println(who + " < " + ws.receive().asText());
    }

    /** The page: a name, then a message box; what the room says goes in a list. Plain JavaScript. */
    static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>jasyncio chat</title>
            <style>body{font-family:sans-serif;max-width:40em;margin:2em auto}#log{list-style:none;padding:0}
            #log li{padding:.2em 0}</style></head>
            <body>
            <h1>jasyncio chat</h1>
            <form id="join"><input id="name" placeholder="your name" autofocus> <button>Join</button></form>
            <form id="say" hidden><input id="text" placeholder="message" autocomplete="off"> <button>Send</button></form>
            <p id="status"></p>
            <ul id="log"></ul>
            <script>
            let ws;
            const $ = (id) => document.getElementById(id);
            $('join').onsubmit = (e) => {
              e.preventDefault();
              ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat');
              ws.onopen = () => { ws.send($('name').value); $('join').hidden = true; $('say').hidden = false; $('text').focus(); };
              ws.onmessage = (m) => { const li = document.createElement('li'); li.textContent = m.data; $('log').append(li); };
              ws.onclose = (c) => { $('status').textContent = 'disconnected (' + c.code + (c.reason ? ': ' + c.reason : '') + ')'; $('say').hidden = true; };
            };
            $('say').onsubmit = (e) => { e.preventDefault(); ws.send($('text').value); $('text').value = ''; };
            </script>
            </body></html>
            """;
}
