package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the sources of every module free of two kinds of rot that the compiler lets through: unused imports, and
 * references to documents outside the repository (every design note the code cites lives in {@code docs/}).
 */
class SourceHygieneTest {

    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)\\.(\\w+);$", Pattern.MULTILINE);
    // Built from pieces so that this file does not match itself.
    private static final Pattern OUTSIDE = Pattern.compile(String.join("|", "shared" + "/design", "shared" + "/seeds",
            "\\.\\./" + "shared", "/" + "work/"));

    /** Every {@code .java} file under a {@code src} folder of the repository (the parent of this module). */
    private static List<Path> sources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")), "the repository root at " + root);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().contains("src/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .toList();
        }
    }

    @Test
    void noUnusedImports() throws IOException {
        List<String> unused = new ArrayList<>();
        for (Path p : sources()) {
            String src = Files.readString(p);
            String body = IMPORT.matcher(src).replaceAll("");
            Matcher m = IMPORT.matcher(src);
            while (m.find()) {
                String name = m.group(3);
                if (!Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(body).find()) {
                    unused.add(p.getFileName() + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), unused);
    }

    @Test
    void noReferenceToDocumentsOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) {
                    found.add(p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
