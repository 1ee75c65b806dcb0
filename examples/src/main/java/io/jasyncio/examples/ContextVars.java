package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Log;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.ContextVar;

import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import io.jasyncio.Context;

/**
 * Context variables (Python's {@code contextvars}): a {@link ContextVar} holds a value per task. A
 * request handler sets the request id once, and every call it makes sees it without a parameter
 * (here a logger deep in the call stack); two requests handled at the same time each see their own;
 * {@code toThread} runs its function in a copy of the task's context, so the worker thread sees the id
 * too, and what it sets stays in its copy.
 */
public final class ContextVars {

    /** The request being handled: {@code request_id = ContextVar('request_id', default='-')}. */
    static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");

    private ContextVars() {
    }

    /**
     * A logger deep in the call stack: it reads the request id from the context.
     *
     * @param log where to print
     * @param message the line
     */
    static void log(Log log, String message) {
        log.say("[" + REQUEST_ID.get() + "] " + message);
    }

    /**
     * A database call nested in the handler: it logs with the handler's id, and takes 0.1 s.
     *
     * @param log where to print
     * @return the number of rows
     */
    static int query(Log log) {
        log(log, "db.query(), a nested call, sees it");
        sleep(0.1);
        return 3;
    }

    /**
     * Rendering, on a worker thread ({@code toThread}): it sees the task's id in its copy of the
     * context, and its own {@code set} changes only that copy.
     *
     * @param log where to print
     * @param rows what to render
     * @return the page
     */
    static String render(Log log, int rows) {
        log(log, "render() in a worker thread (toThread) sees it, sets its copy to 'thread'");
        REQUEST_ID.set("thread");
        return rows + " rows";
    }

    /**
     * A request handler: sets the id for its task, waits {@code delay} (other requests run meanwhile),
     * queries, renders on a worker thread.
     *
     * @param log where to print
     * @param id the request id
     * @param delay how long the request takes to arrive in full
     * @return the response
     */
    static String handle(Log log, String id, double delay) {
        REQUEST_ID.set(id); // only this task's context changes
        log(log, "handle(): request_id.set('" + id + "')");
        sleep(delay);
        int rows = query(log);
        String page = toThread(() -> render(log, rows));
        log(log, "back in the task after toThread: still " + REQUEST_ID.get());
        return id + ": " + page;
    }

    /**
     * Two requests handled at the same time, each in its task (a {@code gather} child gets a copy of
     * the main task's context): each sees its own id all the way down, and the main task keeps its default.
     *
     * @param out where to print
     */
    public static void requestIds(PrintStream out) {
        Log log = Log.start(out);
        log(log, "main task: request_id.get() is the default");
        List<String> responses = gather(() -> handle(log, "r1", 0.15), () -> handle(log, "r2", 0.1));
        log(log, "main task again: the default still; responses " + Py.str(responses));
    }

    /**
     * This class's stop of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(Section.of("context-vars",
                "contextvars: a request_id per task, seen by nested calls and toThread, isolated between tasks",
                ContextVars::requestIds));
    }

    /**
     * Runs this class's example; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("ContextVars", sections(), args);
    }
}
