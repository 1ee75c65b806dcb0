package io.jasyncio;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loop's records of the exceptions set on its futures ({@link Future.ExceptionLog}), so that those nobody
 * retrieves are reported: asyncio's "Future exception was never retrieved", which CPython reports as soon as
 * reference counting frees the future. A loop built with
 * {@link EventLoop.Builder#trackUnretrievedExceptions(boolean)} keeps every record (and its future) and lists
 * those never retrieved on demand ({@link EventLoop#unretrievedExceptions()}), so that a test fails
 * deterministically. Other loops keep the records not yet retrieved nor reported, each weakly referring to its
 * future: a {@link Cleaner} reports one once its future is unreachable, and {@link EventLoop#close()} reports
 * what is left ({@link #reportOutstanding}). Loop-confined, except that the cleaner's thread may report.
 */
final class UnretrievedExceptions {

    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(r -> Thread.ofPlatform().daemon()
                .name("jasyncio-unretrieved-exceptions").unstarted(r));
    }

    /** Whether every record is kept, for {@link #list()} (test loops). */
    final boolean tracking;
    /** On a tracking loop, every record, oldest first; else null. */
    private final List<Future.ExceptionLog> all;
    /** On other loops, the records not yet retrieved nor reported: {@link EventLoop#close()} reports them. */
    private final Set<Future.ExceptionLog> outstanding = ConcurrentHashMap.newKeySet();

    UnretrievedExceptions(boolean tracking) {
        this.tracking = tracking;
        this.all = tracking ? new ArrayList<>() : null;
    }

    /** {@code log} records an exception just set on {@code future}. */
    void add(Future<?> future, Future.ExceptionLog log) {
        if (tracking) {
            all.add(log);
        } else {
            outstanding.add(log); // reported at the loop's close if nobody retrieves it before
            CleanerHolder.CLEANER.register(future, log);
        }
    }

    /** The exception of {@code log} was retrieved, or is being reported: the close need not report it. */
    void forget(Future.ExceptionLog log) {
        if (!tracking) {
            outstanding.remove(log);
        }
    }

    /** {@link EventLoop#unretrievedExceptions()}: the records of a tracking loop never retrieved, oldest first. */
    List<ErrorContext> list() {
        if (!tracking) {
            throw new IllegalStateException("this loop does not track unretrieved exceptions");
        }
        List<ErrorContext> out = new ArrayList<>();
        for (Future.ExceptionLog log : all) {
            if (!log.retrieved) {
                out.add(log.context());
            }
        }
        return out;
    }

    /** At the loop's close: reports every record still outstanding to the exception handler. */
    void reportOutstanding() {
        for (Future.ExceptionLog log : outstanding.toArray(new Future.ExceptionLog[0])) {
            log.report();
        }
    }
}
