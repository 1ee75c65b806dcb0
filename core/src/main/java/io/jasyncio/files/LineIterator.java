package io.jasyncio.files;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The iterator behind {@code for (String line : file)}: {@code hasNext()} reads the next line (and may
 * suspend); an empty line means the end of the file. A read's {@link IOException} comes out of
 * {@code hasNext()} undeclared, as an await propagates a checked exception (the README: exceptions
 * are not wrapped).
 *
 * @param <T> a line: {@code String} or {@code byte[]}
 */
final class LineIterator<T> implements Iterator<T> {

    /** One {@code readline}. */
    @FunctionalInterface
    interface ReadLine<T> {
        T read() throws IOException;
    }

    private final ReadLine<T> readline;
    private final Predicate<T> atEnd;
    private T next;
    private boolean done;

    LineIterator(ReadLine<T> readline, Predicate<T> atEnd) {
        this.readline = readline;
        this.atEnd = atEnd;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            T line;
            try {
                line = readline.read();
            } catch (IOException e) {
                throw LineIterator.<RuntimeException>sneaky(e);
            }
            if (atEnd.test(line)) {
                done = true;
            } else {
                next = line;
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more lines");
        }
        T line = next;
        next = null;
        return line;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
