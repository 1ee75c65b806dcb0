package io.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * Several exceptions raised together: Python's {@code ExceptionGroup}. A {@link TaskGroup} raises one
 * with every error of its tasks (and of its body), in the order they happened.
 *
 * <p>{@link #getMessage()} reads like Python's {@code str()} of a group:
 * {@code "unhandled errors in a TaskGroup (2 sub-exceptions)"}. Each sub-exception is also added as a
 * suppressed exception, so a stack trace shows them all. Sub-exceptions may be groups themselves
 * (nested task groups); Python's {@code except*} has no Java syntax, so match on
 * {@link #exceptions()}.
 */
public final class ExceptionGroup extends RuntimeException {

    /** The message without the sub-exception count. */
    private final String message;
    /** The sub-exceptions, in order. */
    private final List<Throwable> exceptions;

    /**
     * Creates a group.
     *
     * @param message what the exceptions have in common
     * @param exceptions the exceptions, in order; not empty
     * @throws IllegalArgumentException if {@code exceptions} is empty
     * @throws NullPointerException if an exception is null
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(describe(message, exceptions));
        this.message = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable e : this.exceptions) {
            addSuppressed(e);
        }
    }

    private static String describe(String message, List<? extends Throwable> exceptions) {
        Objects.requireNonNull(exceptions, "exceptions");
        int n = exceptions.size();
        if (n == 0) {
            throw new IllegalArgumentException("an exception group needs at least one exception");
        }
        return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }

    /**
     * The message given at creation, without the count: Python's {@code ExceptionGroup.message}.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * The exceptions of the group, in order: Python's {@code ExceptionGroup.exceptions}.
     *
     * @return an unmodifiable list, never empty
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
