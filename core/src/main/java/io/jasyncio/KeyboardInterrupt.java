package io.jasyncio;

/**
 * Thrown by {@link Runner#run} (and so {@link Asyncio#run}) when Ctrl+C (SIGINT) cancelled the main
 * task: Python's {@code KeyboardInterrupt}. Like {@link CancelledError}, it is not an
 * {@link Exception}, so that a {@code catch (Exception e)} does not swallow it.
 */
public class KeyboardInterrupt extends Error {

    /** Creates the error. */
    public KeyboardInterrupt() {
        super("interrupted by Ctrl+C (SIGINT)");
    }
}
