package io.jasyncio.debug.programs;

import io.jasyncio.queues.Queue;
import io.jasyncio.Task;

import static io.jasyncio.Asyncio.*;

/**
 * The program {@code PsTest} inspects from outside: a main task in a task group of three workers, one
 * sleeping, one waiting on a queue, one awaiting a fourth task. It prints {@code READY} when all of
 * them wait, then waits until its standard input closes. It knows nothing of the debug tools.
 */
public final class PsTarget {

    static void sleeper() {
        sleep(3600);
    }

    static Object consumer(Queue<String> q) {
        return q.get();
    }

    static Object parent() {
        Task<Object> child = createTask(() -> {
            sleeper();
            return null;
        }, "grandchild");
        return await(child);
    }

    public static void main(String[] args) {
        run(() -> {
            Queue<String> q = new Queue<>();
            taskGroup(tg -> {
                tg.createTask(() -> {
                    sleeper();
                    return null;
                }, "sleeper");
                tg.createTask(() -> consumer(q), "consumer");
                tg.createTask(PsTarget::parent, "parent");
                tg.createTask(() -> gather(() -> sleep(3600, "x"), () -> sleep(3600, "y")), "gatherer");
                createTask(() -> {
                    sleep(0.2);
                    System.out.println("READY");
                    System.out.flush();
                    toThread(() -> System.in.read());
                    System.exit(0);
                    return null;
                }, "announcer");
                return null;
            });
            return null;
        });
    }
}
