package io.jasyncio.internal;

/**
 * Rethrows any throwable without wrapping it. An exception raised in a coroutine reaches the code
 * that awaits it unchanged, checked or not, as in Python (docs/adr/0004-exceptions.md).
 */
public final class Throw {

    private Throw() {
    }

    /**
     * Throws {@code t} as is.
     *
     * @param t the throwable
     * @return never returns; declared so callers can write {@code throw Throw.sneaky(t)}
     */
    public static RuntimeException sneaky(Throwable t) {
        throw Throw.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E doThrow(Throwable t) throws E {
        throw (E) t;
    }
}
