package io.jasyncio;

/**
 * Raised inside an {@link AsyncGenerator}'s body, at the {@link AsyncGenerator.Emitter#yield} where
 * it waits, when the consumer closes the generator before the end (Python's {@code GeneratorExit},
 * thrown by {@code aclose()}). Let it propagate: clean up in {@code finally} blocks, which may await.
 *
 * <p>Like {@link CancelledError}, this is an {@link Error}, so a {@code catch (Exception e)} in the
 * body does not swallow it. A body that catches it and yields again gets an
 * {@link IllegalStateException} ("async generator ignored GeneratorExit") at that yield.
 */
public final class GeneratorExit extends Error {

    /** Creates the signal. */
    public GeneratorExit() {
        super("async generator closed by its consumer");
    }
}
