package io.jasyncio.examples;

import org.junit.jupiter.api.Test;

/** {@link Coordination}: the synchronization primitives' transcripts, exact lines and exact virtual time. */
class CoordinationTest {

    @Test
    void theLockKeepsEveryDepositAndItsStatisticsShowTheWaitingTasks() {
        Capture.body(Coordination::lockedCounter).assertOutput(0.4,
                "without a lock: balance 100 after three deposits of 100 (each read 0, then wrote)",
                "the same deposits, each inside try (var _ = lock.hold()):",
                "[0.00s] A holds the lock, reads 0",
                "[0.00s] lock.statistics(): locked=true, owner=A, tasksWaiting=2",
                "[0.10s] A writes 100, releases the lock",
                "[0.10s] B holds the lock, reads 100",
                "[0.20s] B writes 200, releases the lock",
                "[0.20s] C holds the lock, reads 200",
                "[0.30s] C writes 300, releases the lock",
                "with the lock: balance 300");
    }

    @Test
    void oneEventStartsEveryWaitingWorkerAtOnce() {
        Capture.body(Coordination::startSignal).assertOutput(0.3,
                "[0.00s] worker-1 waits for the start signal",
                "[0.00s] worker-2 waits for the start signal",
                "[0.00s] worker-3 waits for the start signal",
                "[0.00s] go.statistics(): Statistics[set=false, tasksWaiting=3]",
                "[0.30s] main: go.set()",
                "[0.30s] worker-1 starts",
                "[0.30s] worker-2 starts",
                "[0.30s] worker-3 starts");
    }

    @Test
    void waitForChecksThePredicateFirstThenAfterEachNotification() {
        Capture.body(Coordination::waitForItems).assertOutput(0.3,
                "[0.00s] consumer checks: 0 of 3 ready, waits",
                "[0.10s] producer adds item 1, notify(1)",
                "[0.10s] consumer checks: 1 of 3 ready, waits",
                "[0.20s] producer adds item 2, notify(1)",
                "[0.20s] consumer checks: 2 of 3 ready, waits",
                "[0.30s] producer adds item 3, notify(1)",
                "[0.30s] consumer checks: 3 of 3 ready",
                "[0.30s] consumer takes [1, 2, 3]");
    }

    @Test
    void theSemaphoreRunsTwoDownloadsAtATimeInArrivalOrder() {
        Capture.body(Coordination::limitedDownloads).assertOutput(0.6,
                "[0.00s] a.zip starts (1 in flight)",
                "[0.00s] b.zip starts (2 in flight)",
                "[0.00s] slots.statistics(): Statistics[value=0, tasksWaiting=3]",
                "[0.10s] b.zip done",
                "[0.10s] c.zip starts (2 in flight)",
                "[0.30s] c.zip done",
                "[0.30s] d.zip starts (2 in flight)",
                "[0.40s] a.zip done",
                "[0.40s] e.zip starts (2 in flight)",
                "[0.50s] d.zip done",
                "[0.60s] e.zip done",
                "[0.60s] all 5 done, at most 2 at a time");
    }

    @Test
    void theBoundedSemaphoreRefusesAnExtraReleaseThePlainOneTakesIt() {
        Capture.body(Coordination::boundedRelease).assertOutput(0.0,
                "BoundedSemaphore(1) held: value 0",
                "released when the try block ends: value 1",
                "one more release(): IllegalStateException: BoundedSemaphore released too many times (value still 1)",
                "a plain Semaphore(1) takes the same extra release() silently: value 2");
    }

    @Test
    void theBarrierLetsAllThreePassWhenTheLastArrivesWithArrivalIndexes() {
        Capture.body(Coordination::meetingPoint).assertOutput(0.3,
                "[0.10s] carol arrives, 0 waiting",
                "[0.20s] alice arrives, 1 waiting",
                "[0.30s] bob arrives, 2 waiting: it trips the barrier",
                "[0.30s] bob passes with arrival index 2",
                "[0.30s] carol passes with arrival index 0",
                "[0.30s] alice passes with arrival index 1",
                "[0.30s] barrier.statistics(): Statistics[parties=3, nWaiting=0, state=FILLING]"
                        + " (cyclic: ready for another round)");
    }
}
