package io.jasyncio.examples.tour;

import io.jasyncio.EventLoop;

import java.io.PrintStream;

import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.examples.tour.Py.f;

/**
 * Prints lines stamped with the loop time since a start, {@code [0.10s] message}, so that a transcript
 * shows when each step happened and which ones happened together. Any thread may use it (it reads
 * {@link EventLoop#time()}, which is thread-safe).
 *
 * @param out where to print
 * @param loop the loop whose time stamps the lines
 * @param start the loop time the stamps count from
 */
public record Log(PrintStream out, EventLoop loop, double start) {

    /**
     * A log whose stamps count from now on the running loop. Call it from a task.
     *
     * @param out where to print
     * @return the log
     */
    public static Log start(PrintStream out) {
        EventLoop loop = getRunningLoop();
        return new Log(out, loop, loop.time());
    }

    /**
     * Prints {@code message} with the time since the start.
     *
     * @param message the line
     */
    public void say(String message) {
        out.println(f("[%.2fs] %s", elapsed(), message));
    }

    /**
     * The loop time since the start.
     *
     * @return seconds
     */
    public double elapsed() {
        return loop.time() - start;
    }
}
