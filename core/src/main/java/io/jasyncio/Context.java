package io.jasyncio;

import io.jasyncio.internal.Throw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A mapping from {@link ContextVar}s to values: Python's {@code contextvars.Context} (PEP 567).
 *
 * <p>Code always runs in a <em>current context</em>. Every task has its own: when a task is created
 * it gets a copy of the creator's current context ({@link EventLoop#createTask(Coroutine, String, Context)}
 * can give it another one), so a value set in a task is seen by everything that task runs, awaits
 * inline, and creates afterwards, and never by its parent or its siblings. Callbacks scheduled with
 * {@link EventLoop#callSoon} and its siblings run in a copy of the context current when they were
 * scheduled; {@link Asyncio#toThread} runs its function in a copy of the caller's. Outside tasks
 * (a plain thread, or the loop's thread between callbacks) each thread has a current context of its
 * own, empty at first.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");
 *
 * Context ctx = Context.copyContext();
 * ctx.run(() -> REQUEST_ID.set("r-42"));   // changes ctx, not the current context
 * ctx.get(REQUEST_ID);                     // "r-42"
 * REQUEST_ID.get();                        // "-"
 * }</pre>
 *
 * <h2>Mutability</h2>
 * The mapping cannot be changed through this class: {@link ContextVar#set} and
 * {@link ContextVar#reset} change the current context only, so a context changes only while it is
 * current (inside {@link #run}, or as a task's context), as in PEP 567. Copies are O(1) and
 * independent: the values live in an immutable map that {@code set} replaces (see {@link Vars} for
 * the costs).
 *
 * <h2>States</h2>
 * A context is <em>entered</em> while {@link #run} runs in it, or while a callback given it explicitly
 * runs; entering it again then, from any thread, throws {@link IllegalStateException}. A task does not
 * enter its context (it may be suspended for a long time): two tasks given the same context share its
 * values, and see each other's changes, as in asyncio.
 *
 * <h2>Threads</h2>
 * Reading ({@link #get}, {@link #size}, ...) is safe from any thread; a context is changed by the one
 * thread or task it is current in.
 */
public final class Context {

    private static final VarHandle ENTERED;

    static {
        try {
            ENTERED = MethodHandles.lookup().findVarHandle(Context.class, "entered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The current context of each thread that is not a task; null stands for a fresh empty one. */
    private static final ThreadLocal<Slot> THREAD = ThreadLocal.withInitial(Slot::new);

    /** Where a thread keeps its current context; the loop caches its own (see {@link Handle}). */
    static final class Slot {
        /** The current context, or null for a fresh empty one not created yet. */
        Context context;
    }

    volatile Vars vars;
    @SuppressWarnings("unused") // accessed through ENTERED
    private volatile boolean entered;

    /** Creates an empty context: Python's {@code contextvars.Context()}. */
    public Context() {
        this(Vars.EMPTY);
    }

    private Context(Vars vars) {
        this.vars = vars;
    }

    // ------------------------------------------------------------------------------------------
    // The current context

    /**
     * A copy of the current context: Python's {@code contextvars.copy_context()}. O(1).
     *
     * @return a new context with the current values
     */
    public static Context copyContext() {
        return new Context(currentVars());
    }

    /** The values of the current context; no allocation (the fast path of {@link ContextVar#get}). */
    static Vars currentVars() {
        Task<?> t = Task.currentOrNull();
        Context c = t != null ? t.context : THREAD.get().context;
        return c == null ? Vars.EMPTY : c.vars;
    }

    /** The current context itself, created if it is still the implicit empty one. */
    static Context current() {
        Task<?> t = Task.currentOrNull();
        if (t != null) {
            Context c = t.context;
            if (c == null) {
                t.context = c = new Context();
            }
            return c;
        }
        Slot s = THREAD.get();
        Context c = s.context;
        if (c == null) {
            s.context = c = new Context();
        }
        return c;
    }

    /**
     * What a task or a callback created now runs in: a copy of the current context, or null (a fresh
     * empty context, created on demand) when the current one is empty, so that code that never uses
     * context variables never allocates one.
     */
    static Context captureOrNull() {
        Vars v = currentVars();
        return v == Vars.EMPTY ? null : new Context(v);
    }

    /** The current thread's slot; the loop caches its own to run callbacks without a lookup. */
    static Slot slotOfCurrentThread() {
        return THREAD.get();
    }

    // ------------------------------------------------------------------------------------------
    // Running code in a context

    /**
     * Runs {@code fn} with this context as the current one, and returns its result: Python's
     * {@code Context.run}. Every {@link ContextVar#set} that {@code fn} makes changes this context,
     * and is visible afterwards through {@link #get} and to the next {@code run}; the caller's context
     * is restored when {@code fn} returns or throws. Inside a task, {@code fn} may suspend: the task
     * stays in this context until {@code fn} ends (other tasks are not affected).
     *
     * <p>Cancel safety: {@code fn} runs inline, so a cancellation reaches it as it would the caller;
     * the caller's context is restored either way.
     *
     * @param <T> the result type
     * @param fn what to run
     * @return what {@code fn} returns
     * @throws IllegalStateException if this context is already entered (by a {@code run} in progress,
     *     here or in another thread, or because it is the current context of this task or thread):
     *     "cannot enter context: ... is already entered"
     * @throws RuntimeException (or any throwable, checked or not) what {@code fn} throws, unchanged
     */
    public <T> T run(Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        Task<?> t = Task.currentOrNull();
        Slot s = t == null ? THREAD.get() : null;
        Context prev = t != null ? t.context : s.context;
        if (prev == this) {
            throw alreadyEntered();
        }
        enter();
        if (t != null) {
            t.context = this;
        } else {
            s.context = this;
        }
        try {
            return fn.call();
        } catch (Exception e) {
            throw Throw.sneaky(e);
        } finally {
            if (t != null) {
                t.context = prev;
            } else {
                s.context = prev;
            }
            exit();
        }
    }

    /** Marks this context entered; see the class comment. */
    void enter() {
        if (!ENTERED.compareAndSet(this, false, true)) {
            throw alreadyEntered();
        }
    }

    void exit() {
        entered = false;
    }

    private IllegalStateException alreadyEntered() {
        return new IllegalStateException("cannot enter context: " + this + " is already entered");
    }

    // ------------------------------------------------------------------------------------------
    // Reading the mapping

    /**
     * The value of {@code var} in this context, or null if it has none here (the variable's default
     * is not consulted): Python's {@code ctx.get(var)}.
     *
     * @param <T> the value type
     * @param var the variable
     * @return its value here, or null
     */
    public <T> T get(ContextVar<T> var) {
        return get(var, null);
    }

    /**
     * The value of {@code var} in this context, or {@code defaultValue} if it has none here: Python's
     * {@code ctx.get(var, default)}.
     *
     * @param <T> the value type
     * @param var the variable
     * @param defaultValue what to return if {@code var} has no value here
     * @return its value here, or {@code defaultValue}
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var, T defaultValue) {
        Object v = vars.find(Objects.requireNonNull(var, "var"));
        return v == Vars.MISSING ? defaultValue : (T) v;
    }

    /**
     * Whether {@code var} has a value in this context: Python's {@code var in ctx}.
     *
     * @param var the variable
     * @return true if it was set here (or in the context this one was copied from)
     */
    public boolean containsKey(ContextVar<?> var) {
        return vars.find(Objects.requireNonNull(var, "var")) != Vars.MISSING;
    }

    /**
     * The number of variables with a value in this context: Python's {@code len(ctx)}.
     *
     * @return the number of variables set
     */
    public int size() {
        return vars.size();
    }

    /**
     * A snapshot of this context as an unmodifiable map, in the order the variables were first set:
     * Python's {@code ctx.items()}. Later changes of this context do not show in it.
     *
     * @return the variables and their values (values may be null)
     */
    public Map<ContextVar<?>, Object> asMap() {
        return vars.toMap();
    }

    /**
     * A new context with the same values: Python's {@code ctx.copy()}. O(1).
     *
     * @return the copy
     */
    public Context copy() {
        return new Context(vars);
    }

    @Override
    public String toString() {
        return "<Context " + vars.toMap() + " @" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
