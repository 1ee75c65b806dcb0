package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Pins the package layout of the core (docs/adr/0010-layout.md), as trio's {@code test_exports.py} pins its
 * exports: {@code jdeps} lists every package-to-package edge of the compiled classes, and every edge must be
 * allowed below. Leaves use the kernel, never the reverse; a leaf may use the leaves beneath it. Access to the
 * kernel's package-private members is refused by the compiler once the leaves live in packages of their own;
 * the only way in is the unexported seam {@code io.jasyncio.internal}.
 */
class LayeringTest {

    /** Which packages each package may use (besides itself and the JDK). */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "io.jasyncio", Set.of("io.jasyncio.internal"),
            "io.jasyncio.internal", Set.of("io.jasyncio"),
            "io.jasyncio.sync", Set.of("io.jasyncio", "io.jasyncio.internal"),
            "io.jasyncio.queues", Set.of("io.jasyncio", "io.jasyncio.internal"),
            "io.jasyncio.net", Set.of("io.jasyncio", "io.jasyncio.internal", "io.jasyncio.sync"),
            "io.jasyncio.streams", Set.of("io.jasyncio", "io.jasyncio.internal", "io.jasyncio.net"),
            "io.jasyncio.subprocess", Set.of("io.jasyncio", "io.jasyncio.internal", "io.jasyncio.net",
                    "io.jasyncio.streams"),
            "io.jasyncio.files", Set.of("io.jasyncio")); // public kernel API only, not even the seam

    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.jasyncio[\\w.]*)\\s+->\\s+(io\\.jasyncio[\\w.]*)\\s");

    @Test
    void everyPackageEdgeOfTheCoreIsAllowed() throws Exception {
        Path classes = Path.of(EventLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(classes), "core classes at " + classes);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                classes.toString());
        assertEquals(0, rc, out::toString);
        Set<String> packages = new TreeSet<>();
        Set<String> violations = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String from = m.group(1);
            String to = m.group(2);
            packages.add(from);
            if (from.equals(to)) {
                continue;
            }
            Set<String> allowed = ALLOWED.get(from);
            if (allowed == null || !allowed.contains(to)) {
                violations.add(from + " -> " + to);
            }
        }
        assertEquals(ALLOWED.keySet(), packages, "the core's packages changed: update ALLOWED and ADR 0010");
        assertEquals(Set.of(), violations, "package edges outside the layout (docs/adr/0010-layout.md)");
    }
}
