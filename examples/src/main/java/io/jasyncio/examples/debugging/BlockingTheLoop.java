package io.jasyncio.examples.debugging;

import io.jasyncio.Task;
import io.jasyncio.debug.BlockedLoopReport;
import io.jasyncio.debug.Debug;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Log;
import io.jasyncio.examples.tour.Section;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

import static io.jasyncio.Asyncio.*;

/**
 * The seeds' first "common mistake", blocking the event loop, as debug mode shows it. In Python it is
 * {@code time.sleep()} or a blocking call inside {@code async def}; in jasyncio {@code Thread.sleep} parks
 * only its task, so the mistake is what really holds the loop's thread: a CPU-bound loop (or a file read,
 * a native call). A heartbeat task ticks every 0.1 s; a request handler crunches numbers for half a second
 * on the loop's thread. The watchdog reports it while it is still running, with its stack, and again
 * when it lets go; the fix, {@code toThread}, keeps the heartbeat steady.
 */
public final class BlockingTheLoop {

    private BlockingTheLoop() {
    }

    /**
     * CPU work for about {@code seconds} of real time: what blocks the loop when run on its thread.
     *
     * @param seconds how long to work
     * @return a checksum, so that the work is not optimized away
     */
    static long crunch(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long x = 17;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    private static String heartbeat(Log log, int beats) {
        double last = log.elapsed();
        double worst = 0;
        for (int i = 0; i < beats; i++) {
            sleep(0.1);
            worst = Math.max(worst, log.elapsed() - last);
            last = log.elapsed();
        }
        return String.format("longest gap between heartbeats: %.2f s", worst);
    }

    /**
     * The mistake and the fix, each on a fresh loop in debug mode ({@code run(main, true)}).
     *
     * @param out where to print
     */
    public static void blockedAndFixed(PrintStream out) {
        Consumer<BlockedLoopReport> report = r -> out.println(r.format());
        Debug.addBlockedLoopListener(report); // instead of the log, so that the report lands in this transcript
        try {
            out.println("-- the mistake: CPU work in a handler, on the loop's thread");
            run(() -> {
                Log log = Log.start(out);
                Task<String> beat = createTask(() -> heartbeat(log, 8), "heartbeat");
                sleep(0.15);
                await(createTask(() -> {
                    log.say("handler: crunching numbers on the loop's thread");
                    return crunch(0.5);                               // BUG: holds the loop for 0.5 s
                }, "handler"));
                log.say("handler: done");
                out.println(await(beat));
                return null;
            }, true);
            out.println("-- the fix: the same work with toThread");
            run(() -> {
                Log log = Log.start(out);
                Task<String> beat = createTask(() -> heartbeat(log, 8), "heartbeat");
                sleep(0.15);
                await(createTask(() -> {
                    log.say("handler: crunching numbers on a worker thread");
                    return toThread(() -> crunch(0.5));              // the loop keeps running
                }, "handler"));
                log.say("handler: done");
                out.println(await(beat));
                return null;
            }, true);
        } finally {
            Debug.removeBlockedLoopListener(report);
        }
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.program("blocked-loop",
                "gotcha: blocking the event loop (debug mode's watchdog names the culprit while it blocks)",
                (out, env) -> blockedAndFixed(out)));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("BlockingTheLoop", sections(), args);
    }
}
