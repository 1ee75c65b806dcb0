package io.jasyncio.files;

import io.jasyncio.testing.AsyncioTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link AsyncFile} on real temporary files: lines, reads, writes, encodings, append mode, seek and
 * tell, and the error messages. Each test runs as a task on a {@link io.jasyncio.testing.TestLoop}
 * (the virtual clock stands still while pool threads work), which also fails a test that leaks a task
 * or an unretrieved exception.
 */
class AsyncFileTest {

    @TempDir
    Path dir;

    private static String text(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("line ").append(i).append(" héllo wörld €").append(i % 7 == 0 ? " 𝄞" : "").append('\n');
        }
        return sb.toString();
    }

    @AsyncioTest
    void linesKeepTheirNewlineAndTheLastOneMayLackIt() throws IOException {
        Path p = dir.resolve("a.txt");
        Files.writeString(p, "one\ntwo\r\n\nlast");
        List<String> lines = new ArrayList<>();
        try (AsyncFile f = AsyncFiles.open(p, "r")) {
            for (String line : f) {                          // async for line in f
                lines.add(line);
            }
            assertEquals("", f.readline(), "readline() returns \"\" at the end");
        }
        assertEquals(List.of("one\n", "two\r\n", "\n", "last"), lines);
    }

    @AsyncioTest
    void lineIterationReadsChunksNotOneHopPerLine() throws IOException {
        Path p = dir.resolve("big.txt");
        String content = text(20_000);                       // about 600 KiB, 20,000 lines
        Files.writeString(p, content);
        FilePool pool = FilePool.create(2);
        long before = pool.statistics().completed();
        StringBuilder back = new StringBuilder();
        int lines = 0;
        try (AsyncFile f = AsyncFiles.open(p, "r", OpenOptions.defaults().withPool(pool))) {
            for (String line : f) {
                back.append(line);
                lines++;
            }
        }
        long hops = pool.statistics().completed() - before;
        assertEquals(content, back.toString());
        assertEquals(20_000, lines);
        long chunks = Files.size(p) / OpenOptions.DEFAULT_BUFFER_SIZE + 1;
        assertTrue(hops <= chunks + 3, hops + " hops for " + lines + " lines (open, " + chunks + " chunks, EOF, close)");
    }

    @AsyncioTest
    void multiByteCharactersAcrossChunkBoundaries() throws IOException {
        Path p = dir.resolve("utf8.txt");
        String content = text(300);
        Files.writeString(p, content);
        for (int size : new int[] {16, 17, 31, 64}) {        // tiny chunks: characters and lines straddle them
            OpenOptions o = OpenOptions.defaults().withBufferSize(size);
            StringBuilder lines = new StringBuilder();
            try (AsyncFile f = AsyncFiles.open(p, "r", o)) {
                for (String line : f) {
                    lines.append(line);
                }
            }
            assertEquals(content, lines.toString(), "buffer " + size);
            StringBuilder chars = new StringBuilder();
            try (AsyncFile f = AsyncFiles.open(p, "r", o)) {
                for (String part = f.read(5); !part.isEmpty(); part = f.read(5)) {
                    assertTrue(part.length() <= 5);
                    chars.append(part);
                }
            }
            assertEquals(content, chars.toString(), "read(5), buffer " + size);
        }
    }

    @AsyncioTest
    void encodingsRoundTrip() throws IOException {
        for (Charset cs : List.of(UTF_8, ISO_8859_1, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32LE"), Charset.forName("windows-1252"))) {
            Path p = dir.resolve("enc-" + cs.name());
            String content = cs.equals(ISO_8859_1) ? "caf\u00e9\nna\u00efve\n\nend" : "caf\u00e9 \u20ac\nna\u00efve\n\nend";
            try (AsyncFile f = AsyncFiles.open(p, "w", OpenOptions.defaults().withEncoding(cs).withBufferSize(16))) {
                for (String piece : content.split("(?<=\n)")) {
                    f.write(piece);
                }
            }
            assertArrayEquals(content.getBytes(cs), Files.readAllBytes(p), cs.name());
            List<String> lines = new ArrayList<>();
            try (AsyncFile f = AsyncFiles.open(p, "r", cs)) {
                assertEquals(cs, f.encoding());
                for (String line : f) {
                    lines.add(line);
                }
            }
            assertEquals(List.of(content.split("(?<=\n)")), lines, cs.name());
            assertEquals(content, AsyncFiles.readText(p, cs));
        }
    }

    @AsyncioTest
    void encodingErrorsNameThePathTheOffsetAndTheCharacter() throws IOException {
        Path p = dir.resolve("bad.txt");
        Files.write(p, new byte[] {'o', 'k', '\n', 'a', (byte) 0xff, 'b', '\n'});
        try (AsyncFile f = AsyncFiles.open(p, "r")) {
            assertEquals("ok\n", f.readline());
            CharConversionException e = assertThrows(CharConversionException.class, f::readline);
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("0xff")
                    && e.getMessage().contains("offset 4"), e.getMessage());
            assertEquals(3, f.tell(), "a line that fails to decode is not consumed");
        }
        try (AsyncFile f = AsyncFiles.open(p, "r", OpenOptions.defaults().withErrors(OpenOptions.Errors.REPLACE))) {
            assertEquals("ok\n", f.readline());
            assertEquals("a\uFFFDb\n", f.readline());
        }
        CharConversionException whole = assertThrows(CharConversionException.class, () -> AsyncFiles.readText(p));
        assertTrue(whole.getMessage().contains("offset 4"), whole.getMessage());

        Path latin = dir.resolve("latin.txt");
        try (AsyncFile f = AsyncFiles.open(latin, "w", ISO_8859_1)) {
            f.write("caf\u00e9 ");
            CharConversionException e = assertThrows(CharConversionException.class, () -> f.write("5 \u20ac"));
            assertTrue(e.getMessage().contains("U+20AC") && e.getMessage().contains("index 2")
                    && e.getMessage().contains(latin.toString()), e.getMessage());
            assertEquals(5, f.tell(), "a write that fails to encode writes nothing");
        }
        assertEquals("caf\u00e9 ", Files.readString(latin, ISO_8859_1));

        IllegalArgumentException bom = assertThrows(IllegalArgumentException.class,
                () -> AsyncFiles.open(p, "r", StandardCharsets.UTF_16));
        assertTrue(bom.getMessage().contains("UTF-16LE"), bom.getMessage());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @AsyncioTest
    void appendModeWritesAtTheEnd() throws IOException {
        Path p = dir.resolve("log.txt");
        try (AsyncFile f = AsyncFiles.open(p, "a")) {
            assertEquals(0, f.tell());
            f.write("first\n");
        }
        try (AsyncFile f = AsyncFiles.open(p, "a")) {
            assertEquals(6, f.tell(), "append mode starts at the end");
            f.write("second\n");
            f.flush();
            assertEquals(13, f.tell());
        }
        try (AsyncFile f = AsyncFiles.open(p, "a+")) {
            f.seek(0);
            assertEquals("first\n", f.readline());
            f.write("third\n");                              // still at the end, whatever the position
            f.flush();
            assertEquals(19, f.tell());
        }
        assertEquals("first\nsecond\nthird\n", Files.readString(p));
    }

    @AsyncioTest
    void seekAndTellAreByteOffsetsSharedByReadsAndWrites() throws IOException {
        Path p = dir.resolve("rw.bin");
        try (AsyncFile f = AsyncFiles.open(p, "w+b")) {
            f.write("hello world".getBytes(UTF_8));
            assertEquals(11, f.tell());
            assertEquals(0, f.seek(0));
            assertArrayEquals("hello".getBytes(UTF_8), f.readBytes(5));
            assertEquals(5, f.tell());
            f.write("XX".getBytes(UTF_8));                   // overwrites at 5, after a read
            assertEquals(7, f.tell());
            assertArrayEquals("orld".getBytes(UTF_8), f.readBytes(), "the read continues after the write");
            assertEquals(11, f.seek(0, AsyncFile.SEEK_END));
            assertEquals(8, f.seek(-3, AsyncFile.SEEK_END));
            assertEquals(6, f.seek(-2, AsyncFile.SEEK_CUR));
            assertArrayEquals("Xorld".getBytes(UTF_8), f.readBytes());
            assertThrows(IllegalArgumentException.class, () -> f.seek(-1));
            assertThrows(IllegalArgumentException.class, () -> f.seek(0, 3));
            assertEquals(11, f.tell(), "a refused seek does not move");
            f.seek(13);
            f.write(new byte[] {'!'});                       // past the end: a gap of zeros
        }
        assertArrayEquals("helloXXorld\0\0!".getBytes(UTF_8), Files.readAllBytes(p));

        try (AsyncFile f = AsyncFiles.open(p, "r+")) {       // text mode: tell() counts bytes
            f.seek(0);
            assertEquals("hello", f.read(5));
            assertEquals(5, f.tell());
            f.seek(2);                                       // within the read buffer
            assertEquals("llo", f.read(3));
            f.write("__");
            f.seek(0);
            assertEquals("hello__orld", f.read(11));
        }
        String utf8 = "\u00e9t\u00e9\n";
        Files.writeString(p, utf8 + "x\n");
        try (AsyncFile f = AsyncFiles.open(p, "r")) {
            assertEquals(utf8, f.readline());
            assertEquals(utf8.getBytes(UTF_8).length, f.tell());
            f.seek(1);                                       // the middle of 'é'
            assertThrows(CharConversionException.class, f::readline);
        }
    }

    @AsyncioTest
    void binaryLinesAndBigReads() throws IOException {
        Path p = dir.resolve("b.bin");
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 61 == 60 ? '\n' : 'a' + i % 26);
        }
        AsyncFiles.writeBytes(p, data);
        assertArrayEquals(data, AsyncFiles.readBytes(p));
        int total = 0;
        try (AsyncFile f = AsyncFiles.open(p, "rb")) {
            for (byte[] line : f.byteLines()) {
                total += line.length;
                assertTrue(line[line.length - 1] == '\n' || total == data.length);
            }
        }
        assertEquals(data.length, total);
        String content = text(20_000);                       // read() of more than 4 buffers decodes on the pool
        AsyncFiles.writeText(p, content);
        try (AsyncFile f = AsyncFiles.open(p, "r")) {
            assertEquals("line 0 héllo wörld € 𝄞\n", f.readline());
            assertEquals(content.substring(content.indexOf('\n') + 1), f.read());
            assertEquals("", f.read());
        }
        try (AsyncFile f = AsyncFiles.open(p, "r")) {
            assertEquals(20_000, f.readlines().size());
        }
        try (AsyncFile f = AsyncFiles.open(dir.resolve("w.txt"), "x")) {
            f.writelines(List.of("a\n", "b\n"));
        }
        assertEquals("a\nb\n", AsyncFiles.readText(dir.resolve("w.txt")));
    }

    @AsyncioTest
    void errorsNameThePathAndWhatWasDone() throws IOException {
        Path missing = dir.resolve("missing.txt");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AsyncFiles.open(missing, "r"));
        assertEquals(missing + ": open with mode 'r': no such file or directory", e.getMessage());
        FileSystemException d = assertThrows(FileSystemException.class, () -> AsyncFiles.open(dir, "r"));
        assertTrue(d.getMessage().contains(dir.toString()) && d.getMessage().contains("is a directory"), d.getMessage());
        Path p = dir.resolve("x.txt");
        Files.writeString(p, "x");
        assertTrue(assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> AsyncFiles.open(p, "x"))
                .getMessage().contains(p.toString()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(p, "rw"))
                .getMessage().contains("'rw'"));
        assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(p, "rb", UTF_8));
        try (AsyncFile f = AsyncFiles.open(p, "w")) {
            String m = assertThrows(UnsupportedOperationException.class, f::readline).getMessage();
            assertTrue(m.contains(p.toString()) && m.contains("not readable"), m);
            assertThrows(UnsupportedOperationException.class, () -> f.write(new byte[1]));
        }
        try (AsyncFile f = AsyncFiles.open(p, "rb")) {
            String m = assertThrows(UnsupportedOperationException.class, f::readline).getMessage();
            assertTrue(m.contains("binary mode"), m);
            f.close();
            assertTrue(f.closed());
            m = assertThrows(IllegalStateException.class, f::readlineBytes).getMessage();
            assertTrue(m.contains("closed file") && m.contains(p.toString()), m);
            f.close();                                       // a second close does nothing
        }
    }

    @AsyncioTest
    void pathsAndDirectories() throws IOException {
        Path sub = dir.resolve("a/b/c");
        AsyncFiles.makedirs(sub, false);
        AsyncFiles.makedirs(sub, true);
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> AsyncFiles.makedirs(sub, false));
        assertThrows(NoSuchFileException.class, () -> AsyncFiles.mkdir(dir.resolve("x/y")));
        AsyncFiles.mkdir(dir.resolve("x"));
        AsyncFiles.writeText(sub.resolve("f.txt"), "12345");
        assertEquals(5, AsyncFiles.getSize(sub.resolve("f.txt")));
        assertTrue(AsyncFiles.stat(sub).isDirectory());
        assertTrue(AsyncFiles.isFile(sub.resolve("f.txt")) && AsyncFiles.isDir(sub) && AsyncFiles.exists(sub));
        assertFalse(AsyncFiles.exists(dir.resolve("nope")));
        assertEquals(List.of("f.txt"), AsyncFiles.listdir(sub));
        AsyncFiles.rename(sub.resolve("f.txt"), sub.resolve("g.txt"));
        AsyncFiles.writeText(sub.resolve("h.txt"), "new");
        AsyncFiles.replace(sub.resolve("h.txt"), sub.resolve("g.txt"));
        assertEquals(List.of("g.txt"), AsyncFiles.listdir(sub));
        assertEquals("new", AsyncFiles.readText(sub.resolve("g.txt")));
        String m = assertThrows(FileSystemException.class, () -> AsyncFiles.remove(sub)).getMessage();
        assertTrue(m.contains(sub.toString()) && m.contains("is a directory"), m);
        assertThrows(java.nio.file.DirectoryNotEmptyException.class, () -> AsyncFiles.rmdir(sub));
        assertThrows(java.nio.file.NotDirectoryException.class, () -> AsyncFiles.listdir(sub.resolve("g.txt")));
        AsyncFiles.remove(sub.resolve("g.txt"));
        AsyncFiles.rmdir(sub);
        AsyncFiles.rmtree(dir.resolve("a"));
        assertEquals(List.of("x"), AsyncFiles.listdir(dir));

        Path kept;
        try (TempDirectory tmp = AsyncFiles.temporaryDirectory(dir, "t")) {
            kept = tmp.path();
            AsyncFiles.makedirs(kept.resolve("deep/er"), false);
            AsyncFiles.writeText(kept.resolve("deep/er/file"), "x");
        }
        assertFalse(Files.exists(kept), "a temporary directory is removed with its contents");
        Path named;
        try (AsyncFile f = AsyncFiles.namedTemporaryFile("w+", dir, "n", ".txt")) {
            named = f.name();
            f.write("scratch");
            f.seek(0);
            assertEquals("scratch", f.read());
            assertTrue(named.getFileName().toString().startsWith("n") && named.toString().endsWith(".txt"));
        }
        assertFalse(Files.exists(named), "a named temporary file is deleted when closed");
    }
}
