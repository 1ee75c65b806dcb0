package io.jasyncio.examples;

import org.junit.jupiter.api.Test;

/** {@link StreamLines}: exact output and exact virtual time (the test loop fails on a leaked generator task). */
class StreamLinesTest {

    @Test
    void streamsLinesLazilyAndClosesEveryResourceAlsoOnBreak() {
        Capture.body(StreamLines::demo).assertOutput(1.4,
                "[0.10s] session opened",
                "[0.30s] GET http://example.test/lines -> 200",
                "[0.40s] line 1: alpha",
                "[0.50s] line 2: bravo",
                "[0.50s] line 3: charlie",
                "[0.60s] line 4: delta",
                "[0.70s] connection released",
                "[0.70s] line 5: echo",
                "[0.75s] response closed",
                "[0.85s] session closed",
                "[0.85s] 5 lines, then everything was closed",
                "[0.95s] session opened",
                "[1.15s] GET http://example.test/lines -> 200",
                "[1.25s] first line only: alpha",
                "[1.25s] connection released",
                "[1.30s] response closed",
                "[1.40s] session closed",
                "[1.40s] after break: closed as well");
    }
}
