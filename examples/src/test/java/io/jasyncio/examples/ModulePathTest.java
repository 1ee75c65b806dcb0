package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.jasyncio.EventLoop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * jasyncio on the module path (Netty's {@code testsuite-jpms}): the core runs as the named module
 * {@code io.jasyncio}, the Quickstart on the class path. With the module-path flag
 * ({@code --add-opens java.base/java.lang=io.jasyncio}) it runs on the main engine; with the class-path flag it
 * falls back, and the warning names the flag that fits the module path.
 */
@Tag("realtime")
class ModulePathTest {

    private record Result(int status, String out, String err) {
    }

    private static Path classesOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Result runQuickstart(String opens) throws IOException, InterruptedException, URISyntaxException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classesOf(EventLoop.class).toString(), "--add-modules", "io.jasyncio"));
        if (opens != null) {
            cmd.addAll(List.of("--add-opens", opens));
        }
        cmd.addAll(List.of("-cp", classesOf(Quickstart.class).toString(), Quickstart.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the Quickstart did not end in 60 s");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theQuickstartRunsOnTheMainEngineWithTheModuleFlag() throws Exception {
        Result r = runQuickstart("java.base/java.lang=io.jasyncio");
        assertEquals(0, r.status(), r.err());
        assertEquals("[data from API A, data from API B]", r.out().strip());
        assertEquals("", r.err().strip(), "no fallback warning on the module path with the module flag");
    }

    @Test
    void withTheClassPathFlagTheWarningNamesTheModuleFlag() throws Exception {
        Result r = runQuickstart("java.base/java.lang=ALL-UNNAMED");
        assertEquals(0, r.status(), r.err());
        assertEquals("[data from API A, data from API B]", r.out().strip());
        assertTrue(r.err().contains("--add-opens java.base/java.lang=io.jasyncio"), r.err());
    }
}
