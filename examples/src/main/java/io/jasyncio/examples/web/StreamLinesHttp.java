package io.jasyncio.examples.web;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.asyncGenerator;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Seed 003's {@code stream_lines} for real: an async generator over a streamed HTTP response, against a local
 * server (the project's) that writes one line every 0.2 s:
 *
 * <pre>{@code
 * async def stream_lines(url: str):
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url) as resp:
 *             async for line in resp.content:
 *                 yield line.decode('utf-8').strip()
 * }</pre>
 *
 * Each line is printed as it arrives (the stamps are 0.2 s apart), and breaking out of the loop early closes
 * the generator, which closes the response (its connection, not read to the end, is closed) and the session.
 */
public final class StreamLinesHttp {

    private StreamLinesHttp() {
    }

    /** @return this example's stop of the tour */
    public static List<Section> sections() {
        return List.of(Section.of("stream-lines-http",
                "async for: stream_lines(url) over a streamed HTTP response (aiohttp resp.content, local server)",
                StreamLinesHttp::demo));
    }

    /** @param args {@code --fast}, {@code --list}, {@code --only NAME}, as the tour */
    public static void main(String[] args) {
        Demo.launch("StreamLinesHttp", sections(), args);
    }

    /** {@code async def stream_lines(url)}: the seed, line for line. */
    static AsyncGenerator<String> streamLines(String url) {
        return asyncGenerator(out -> {
            try (var session = ClientSession.create();                 // async with aiohttp.ClientSession() as session:
                 var resp = session.get(url)) {                        //     async with session.get(url) as resp:
                for (byte[] line : resp.content()) {                   //         async for line in resp.content:
                    out.yield(new String(line, UTF_8).strip());        //             yield line.decode('utf-8').strip()
                }
            }
        });
    }

    /** A local server whose {@code /lines} writes five lines, 0.2 s apart, in a chunked body. */
    static App linesApi() {
        App app = new App();
        app.get("/lines", req -> Response.stream("text/plain", out -> {
            for (String word : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
                out.write("  " + word + "  \r\n");
                sleep(0.2);
            }
        }));
        return app;
    }

    /**
     * Starts the server, streams its lines to the end, then again stopping after two. Call it from a task.
     *
     * @param out where to print
     * @throws IOException if the local server cannot listen
     */
    static void demo(PrintStream out) throws IOException {
        HttpServer server = HttpServer.start(linesApi(), "127.0.0.1", 0);
        try {
            String url = "http://127.0.0.1:" + server.port() + "/lines";
            double t0 = getRunningLoop().time();
            try (AsyncGenerator<String> lines = streamLines(url)) {   // async for line in stream_lines(url):
                for (String line : lines) {
                    out.printf("  [%.2fs] %s%n", getRunningLoop().time() - t0, line);
                }
            }
            double t1 = getRunningLoop().time();
            int n = 0;
            try (AsyncGenerator<String> lines = streamLines(url)) {
                for (String line : lines) {
                    out.printf("  [%.2fs] %s%n", getRunningLoop().time() - t1, line);
                    if (++n == 2) {
                        break;                                        // closes the generator, the response, the session
                    }
                }
            }
            out.printf("streamed 5 lines in %.2f s as they came, then 2 and stopped after %.2f s%n",
                    t1 - t0, getRunningLoop().time() - t1);
        } finally {
            server.shutdown();
        }
    }
}
