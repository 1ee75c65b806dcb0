package io.jasyncio;

import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;
import io.jasyncio.fixtures.RealTime;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import io.jasyncio.net.Datagrams;
import io.jasyncio.net.Net;
import io.jasyncio.net.Protocol;
import io.jasyncio.fixtures.EchoProtocol;
import io.jasyncio.net.Server;
import io.jasyncio.streams.Streams;
import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.subprocess.Subprocess;
import io.jasyncio.sync.Event;
import io.jasyncio.sync.Semaphore;

/** The code of docs/guide.md (the core guide, once the README's sections), compiled and run, so that it stays true. */
class ReadmeSnippetsTest {

    @AsyncioTest
    void tasksCancellationExceptions() {
        List<String> out = new ArrayList<>();
        // docs/guide.md: "Tasks, cancellation, exceptions"
        Task<String> t = createTask(() -> { sleep(10); return "done"; });
        sleep(1);
        t.cancel("no longer needed");          // CancelledError is raised inside t at its sleep
        try {
            await(t);
        } catch (CancelledError e) {
            out.add("cancelled: " + e.getMessage());
        }
        assertEquals(List.of("cancelled: no longer needed"), out);
    }

    // docs/guide.md: "Context variables"
    static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");

    static String handle(String id) {
        REQUEST_ID.set(id);                    // only this task's context changes
        sleep(0.1);                            // the other task runs and sets its own meanwhile
        return REQUEST_ID.get() + " done";     // still this task's value
    }

    @AsyncioTest
    void contextVariables() {
        List<String> results = gather(() -> handle("a"), () -> handle("b"));   // [a done, b done]
        String mine = REQUEST_ID.get();                                        // "-": the tasks' sets stayed in them
        assertEquals(List.of("a done", "b done"), results);
        assertEquals("-", mine);
    }

    // docs/guide.md: "Async iteration and resources"
    static AsyncGenerator<Integer> ticker(int n, List<String> log) {   // async def ticker(n):
        return asyncGenerator(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    sleep(1);                                          //     await asyncio.sleep(1)
                    out.yield(i);                                      //     yield i
                }
            } finally {
                log.add("ticker closed");                              // also on break, and may await
            }
        });
    }

    @AsyncioTest
    void asyncIteration(EventLoop loop) {
        List<String> log = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        try (AsyncGenerator<Integer> ticks = ticker(10, log)) {            // async with aclosing(ticker(10)) as ticks:
            for (int i : ticks) {                                          //     async for i in ticks:
                seen.add(i);
                if (i == 2) {
                    break;                                                 // close() runs the body's finally
                }
            }
        }
        assertEquals(List.of(0, 1, 2), seen);
        assertEquals(List.of("ticker closed"), log);
        assertEquals(3.0, loop.time());
    }

    @AsyncioTest
    void subprocesses() throws IOException {
        // docs/guide.md: "Subprocesses"
        AsyncProcess proc = Subprocess.shell("echo hello; echo oops >&2; exit 3", Subprocess.Options.pipes());
        AsyncProcess.Output out = proc.communicate(null);     // stdout, stderr = await proc.communicate()
        assertEquals("hello\n", out.stdoutText());
        assertEquals("oops\n", out.stderrText());
        assertEquals(3, proc.returncode());
    }

    @AsyncioTest
    void gatherTakesAsLongAsTheSlowest(EventLoop loop) {
        // docs/guide.md: "Testing your code"
        gather(() -> sleep(2, "a"), () -> sleep(3, "b"), () -> sleep(1, "c"));
        assertEquals(3.0, loop.time());   // exact, and instant
    }

    @AsyncioTest
    void synchronization(EventLoop loop) {
        // docs/guide.md: "Synchronization"
        Semaphore slots = new Semaphore(2);        // at most two fetches at a time
        Event go = new Event();
        List<Coroutine<String>> fetches = new ArrayList<>();
        for (String url : List.of("a", "b", "c", "d")) {
            fetches.add(() -> {
                go.await();                        // await go.wait()
                try (var _ = slots.hold()) {       // async with slots:
                    sleep(1);
                    return "page " + url;
                }
            });
        }
        getRunningLoop().callLater(0.5, go::set);
        List<String> pages = gather(fetches);      // at 2.5 s: from 0.5, two rounds of one second
        assertEquals(List.of("page a", "page b", "page c", "page d"), pages);
        assertEquals(2.5, loop.time());
    }

    @AsyncioTest
    void streams() throws Exception {
        // docs/guide.md: "Streams"
        Server server = Streams.startServer((reader, writer) -> {          // a task per connection
            for (byte[] line : reader) {                               // async for line in reader:
                writer.write(line);
                writer.drain();                                        // waits while the client is slow
            }
        }, "127.0.0.1", 0);
        int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
        Streams.StreamPair c = Streams.openConnection("127.0.0.1", port);      // reader, writer = await open_connection(...)
        c.writer().write("hello\n".getBytes(UTF_8));
        byte[] echo = c.reader().readline();                           // "hello\n"
        c.writer().close();
        c.writer().waitClosed();
        server.close();
        server.waitClosed();
        assertEquals("hello\n", new String(echo, UTF_8));
    }

    /** Completes {@code reply} with the first datagram it receives. */
    static final class Pinger implements DatagramProtocol {
        final Future<String> reply = getRunningLoop().createFuture();

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress addr) {
            if (!reply.done()) {
                reply.setResult(UTF_8.decode(data).toString());
            }
        }
    }

    /** A protocol that only connects. */
    static final class Client implements Protocol {
    }

    @Test
    void udpAndConnecting() {
        run(() -> {
            Server tcp = Net.createServer(EchoProtocol::new, "127.0.0.1", 0);
            int port = ((InetSocketAddress) tcp.addresses().get(0)).getPort();
            // docs/guide.md: "UDP and connecting"
            var server = Datagrams.createDatagramEndpoint(() -> new DatagramProtocol() {   // a UDP echo server
                DatagramTransport t;
                public void connectionMade(DatagramTransport transport) { t = transport; }
                public void datagramReceived(ByteBuffer data, SocketAddress from) { t.sendto(data, from); }
            }, new InetSocketAddress("127.0.0.1", 0), null);
            var to = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            var client = Datagrams.createDatagramEndpoint(Pinger::new, null, to);   // connected: no address needed below
            client.transport().sendto("ping".getBytes(UTF_8), null);

            var conn = Net.createConnection(Client::new, "localhost", port,    // its addresses, staggered by 250 ms
                    Net.ConnectOptions.defaults().withHappyEyeballsDelay(0.25));
            assertEquals("ping", waitFor(client.protocol().reply, RealTime.BOUND));
            assertEquals(port, ((InetSocketAddress) conn.transport().getExtraInfo("peername")).getPort());
            conn.transport().close();
            client.transport().close();
            server.transport().close();
            tcp.close();
            tcp.closeClients();
            tcp.waitClosed();
            return null;
        });
    }
}
