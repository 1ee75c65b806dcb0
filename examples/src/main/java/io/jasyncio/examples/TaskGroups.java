package io.jasyncio.examples;

import io.jasyncio.examples.tour.Py;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.examples.tour.Demo;

import io.jasyncio.CancelledError;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.examples.tour.Py.f;
import io.jasyncio.TaskGroup;

/**
 * Structured concurrency with {@code taskGroup} (asyncio's {@code TaskGroup}, 3.11+): the group waits
 * for every task it started, and if one fails it cancels the rest and raises an {@link ExceptionGroup}.
 *
 * <p>Seed 000 ("Tasks vs coroutines") recommends it over raw {@code gather}: "it awaits a set of tasks
 * and cancels the rest if one fails".
 */
public final class TaskGroups {

    private TaskGroups() {
    }

    /**
     * Seed 000's {@code work(n)} in a task group: the three tasks overlap (one second in all) and are all
     * done when the group ends.
     *
     * @param out where to print: {@code [2, 4, 6] in 1.0s}
     */
    public static void taskGroupWork(PrintStream out) {
        double start = getRunningLoop().time();
        List<Task<Integer>> tasks = taskGroup(tg -> List.of(
                tg.createTask(() -> Concurrency.work(1)),
                tg.createTask(() -> Concurrency.work(2)),
                tg.createTask(() -> Concurrency.work(3))));
        // Here every task is done.
        List<Integer> results = tasks.stream().map(Task::result).toList();
        out.println(Py.str(results) + " " + f("in %.1fs", getRunningLoop().time() - start));
    }

    /**
     * Work that notes when it is cancelled, and rethrows the cancellation as it must.
     *
     * @param cancelled where to note it
     * @param n the input
     * @return {@code 2 * n}, after a second
     */
    static int cancellableWork(List<String> cancelled, int n) {
        try {
            return Concurrency.work(n);
        } catch (CancelledError e) {
            cancelled.add("work(" + n + ")");
            throw e; // clean up, rethrow
        }
    }

    /**
     * The coroutine that fails: 0.2 s, then an error.
     *
     * @return never
     */
    static int failing() {
        sleep(0.2);
        throw new IllegalStateException("failed at 0.2s");
    }

    /**
     * When one task fails, the group cancels the others at once (not after their second) and raises
     * an {@link ExceptionGroup} with the error.
     *
     * @param out where to print
     */
    public static void failureCancelsSiblings(PrintStream out) {
        double start = getRunningLoop().time();
        List<String> cancelled = new ArrayList<>();
        try {
            taskGroup(tg -> {
                tg.createTask(() -> cancellableWork(cancelled, 1));
                tg.createTask(() -> cancellableWork(cancelled, 2));
                tg.createTask(TaskGroups::failing);
                return null;
            });
        } catch (ExceptionGroup eg) {
            out.println(f("%s after %.1fs: %s", eg.getMessage(), getRunningLoop().time() - start,
                    Py.repr(eg.exceptions())));
        }
        cancelled.sort(null); // the group cancels its tasks in no particular order (a set, as in asyncio)
        out.println("cancelled: " + String.join(", ", cancelled));
    }

    /**
     * This class's stops of the tour.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return List.of(
                Section.of("task-group", "TaskGroup: work(1), work(2), work(3) as a group",
                        TaskGroups::taskGroupWork),
                Section.of("task-group-failure", "TaskGroup: one task fails, the others are cancelled",
                        TaskGroups::failureCancelsSiblings));
    }

    /**
     * Runs this class's examples; options as {@link Demo}.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        Demo.launch("TaskGroups", sections(), args);
    }
}
