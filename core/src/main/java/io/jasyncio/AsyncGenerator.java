package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A producer of values that suspends between them: Python's async generator, consumed with
 * {@code async for}. In jasyncio a task's code may suspend anywhere, so {@code async for} is a plain
 * for-each loop whose {@link #hasNext()} suspends, and {@code async with} is try-with-resources:
 *
 * <pre>{@code
 * static AsyncGenerator<Integer> ticker(int n) {          // async def ticker(n):
 *     return asyncGenerator(out -> {
 *         for (int i = 0; i < n; i++) {
 *             sleep(1);                                  //     await asyncio.sleep(1)
 *             out.yield(i);                              //     yield i
 *         }
 *     });
 * }
 *
 * try (AsyncGenerator<Integer> ticks = ticker(10)) {     // the generator is closed at the end
 *     for (int i : ticks) {                              // async for i in ticker(10):
 *         if (i == 3) break;                             // the body gets GeneratorExit at its yield
 *     }
 * }
 * }</pre>
 *
 * <h2>Semantics (as Python's)</h2>
 * <ul>
 * <li>Lazy: creating the generator runs nothing. The body runs only while a consumer waits in
 *     {@link #hasNext()}, from where it stopped up to its next {@link Emitter#yield}, then waits until
 *     the next {@code hasNext()}: one item at a time, no read-ahead, no buffering beyond that item.</li>
 * <li>An exception thrown by the body comes out of the consumer's {@code hasNext()} (or {@code next()})
 *     unchanged; then the generator is finished.</li>
 * <li>{@link #close()} (Python's {@code aclose()}) raises {@link GeneratorExit} in the body at the yield
 *     where it waits, and waits until the body has ended, so its {@code finally} blocks run and may
 *     await. Always consume inside try-with-resources, as Python code uses {@code aclosing}.</li>
 * <li>The body runs in the consumer's {@link Context}: it sees the consumer's context variables, and
 *     what it sets is seen by the consumer (a Python generator has no context of its own).</li>
 * <li>Cancelling the consuming task while it waits in {@code hasNext()} or {@code close()} raises the
 *     {@link CancelledError} inside the body, at its current await, and then in the consumer, as when
 *     the generator runs in the consumer's task. Timeouts of the consumer work the same way.</li>
 * </ul>
 *
 * <h2>How it runs</h2>
 * The body runs in a task of its own, started by the first {@code hasNext()}, that hands each item over
 * to the consumer through a rendezvous: the consumer awaits a step future the body completes at each
 * yield, and the body then awaits a resume future the next {@code hasNext()} completes. The step future
 * passes a cancellation of its awaiter on to the body's task instead of cancelling itself, so the
 * cancellation flows down as it does through an await of a task. What differs from Python:
 * {@link Asyncio#currentTask()} in the body is the generator's task, {@code currentEffectiveDeadline()}
 * there ignores the consumer's timeouts (they still reach the body as cancellations), and each item
 * costs two turns of the loop (Python's costs none). A generator left unclosed keeps its task waiting at
 * a yield; {@link Runner} cancels it at the end of {@code run} (where asyncio would {@code aclose} it),
 * and a test loop reports it as a leaked task. The alternative, running the body on its own virtual
 * thread that borrows the consumer's task identity, would match Python exactly but change the engine's
 * invariant that one task is one thread (docs/adr/0008-context-and-async-generators.md).
 *
 * <h2>States</h2>
 * <table>
 * <caption>AsyncGenerator states</caption>
 * <tr><th>state</th><th>entered by</th><th>{@code hasNext()}</th><th>{@code close()}</th></tr>
 * <tr><td>created</td><td>{@link #of}</td><td>starts the body</td><td>closed at once</td></tr>
 * <tr><td>suspended</td><td>the body yields</td><td>resumes the body</td>
 *     <td>{@link GeneratorExit} at the yield, waits for the body</td></tr>
 * <tr><td>running</td><td>a task in {@code hasNext()} or {@code close()}</td>
 *     <td colspan="2">{@link IllegalStateException}: "already running"</td></tr>
 * <tr><td>finished</td><td>the body returned or threw (the error is raised once)</td>
 *     <td>false</td><td>closed at once</td></tr>
 * <tr><td>closed</td><td>{@link #close()}</td><td>{@link IllegalStateException}</td><td>nothing</td></tr>
 * </table>
 *
 * <h2>Threads</h2>
 * Loop-confined, like a future: iterate it from tasks of one loop. One-shot, as in Python:
 * {@link #iterator()} returns this generator.
 *
 * @param <T> the item type
 */
public final class AsyncGenerator<T> implements Iterable<T>, Iterator<T>, AutoCloseable {

    /**
     * The body of a generator: Python's {@code async def} with {@code yield} in it.
     *
     * @param <T> the item type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Produces the items, handing each to {@link Emitter#yield}. Runs lazily, item by item.
         *
         * @param out where to yield the items
         * @throws Exception anything: it comes out of the consumer's {@code hasNext()}
         */
        void run(Emitter<T> out) throws Exception;
    }

    /**
     * What a {@link Body} yields its items to.
     *
     * @param <T> the item type
     */
    public static final class Emitter<T> {
        private final AsyncGenerator<T> gen;

        private Emitter(AsyncGenerator<T> gen) {
            this.gen = gen;
        }

        /**
         * Hands {@code value} to the consumer and suspends the body until the consumer asks for the
         * next item: Python's {@code yield value} in an async generator. Call it as
         * {@code out.yield(v)} ({@code yield} is a restricted identifier: it must be qualified).
         *
         * <p>Cancel safety: while the body waits here, a cancellation of the generator's task (such as
         * one passed on from the consumer) is raised here as {@link CancelledError}; the item was
         * already handed over.
         *
         * @param value the item (may be null)
         * @throws GeneratorExit if the consumer closed the generator: let it propagate
         * @throws CancelledError if the generator's task was cancelled while it waited
         * @throws IllegalStateException if called outside the body, or again after a
         *     {@link GeneratorExit} ("async generator ignored GeneratorExit")
         */
        public void yield(T value) {
            gen.emit(value);
        }
    }

    private final String name;
    private final Body<T> body;
    private EventLoop loop;
    /** The task running the body; null until the first {@link #hasNext()}. */
    private Task<Void> producer;
    /** Pending while the body waits at a yield; completed to resume it (with GeneratorExit to close). */
    private Future<Void> resume;
    /** Pending while a consumer waits for the body to yield or end; null otherwise. */
    private Step step;
    /** The task inside {@link #hasNext()} or {@link #close()}, or null. */
    private Task<?> running;
    private T item;
    private boolean hasItem;
    private boolean finished;
    /** How the body ended, until it is raised to the consumer. */
    private Throwable error;
    private boolean closing;
    private boolean closed;

    private AsyncGenerator(String name, Body<T> body) {
        this.name = name;
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * A generator that runs {@code body}; nothing runs until the first {@link #hasNext()}. Same as
     * {@link Asyncio#asyncGenerator}.
     *
     * @param <T> the item type
     * @param body the body
     * @return a new generator
     */
    public static <T> AsyncGenerator<T> of(Body<T> body) {
        return new AsyncGenerator<>(null, body);
    }

    /**
     * A generator whose body's task has the given name (thread dumps show it).
     *
     * @param <T> the item type
     * @param name the task's name, or null for {@code Task-N}
     * @param body the body
     * @return a new generator
     */
    public static <T> AsyncGenerator<T> of(String name, Body<T> body) {
        return new AsyncGenerator<>(name, body);
    }

    /**
     * This generator: it is its own iterator, and can be iterated once.
     *
     * @return this
     */
    @Override
    public Iterator<T> iterator() {
        return this;
    }

    /**
     * Waits until the body yields its next item or ends: the suspending half of Python's
     * {@code __anext__}. Returns at once if an item is already waiting.
     *
     * <p>Cancel safety: if the consuming task is cancelled while waiting, the cancellation is raised
     * inside the body; the {@link CancelledError} it ends with is then thrown here. A body that catches
     * it and yields makes this return true normally. An item yielded before the cancellation arrived is
     * not lost: it is returned by the next call.
     *
     * @return true if {@link #next()} has an item, false once the body has returned
     * @throws RuntimeException (or any throwable, checked or not) what the body threw, unchanged, once
     * @throws CancelledError if the consuming task (or the body's) was cancelled
     * @throws IllegalStateException if the generator is closed, if another task is iterating it at the
     *     same time ("asynchronous generator is already running"), from the body itself, or outside a
     *     task of the generator's loop
     */
    @Override
    public boolean hasNext() {
        checkOpen();
        if (!hasItem && !finished) {
            Task<?> me = enter("anext()");
            try {
                advance(me, null);
            } finally {
                running = null;
            }
        }
        if (hasItem) {
            return true;
        }
        raiseError();
        return false;
    }

    /**
     * The next item, waiting for it as {@link #hasNext()} does: Python's {@code await anext(gen)}.
     *
     * <p>Cancel safety: as {@link #hasNext()}.
     *
     * @return the item
     * @throws NoSuchElementException if the body has returned (Python's {@code StopAsyncIteration})
     * @throws RuntimeException (or any throwable) what the body threw
     * @throws CancelledError if the consuming task was cancelled
     * @throws IllegalStateException as {@link #hasNext()}
     */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the async generator is exhausted (StopAsyncIteration)");
        }
        T v = item;
        item = null;
        hasItem = false;
        return v;
    }

    /**
     * Closes the generator: Python's {@code aclose()}. If the body waits at a yield, raises
     * {@link GeneratorExit} there and waits until the body has ended, so that its {@code finally}
     * blocks run (they may await). A generator not started yet, or finished, is just marked closed.
     * Idempotent; try-with-resources calls it.
     *
     * <p>Cancel safety: if the closing task is cancelled while the body cleans up, the cancellation is
     * raised inside the body, and the {@link CancelledError} it ends with is thrown here. The generator
     * is closed either way.
     *
     * @throws RuntimeException (or any throwable, checked or not) what the body threw while closing,
     *     other than the {@link GeneratorExit}
     * @throws IllegalStateException if a task is iterating it right now ("already running"), or if the
     *     body yielded again instead of ending ("async generator ignored GeneratorExit")
     * @throws CancelledError if the closing task was cancelled
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (producer == null || finished) {
            if (running != null) {
                throw alreadyRunning("aclose()");
            }
            markClosed();
            error = null;
            return;
        }
        Task<?> me = enter("aclose()");
        closing = true;
        try {
            advance(me, new GeneratorExit());
        } finally {
            running = null;
            markClosed();
        }
        raiseError();
    }

    /**
     * {@link #close()} under its asyncio name.
     *
     * <p>Cancel safety: as {@link #close()}.
     *
     * @throws RuntimeException what the body threw while closing
     * @throws CancelledError if the closing task was cancelled
     */
    public void aclose() {
        close();
    }

    // ------------------------------------------------------------------------------------------
    // The rendezvous

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed: it cannot be iterated any more");
        }
    }

    private Task<?> enter(String what) {
        Task<?> me = Task.currentOrThrow("AsyncGenerator." + what);
        if (running != null) {
            throw alreadyRunning(what);
        }
        if (me == producer) {
            throw new IllegalStateException(what + ": an async generator cannot iterate itself");
        }
        if (loop != null && me.loop != loop) {
            throw new IllegalStateException(this + " belongs to another event loop");
        }
        running = me;
        return me;
    }

    private IllegalStateException alreadyRunning(String what) {
        return new IllegalStateException(what + ": asynchronous generator is already running (in " + running + ")");
    }

    /** Starts or resumes the body, then waits until it yields or ends. */
    private void advance(Task<?> me, Throwable toThrow) {
        Step s = new Step(me.loop);
        step = s;
        if (producer == null) {
            loop = me.loop;
            // The body shares the consumer's context object, as a Python generator runs in the caller's.
            producer = loop.createTask(this::produce, name, Context.current());
            producer.addInternalListener(this::onProducerDone);
        } else {
            Future<Void> r = resume;
            resume = null;
            if (toThrow != null) {
                r.setException(toThrow);
                r.markRetrieved(); // the body may be cancelled before it reads it
            } else {
                r.setResult(null);
            }
        }
        try {
            s.call();
        } finally {
            step = null;
        }
    }

    private Void produce() throws Exception {
        body.run(new Emitter<>(this));
        return null;
    }

    private void emit(T value) {
        if (producer == null || Task.currentOrNull() != producer) {
            throw new IllegalStateException("Emitter.yield() called outside the body of " + this);
        }
        if (closing) {
            throw new IllegalStateException("async generator ignored GeneratorExit");
        }
        Step s = step;
        if (s == null) {
            throw new IllegalStateException("Emitter.yield() with no consumer waiting: the task of " + this
                    + " was cancelled while it waited at a yield");
        }
        item = value;
        hasItem = true;
        Future<Void> r = loop.createFuture();
        resume = r;
        s.setResult(null);
        r.call();
    }

    private void onProducerDone(Future<?> f) {
        finished = true;
        resume = null;
        Throwable e = f.cancelled() ? f.makeCancelledError() : f.exception();
        error = closing && e instanceof GeneratorExit ? null : e;
        Step s = step;
        if (s != null && !s.done()) {
            s.setResult(null);
        }
    }

    private void raiseError() {
        Throwable e = error;
        if (e != null) {
            error = null;
            throw Throw.sneaky(e);
        }
    }

    private void markClosed() {
        closed = true;
        item = null;
        hasItem = false;
    }

    @Override
    public String toString() {
        String state = closed ? "closed" : finished ? "finished" : running != null ? "running"
                : producer == null ? "created" : "suspended";
        return "<AsyncGenerator" + (name != null ? " " + name : "") + " " + state + ">";
    }

    /**
     * What the consumer awaits: completed by the body when it yields or ends. A cancellation of the
     * consumer does not cancel it: it is passed on to the body's task (asyncio's await of a task passes
     * it on the same way), and the consumer wakes when the body has reacted.
     */
    private final class Step extends Future<Void> {
        Step(EventLoop loop) {
            super(loop);
        }

        @Override
        public boolean cancel(String msg) {
            if (done() || producer.done()) {
                return false;
            }
            producer.cancel(msg);
            return true;
        }
    }
}
