package io.jasyncio.files;

import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The code of docs/files.md, compiled and run, so that it stays true. */
class FilesDocsTest {

    @TempDir
    Path dir;

    /** docs/files.md's first snippet, with its relative paths resolved in a temporary directory. */
    @AsyncioTest
    void filterErrorsIntoAnAppendModeReport() throws IOException {
        Files.writeString(dir.resolve("app.log"), "12:00 INFO up\n12:01 ERROR disk full\n12:02 INFO ok\n12:03 ERROR again\n");
        Files.writeString(dir.resolve("errors.log"), "earlier\n");
        Path appLog = dir.resolve("app.log");
        Path errorsLog = dir.resolve("errors.log");
        // docs/files.md
        try (AsyncFile in = AsyncFiles.open(appLog, "r");          // async with aiofiles.open("app.log") as f:
             AsyncFile out = AsyncFiles.open(errorsLog, "a")) {     //     and an output in append mode
            for (String line : in) {                                //     async for line in f:
                if (line.contains(" ERROR ")) {
                    out.write(line);                                //         await out.write(line)
                }
            }
        }                                                           // both closed (and flushed) here
        String report = AsyncFiles.readText(errorsLog);            // await trio.Path(...).read_text()
        assertEquals("earlier\n12:01 ERROR disk full\n12:03 ERROR again\n", report);
    }
}
