package io.jasyncio.examples;

import org.junit.jupiter.api.Test;

/** {@link ContextVars}: a request id per task, exact lines and exact virtual time. */
class ContextVarsTest {

    @Test
    void eachTaskSeesItsOwnIdInNestedCallsAndInToThreadAndTheMainTaskKeepsTheDefault() {
        Capture.body(ContextVars::requestIds).assertOutput(0.25,
                "[0.00s] [-] main task: request_id.get() is the default",
                "[0.00s] [r1] handle(): request_id.set('r1')",
                "[0.00s] [r2] handle(): request_id.set('r2')",
                "[0.10s] [r2] db.query(), a nested call, sees it",
                "[0.15s] [r1] db.query(), a nested call, sees it",
                "[0.20s] [r2] render() in a worker thread (toThread) sees it, sets its copy to 'thread'",
                "[0.20s] [r2] back in the task after toThread: still r2",
                "[0.25s] [r1] render() in a worker thread (toThread) sees it, sets its copy to 'thread'",
                "[0.25s] [r1] back in the task after toThread: still r1",
                "[0.25s] [-] main task again: the default still; responses ['r1: 3 rows', 'r2: 3 rows']");
    }
}
