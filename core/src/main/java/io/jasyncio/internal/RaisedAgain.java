package io.jasyncio.internal;

import java.util.Arrays;

/**
 * Where an exception was raised again, far from where it was made: an exception raised in a task and
 * awaited in another, or a connection's error raised by a later {@code drain()}. Python's traceback
 * grows a frame each time an exception passes through one; a Java stack trace is fixed where the
 * exception was made, so jasyncio records the later place as a suppressed {@code RaisedAgain}, whose
 * stack trace is that place's (docs/adr/0024-first-hour.md). Made only on the failure path: one
 * stack capture per raise, at most {@link #MAX_PER_EXCEPTION} per exception.
 */
public final class RaisedAgain extends Throwable {

    private static final long serialVersionUID = 1L;

    /** An exception awaited by many tasks records only the first few of them. */
    static final int MAX_PER_EXCEPTION = 8;

    private RaisedAgain(String where) {
        super(where, null, false, true);
    }

    /**
     * Records on {@code e} that it is raised again here: {@code how} says by what, e.g.
     * {@code "awaited in <Task pending name='main'>"}. Nothing for a {@link Error} of the VM, or when
     * {@code e} already carries {@link #MAX_PER_EXCEPTION} records.
     *
     * @param e the exception about to be thrown again
     * @param how what raises it again, for the record's message
     */
    public static void record(Throwable e, String how) {
        if (e instanceof VirtualMachineError) {
            return;
        }
        int n = 0;
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof RaisedAgain) {
                n++;
            }
        }
        if (n >= MAX_PER_EXCEPTION) {
            return;
        }
        RaisedAgain here = new RaisedAgain(how);
        StackTraceElement[] st = here.getStackTrace();
        here.setStackTrace(Arrays.copyOfRange(st, Math.min(1, st.length), st.length)); // not this method
        e.addSuppressed(here);
    }

    /**
     * Appends the current thread's stack (from its caller down) to the stack trace of {@code e}, made
     * on another thread: what Python's traceback shows for {@code asyncio.run(main())}, the coroutine's
     * frames above the caller's. Also what Java's single-file source launcher expects: it removes as
     * many frames from the bottom of a main method's exception as it has itself. Does nothing if
     * {@code e} was made on this thread (or already got these frames).
     *
     * @param e the exception leaving {@code run()}
     */
    public static void appendCallerFrames(Throwable e) {
        StackTraceElement[] own = e.getStackTrace();
        StackTraceElement[] here = new Throwable().getStackTrace();
        if (own.length == 0 || here.length < 2 || own[own.length - 1].equals(here[here.length - 1])) {
            return;
        }
        StackTraceElement[] all = Arrays.copyOf(own, own.length + here.length - 1);
        System.arraycopy(here, 1, all, own.length, here.length - 1);
        e.setStackTrace(all);
    }
}
