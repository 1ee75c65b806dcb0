package io.jasyncio.debug;

import io.jasyncio.debug.programs.PsTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./jasyncio ps} and {@code pstree} on a real second JVM that knows nothing of them. */
@Tag("realtime")
class PsTest {

    @Test
    void psListsEveryTaskWithWhatItAwaits() throws Exception {
        try (SecondJvm jvm = new SecondJvm(PsTarget.class)) {
            jvm.awaitLine("READY");
            TaskTree tree = Ps.inspect(jvm.pid());
            String table = tree.formatTable();
            System.out.println(table);
            System.out.println(tree.formatTree());
            TaskInfo sleeper = task(tree, "sleeper");
            assertEquals("sleep", sleeper.awaiting(), table);
            assertEquals("waiting", sleeper.state());
            assertTrue(table.contains("Asyncio.sleep -> PsTarget.sleeper"), table);
            TaskInfo consumer = task(tree, "consumer");
            assertTrue(table.contains("Queue.get -> PsTarget.consumer"), table);
            assertEquals("waiting", consumer.state());
            assertEquals("Queue.get", consumer.awaiting(), table);
            TaskInfo grandchild = task(tree, "grandchild");
            TaskInfo parent = task(tree, "parent");
            assertEquals(parent, tree.awaiterOf(grandchild), table);
            TaskInfo main = tree.awaiterOf(parent);
            assertTrue(main != null && main.awaiting().equals("task group"), table);
            assertEquals(main, tree.awaiterOf(sleeper), table);
            TaskInfo gatherer = task(tree, "gatherer");
            assertEquals("gather", gatherer.awaiting(), table);
            long children = tree.tasks().stream().filter(t -> gatherer.equals(tree.awaiterOf(t))).count();
            assertEquals(2, children, "gather's two children are awaited by the gatherer:\n" + tree.formatTree());
        }
    }

    private static TaskInfo task(TaskTree tree, String name) {
        return tree.tasks().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + name + " in\n" + tree.formatTable()));
    }
}
