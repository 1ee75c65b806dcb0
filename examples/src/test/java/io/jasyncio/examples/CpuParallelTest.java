package io.jasyncio.examples;

import io.jasyncio.examples.tour.Section;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jasyncio.Asyncio.run;
import static org.junit.jupiter.api.Assertions.*;

/** The CPU-parallel example computes the same, right, results both ways (its timings are not asserted, they vary). */
@Tag("realtime")
class CpuParallelTest {

    @Test
    void chunksCountEveryPrimeOnce() {
        assertEquals(25, sumOfChunks(100));            // 2, 3, 5, ..., 97
        assertEquals(1229, sumOfChunks(10_000));
        assertEquals(17_984, sumOfChunks(200_000));
        assertEquals(17_984, CpuParallel.countPrimes(200_000, 0, 1));
    }

    private static int sumOfChunks(int limit) {
        int sum = 0;
        for (int k = 0; k < CpuParallel.CHUNKS; k++) {
            sum += CpuParallel.countPrimes(limit, k, CpuParallel.CHUNKS);
        }
        return sum;
    }

    @Test
    void sequentialAndParallelRunsAgreeAndThePrintoutSaysSo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<CpuParallel.Timed> runs = run(() -> CpuParallel.compare(out, 200_000));
        CpuParallel.Timed seq = runs.get(0);
        CpuParallel.Timed par = runs.get(1);
        assertEquals(17_984, seq.total());
        assertEquals(seq.counts(), par.counts(), "the same count per chunk");
        assertEquals(CpuParallel.CHUNKS, par.counts().size());

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("CPU-bound work: the primes below 200,000 in 4 chunks, "), lines.get(0));
        assertTrue(lines.get(1).startsWith("sequential (one toThread after another): 17984 primes " + seq.counts() + " in "),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("parallel (gather of 4 toThread):         17984 primes " + par.counts() + " in "),
                lines.get(2));
        assertTrue(lines.get(3).matches("speed-up: \\d+\\.\\d\\dx \\(at most .*\\)"), lines.get(3));
    }

    @Test
    void theTourSectionCountsFewPrimesOnVirtualTimeAndPrintsTheSameLinesButForTheMeasuredNumbers() throws Exception {
        Section section = CpuParallel.sections().getFirst();
        assertEquals("cpu-parallel", section.id());
        Capture run = Capture.program(section.program());
        assertEquals(0.0, run.elapsed(), "the virtual clock stands still while threads work");
        // Wall-clock times, the speed-up and the number of cores vary: the rest is exact.
        List<String> masked = run.lines().stream()
                .map(l -> l.replaceAll("\\d+ cores", "N cores").replaceAll("in \\d+ ms", "in T ms")
                        .replaceAll("speed-up: \\d+\\.\\d\\dx", "speed-up: S.SSx").replaceAll("= \\d+x", "= Mx"))
                .toList();
        assertEquals(List.of(
                "CPU-bound work: the primes below 200,000 in 4 chunks, N cores (fastest of 2 runs)",
                "sequential (one toThread after another): 17984 primes [4707, 4532, 4388, 4357] in T ms",
                "parallel (gather of 4 toThread):         17984 primes [4707, 4532, 4388, 4357] in T ms",
                "speed-up: S.SSx (at most min(4 chunks, N cores) = Mx; no GIL on the JVM)"), masked);
    }
}
