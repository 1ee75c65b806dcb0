package io.jasyncio.files;

import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A parsed mode string of Python's {@code open()}: one of {@code r}, {@code w}, {@code a}, {@code x},
 * then optionally {@code +} and one of {@code b} (binary) or {@code t} (text, the default).
 *
 * @param text the mode as given
 * @param readable reads allowed
 * @param writable writes allowed
 * @param append every write goes to the end of the file
 * @param binary bytes rather than text
 * @param options how the channel is opened
 */
record OpenMode(String text, boolean readable, boolean writable, boolean append, boolean binary,
                Set<StandardOpenOption> options) {

    /**
     * Parses {@code mode} as Python does.
     *
     * @throws IllegalArgumentException naming the mode if it is not one Python accepts
     */
    static OpenMode parse(String mode) {
        if (mode == null) {
            throw new IllegalArgumentException("mode is null (expected \"r\", \"w\", \"a\", \"x\", with \"+\", \"b\" or \"t\")");
        }
        char kind = 0;
        boolean plus = false;
        boolean binary = false;
        boolean text = false;
        for (int i = 0; i < mode.length(); i++) {
            char c = mode.charAt(i);
            switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    if (kind != 0) {
                        throw invalid(mode, "must have exactly one of create/read/write/append mode");
                    }
                    kind = c;
                }
                case '+' -> {
                    if (plus) {
                        throw invalid(mode, "'+' given twice");
                    }
                    plus = true;
                }
                case 'b' -> {
                    if (binary) {
                        throw invalid(mode, "'b' given twice");
                    }
                    binary = true;
                }
                case 't' -> {
                    if (text) {
                        throw invalid(mode, "'t' given twice");
                    }
                    text = true;
                }
                default -> throw invalid(mode, "unknown character '" + c + "'");
            }
        }
        if (kind == 0) {
            throw invalid(mode, "must have exactly one of create/read/write/append mode");
        }
        if (binary && text) {
            throw invalid(mode, "can't have text and binary mode at once");
        }
        EnumSet<StandardOpenOption> o = EnumSet.noneOf(StandardOpenOption.class);
        boolean readable = kind == 'r' || plus;
        boolean writable = kind != 'r' || plus;
        if (readable) {
            o.add(StandardOpenOption.READ);
        }
        if (writable) {
            o.add(StandardOpenOption.WRITE);
        }
        switch (kind) {
            case 'w' -> {
                o.add(StandardOpenOption.CREATE);
                o.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            case 'a' -> {
                o.add(StandardOpenOption.CREATE);
                if (!plus) {
                    o.add(StandardOpenOption.APPEND); // O_APPEND; the JDK refuses it with READ ("a+": see FileIo)
                }
            }
            case 'x' -> o.add(StandardOpenOption.CREATE_NEW);
            default -> { }
        }
        return new OpenMode(mode, readable, writable, kind == 'a', binary, Set.copyOf(o));
    }

    /** The options as an array for {@code FileChannel.open}. */
    OpenOption[] openOptions() {
        return options.toArray(new OpenOption[0]);
    }

    /**
     * Why this mode refuses {@code op} on the file at {@code path}, an operation that reads ({@code read}),
     * writes ({@code write}), or works on text ({@code wantsText} true) or bytes (false; null: either), and
     * what to use instead.
     */
    UnsupportedOperationException refusal(String op, Path path, boolean read, boolean write, Boolean wantsText) {
        String why;
        if (read && !readable) {
            why = "is not readable (mode '" + text + "')";
        } else if (write && !writable) {
            why = "is not writable (mode '" + text + "')";
        } else {
            why = "is open in " + (wantsText
                    ? "binary mode ('" + text + "'): use the byte methods (readBytes, readlineBytes, write(byte[]))"
                    : "text mode ('" + text + "'): use read, readline, write(String), or open it with 'b'");
        }
        return new UnsupportedOperationException(op + "(): " + path + " " + why);
    }

    private static IllegalArgumentException invalid(String mode, String why) {
        return new IllegalArgumentException("invalid mode: '" + mode + "' (" + why + ")");
    }
}
