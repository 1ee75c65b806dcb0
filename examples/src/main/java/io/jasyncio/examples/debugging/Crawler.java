package io.jasyncio.examples.debugging;

import io.jasyncio.Task;
import io.jasyncio.debug.Debug;
import io.jasyncio.queues.Queue;

import java.util.List;

import static io.jasyncio.Asyncio.*;

/**
 * A small crawler to look at from outside: fetchers in a task group, each downloading pages (sleeps
 * standing in for the network) and handing them to a writer through a queue. It prints its process id,
 * then runs for {@code args[0]} seconds (60 by default): meanwhile
 * {@code ./jasyncio ps PID} and {@code ./jasyncio pstree PID} show its tasks. Before it ends it prints
 * one fetcher's call graph from inside (asyncio's {@code print_call_graph}), and in debug mode the loop's
 * metrics at the end.
 */
public final class Crawler {

    private Crawler() {
    }

    static String download(String url) {
        sleep(0.5 + Math.abs(url.hashCode() % 100) / 100.0); // the network
        return "<html>" + url + "</html>";
    }

    static void fetch(List<String> urls, Queue<String> pages) {
        for (int round = 0; ; round++) {
            for (String url : urls) {
                pages.put(download(url + "?round=" + round));
            }
        }
    }

    static void write(Queue<String> pages) {
        while (true) {
            pages.get();
            pages.taskDone();
        }
    }

    /**
     * Runs the crawler.
     *
     * @param args how long to run, in seconds (60 by default)
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        System.out.println("pid " + ProcessHandle.current().pid() + ": try ./jasyncio ps " + ProcessHandle.current().pid());
        run(() -> {
            Queue<String> pages = new Queue<>(10);
            try {
                timeout(seconds, scope -> taskGroup(tg -> {
                    tg.createTask(() -> {
                        write(pages);
                        return null;
                    }, "writer");
                    Task<Object> first = tg.createTask(() -> {
                        fetch(List.of("https://example.com/a", "https://example.com/b"), pages);
                        return null;
                    }, "fetcher-1");
                    tg.createTask(() -> {
                        fetch(List.of("https://example.com/c"), pages);
                        return null;
                    }, "fetcher-2");
                    sleep(0.1);
                    Debug.printCallGraph(first, System.out);
                    return null;
                }));
            } catch (io.jasyncio.TimeoutError e) {
                System.out.println("crawled for " + seconds + " s");
            }
            if (getRunningLoop().getDebug()) { // JASYNCIO_DEBUG=1 or -Djasyncio.debug=true
                System.out.println(Debug.metrics(getRunningLoop()).format());
            }
            return null;
        });
    }
}
