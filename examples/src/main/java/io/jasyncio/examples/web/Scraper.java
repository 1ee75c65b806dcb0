package io.jasyncio.examples.web;

import io.jasyncio.Coroutine;
import io.jasyncio.sync.Semaphore;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;

/**
 * A scraper: fetch many pages with at most N requests in flight, the asyncio way: one session, one task per
 * page under {@code gather}, and a {@link Semaphore} around each request.
 *
 * <pre>{@code
 * async def fetch(session, sem, url):
 *     async with sem:
 *         async with session.get(url) as resp:
 *             return len(await resp.text())
 *
 * async with aiohttp.ClientSession() as session:
 *     sem = asyncio.Semaphore(10)
 *     sizes = await asyncio.gather(*(fetch(session, sem, u) for u in urls))
 * }</pre>
 *
 * Against a local server (the project's) whose pages take 0.1 to 0.3 s each: 50 pages, 10 at a time, take
 * about a tenth of the time one after another would, and the server never sees more than 10 at once.
 */
public final class Scraper {

    static final int PAGES = 50;
    static final int IN_FLIGHT = 10;

    private Scraper() {
    }

    /** @return this example's stop of the tour */
    public static List<Section> sections() {
        return List.of(Section.of("scraper",
                "Semaphore: a scraper, 50 pages with at most 10 requests in flight (aiohttp, local server)",
                Scraper::demo));
    }

    /** @param args {@code --fast}, {@code --list}, {@code --only NAME}, as the tour */
    public static void main(String[] args) {
        Demo.launch("Scraper", sections(), args);
    }

    /** Page {@code n} takes 0.1 to 0.3 s to serve. */
    static double delay(int n) {
        return 0.1 + (n % 5) * 0.05;
    }

    /**
     * Starts the site, scrapes it, prints what it fetched and how long it took. Call it from a task.
     *
     * @param out where to print
     * @throws IOException if the local server cannot listen
     */
    static void demo(PrintStream out) throws IOException {
        int[] inFlight = {0, 0}; // now, most
        App site = new App();
        site.get("/page/{n}", req -> {
            int n = req.pathParamInt("n");
            inFlight[1] = Math.max(inFlight[1], ++inFlight[0]);
            try {
                sleep(delay(n));
                return "<html><body>" + "page " + n + " ".repeat(n * 10) + "</body></html>";
            } finally {
                inFlight[0]--;
            }
        });
        HttpServer server = HttpServer.start(site, "127.0.0.1", 0);
        try (var session = ClientSession.create()) {
            String base = "http://127.0.0.1:" + server.port();
            Semaphore sem = new Semaphore(IN_FLIGHT);
            double t0 = getRunningLoop().time();
            List<Coroutine<Integer>> fetches = IntStream.range(0, PAGES).<Coroutine<Integer>>mapToObj(n -> () -> {
                try (var held = sem.hold();                               // async with sem:
                     var resp = session.get(base + "/page/" + n)) {     //     async with session.get(url) as resp:
                    return resp.text().length();                       //         return len(await resp.text())
                }
            }).toList();
            List<Integer> sizes = gather(fetches);
            double took = getRunningLoop().time() - t0;
            double oneByOne = IntStream.range(0, PAGES).mapToDouble(Scraper::delay).sum();
            out.printf("fetched %d pages, %d bytes, in %.2f s with at most %d in flight (server saw at most %d)%n",
                    sizes.size(), sizes.stream().mapToInt(Integer::intValue).sum(), took, IN_FLIGHT, inFlight[1]);
            out.printf("one after another they would take %.1f s%n", oneByOne);
        } finally {
            server.shutdown();
        }
    }
}
