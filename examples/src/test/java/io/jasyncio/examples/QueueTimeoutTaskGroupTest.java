package io.jasyncio.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Timeouts, queues and task groups: exact lines, exact virtual time. */
class QueueTimeoutTaskGroupTest {

    private static void check(Capture run, double seconds, String... lines) {
        assertEquals(List.of(lines), run.lines());
        assertEquals(seconds, run.elapsed(), 1e-9, "virtual time");
    }

    @Test
    void waitForGivesUpAfterOneSecond() {
        check(Capture.body(Timeouts::waitForSlowOperation), 1.0, "Timed out — operation cancelled");
    }

    @Test
    void aTimeoutScopeCancelsItsBody() {
        check(Capture.body(Timeouts::timeoutScope), 0.5,
                "slow_operation stopped at 0.5s, scope expired: True", "Timed out — operation cancelled");
    }

    @Test
    void producerAndConsumerAlternate() {
        check(Capture.body(ProducerConsumer::producerConsumer), 0.3,
                "Produced item 1", "Consumed item 1", "Produced item 2", "Consumed item 2",
                "Produced item 3", "Consumed item 3");
    }

    @Test
    void joinWaitsUntilEveryItemIsDone() {
        check(Capture.body(ProducerConsumer::workersWithJoin), 0.2,
                "worker-1 processed item 1", "worker-2 processed item 2", "worker-3 processed item 3",
                "worker-1 processed item 4", "worker-2 processed item 5", "worker-3 processed item 6",
                "all items processed in 0.2s");
    }

    @Test
    void aTaskGroupWaitsForItsTasks() {
        check(Capture.body(TaskGroups::taskGroupWork), 1.0, "[2, 4, 6] in 1.0s");
    }

    @Test
    void aFailureCancelsTheOtherTasksAtOnce() {
        check(Capture.body(TaskGroups::failureCancelsSiblings), 0.2,
                "unhandled errors in a TaskGroup (1 sub-exception) after 0.2s: "
                        + "[IllegalStateException('failed at 0.2s')]",
                "cancelled: work(1), work(2)");
    }
}
