package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Log;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.AsyncGenerator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.Streams;

/**
 * Seed 003's {@code stream_lines}: an async generator over a streamed HTTP response, with
 * {@code async with} resources, against a local stand-in for the network (no sockets):
 *
 * <pre>{@code
 * async def stream_lines(url: str):
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url) as resp:
 *             async for line in resp.content:
 *                 yield line.decode('utf-8').strip()
 * }</pre>
 *
 * <p>{@code async for} is a for-each loop over an {@link AsyncGenerator} (its {@code hasNext()}
 * suspends), {@code yield} is {@code out.yield(...)}, and {@code async with} is try-with-resources over
 * an <em>async resource</em>: a class whose opening and {@code close()} suspend ({@link ClientSession}
 * and {@link Response} here). Three generators are stacked: the "server" yields chunks as they arrive,
 * {@link #lines} cuts them into lines (aiohttp's {@code StreamReader}), and {@link #streamLines} opens
 * the resources and yields decoded lines. Breaking out of the consumer's loop closes the outermost
 * generator, which unwinds the stack: every resource is closed, and every close may await.
 */
public final class StreamLines {

    /** The URL the demo streams (served locally). */
    static final String URL = "http://example.test/lines";

    /** What the local server sends, chunk by chunk: a line split across chunks, a CRLF, padding, no final newline. */
    static final List<String> CHUNKS = List.of("alpha\nbra", "vo\r\ncharlie\n", "  delta  \n", "echo");

    private StreamLines() {
    }

    /**
     * This class's stop of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("stream-lines",
                "async generators: stream_lines(url) over async with resources, to the end and with break",
                StreamLines::demo));
    }

    /**
     * Runs {@link #demo}; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("StreamLines", sections(), args);
    }

    /**
     * Streams the lines of {@link #URL} twice: to the end, then stopping after the first line. Prints
     * each step with the loop time since the start (about 1.4 s in all). Call it from a task.
     *
     * <p>Cancel safety: a cancellation closes whatever is open (the generators' bodies get it at their
     * current await, and their try-with-resources close the response and the session), then propagates.
     *
     * @param out where to print
     * @throws io.jasyncio.CancelledError if the task is cancelled
     */
    public static void demo(PrintStream out) {
        Log log = Log.start(out);
        int n = 0;
        try (AsyncGenerator<String> lines = streamLines(URL, log)) {      // async for line in stream_lines(url):
            for (String line : lines) {
                log.say("line " + ++n + ": " + line);
            }
        }
        log.say(n + " lines, then everything was closed");
        try (AsyncGenerator<String> lines = streamLines(URL, log)) {
            for (String line : lines) {
                log.say("first line only: " + line);
                break;                                                    // closes the generator stack
            }
        }
        log.say("after break: closed as well");
    }

    /**
     * {@code stream_lines(url)}: the lines of the response body, decoded and stripped, produced lazily
     * as the consumer iterates. The session and the response stay open while the consumer iterates, and
     * are closed when the body ends or the consumer closes the generator.
     *
     * @param url what to fetch
     * @param log where the resources report
     * @return the generator (nothing runs before the first {@code hasNext()})
     */
    static AsyncGenerator<String> streamLines(String url, Log log) {
        return asyncGenerator(out -> {
            try (ClientSession session = ClientSession.open(log)) {     // async with ClientSession() as session:
                try (Response resp = session.get(url)) {                //     async with session.get(url) as resp:
                    for (byte[] line : resp.content()) {                //         async for line in resp.content:
                        out.yield(new String(line, UTF_8).strip());     //             yield line.decode().strip()
                    }
                }
            }
        });
    }

    /**
     * The lines of a stream of chunks, each with its {@code \n} (the last one may lack it), as
     * {@code async for line in stream_reader} gives them. Closes {@code chunks} when it ends or is closed.
     *
     * @param chunks the chunks as they arrive
     * @return the lines
     */
    static AsyncGenerator<byte[]> lines(AsyncGenerator<byte[]> chunks) {
        return asyncGenerator(out -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (chunks) {
                for (byte[] chunk : chunks) {
                    for (byte b : chunk) {
                        line.write(b);
                        if (b == '\n') {
                            out.yield(line.toByteArray());
                            line.reset();
                        }
                    }
                }
            }
            if (line.size() > 0) {
                out.yield(line.toByteArray());
            }
        });
    }

    /**
     * The local "network": the response body arrives chunk by chunk, 0.1 s apart.
     *
     * @param chunks the body's chunks
     * @param log where to report the end of the transfer
     * @return the chunks, as they arrive
     */
    static AsyncGenerator<byte[]> server(List<String> chunks, Log log) {
        return asyncGenerator(out -> {
            try {
                for (String c : chunks) {
                    sleep(0.1);
                    out.yield(c.getBytes(UTF_8));
                }
            } finally {
                log.say("connection released");
            }
        });
    }

    /**
     * An async resource standing in for {@code aiohttp.ClientSession}: opening it and closing it
     * suspend (a handshake, a graceful shutdown), so it is used with try-with-resources, Python's
     * {@code async with}.
     */
    static final class ClientSession implements AutoCloseable {
        private final Log log;
        private boolean closed;

        private ClientSession(Log log) {
            this.log = log;
        }

        /**
         * Opens a session: {@code __aenter__}. Takes 0.1 s.
         *
         * <p>Cancel safety: a cancellation during the opening leaves nothing open.
         *
         * @param log where to report
         * @return the open session
         * @throws io.jasyncio.CancelledError if the task is cancelled while opening
         */
        static ClientSession open(Log log) {
            sleep(0.1);
            log.say("session opened");
            return new ClientSession(log);
        }

        /**
         * Sends a GET and waits for the response headers (0.2 s); the body streams afterwards.
         *
         * <p>Cancel safety: a cancellation while waiting leaves no response open.
         *
         * @param url what to fetch
         * @return the response, to close (an async resource too)
         * @throws IllegalStateException if the session is closed
         * @throws io.jasyncio.CancelledError if the task is cancelled while waiting
         */
        Response get(String url) {
            if (closed) {
                throw new IllegalStateException("Session is closed");
            }
            sleep(0.2);
            log.say("GET " + url + " -> 200");
            return new Response(server(CHUNKS, log), log);
        }

        /**
         * Closes the session: {@code __aexit__}. Takes 0.1 s. Idempotent.
         *
         * <p>Cancel safety: the session counts as closed from the start; a cancellation cuts the wait short.
         *
         * @throws io.jasyncio.CancelledError if the task is cancelled while closing
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            sleep(0.1);
            log.say("session closed");
        }
    }

    /** An async resource standing in for aiohttp's {@code ClientResponse}: its close suspends. */
    static final class Response implements AutoCloseable {
        private final AsyncGenerator<byte[]> chunks;
        private final Log log;
        private AsyncGenerator<byte[]> content;
        private boolean closed;

        private Response(AsyncGenerator<byte[]> chunks, Log log) {
            this.chunks = chunks;
            this.log = log;
        }

        /**
         * The body, line by line: {@code resp.content}. The response owns it and closes it.
         *
         * @return the lines (one generator per response)
         */
        AsyncGenerator<byte[]> content() {
            if (content == null) {
                content = lines(chunks);
            }
            return content;
        }

        /**
         * Releases the connection: closes the body's generators, then takes 0.05 s. Idempotent.
         *
         * <p>Cancel safety: the response counts as closed from the start; a cancellation cuts the
         * generators' cleanup or the wait short.
         *
         * @throws io.jasyncio.CancelledError if the task is cancelled while closing
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (content != null) {
                content.close();
            }
            chunks.close();
            sleep(0.05);
            log.say("response closed");
        }
    }
}
