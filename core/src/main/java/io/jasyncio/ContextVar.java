package io.jasyncio;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A context variable: Python's {@code contextvars.ContextVar} (PEP 567). Its value lives in the
 * current {@link Context}, so each task sees its own: a task starts with a copy of its creator's
 * values, and what it sets is invisible to its parent and its siblings. Create variables once, as
 * constants (Python declares them at module level); they are compared by identity.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");
 *
 * static String handle(String id) {
 *     REQUEST_ID.set(id);                  // this task only
 *     return log("handling");              // every call made from here sees it
 * }
 * static String log(String msg) { return "[" + REQUEST_ID.get() + "] " + msg; }
 *
 * gather(() -> handle("a"), () -> handle("b"));  // ["[a] handling", "[b] handling"]
 * REQUEST_ID.get();                              // "-": the tasks' values stayed in the tasks
 * }</pre>
 *
 * <p>None of the methods suspend. {@link #get()} reads the current context without allocating;
 * {@link #set} copies the (small) map of values of the current context (see {@link Context}).
 *
 * @param <T> the value type; null is a valid value
 */
public final class ContextVar<T> {

    private final String name;
    private final boolean hasDefault;
    private final T defaultValue;

    /**
     * A variable without a default: {@link #get()} throws until it is set. Python's
     * {@code ContextVar(name)}.
     *
     * @param name the name, for messages and debugging
     */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.hasDefault = false;
        this.defaultValue = null;
    }

    /**
     * A variable with a default, which {@link #get()} returns when the variable has no value in the
     * current context. Python's {@code ContextVar(name, default=...)}.
     *
     * @param name the name, for messages and debugging
     * @param defaultValue the default (may be null)
     */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.hasDefault = true;
        this.defaultValue = defaultValue;
    }

    /**
     * The name given at creation.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value in the current context; else the variable's default: Python's {@code var.get()}.
     *
     * @return the value
     * @throws NoSuchElementException if the variable has no value in the current context and no
     *     default (Python's {@code LookupError})
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.currentVars().find(this);
        if (v != Vars.MISSING) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException(this + " has no value in the current context and no default");
    }

    /**
     * The value in the current context; else {@code defaultValue} (even if the variable has a default
     * of its own): Python's {@code var.get(default)}.
     *
     * @param defaultValue what to return if the variable has no value in the current context
     * @return the value, or {@code defaultValue}
     */
    @SuppressWarnings("unchecked")
    public T get(T defaultValue) {
        Object v = Context.currentVars().find(this);
        return v != Vars.MISSING ? (T) v : defaultValue;
    }

    /**
     * Sets the value in the current context (the current task's, or this thread's), and returns a
     * token to undo it with {@link #reset}: Python's {@code var.set(value)}.
     *
     * <pre>{@code
     * Token<String> t = REQUEST_ID.set("r-1");
     * try {
     *     work();
     * } finally {
     *     REQUEST_ID.reset(t);
     * }
     * // or, as Python 3.14's "with var.set(value):"
     * try (var _ = REQUEST_ID.set("r-1")) {
     *     work();
     * }
     * }</pre>
     *
     * @param value the new value (may be null)
     * @return a token recording the previous value
     */
    public Token<T> set(T value) {
        Context ctx = Context.current();
        Vars before = ctx.vars;
        Token<T> token = new Token<>(this, ctx, before.find(this));
        ctx.vars = before.with(this, value);
        return token;
    }

    /**
     * Restores the value this variable had before the {@link #set} that returned {@code token}: the
     * previous value, or no value at all. Python's {@code var.reset(token)}. A token works once, in
     * the context where it was made.
     *
     * @param token the token {@link #set} returned
     * @throws IllegalStateException if the token was already used: "... has already been used once"
     *     (Python's {@code RuntimeError})
     * @throws IllegalArgumentException if the token was made by another variable ("... was created by
     *     a different ContextVar") or in another context ("... was created in a different Context"),
     *     Python's {@code ValueError}s, checked in that order
     */
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "token");
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context ctx = Context.current();
        if (token.context != ctx) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        token.used = true;
        Vars before = ctx.vars;
        ctx.vars = token.oldValue == Vars.MISSING ? before.without(this) : before.with(this, token.oldValue);
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (hasDefault ? " default=" + defaultValue : "") + ">";
    }

    /**
     * What {@link ContextVar#set} returns: the record of one change, to undo it with
     * {@link ContextVar#reset} or by closing the token (Python 3.14's {@code with var.set(v):}).
     * Python's {@code contextvars.Token}.
     *
     * <p>States: unused, then used (by {@code reset} or {@code close}); a used token cannot reset again.
     *
     * @param <T> the value type
     */
    public static final class Token<T> implements AutoCloseable {

        private final ContextVar<T> var;
        private final Context context;
        private final Object oldValue;
        private boolean used;

        private Token(ContextVar<T> var, Context context, Object oldValue) {
            this.var = var;
            this.context = context;
            this.oldValue = oldValue;
        }

        /**
         * The variable that made this token: Python's {@code token.var}.
         *
         * @return the variable
         */
        public ContextVar<T> var() {
            return var;
        }

        /**
         * Whether the variable had a value before the {@code set} (Python: {@code token.old_value} is
         * not {@code Token.MISSING}).
         *
         * @return true if there was a value to restore
         */
        public boolean hasOldValue() {
            return oldValue != Vars.MISSING;
        }

        /**
         * The value the variable had before the {@code set}: Python's {@code token.old_value}.
         *
         * @return the previous value (may be null)
         * @throws NoSuchElementException if it had none ({@code Token.MISSING} in Python)
         */
        @SuppressWarnings("unchecked")
        public T oldValue() {
            if (oldValue == Vars.MISSING) {
                throw new NoSuchElementException(var + " had no value before this set (Token.MISSING)");
            }
            return (T) oldValue;
        }

        /**
         * Resets the variable with this token: {@code var().reset(this)}. For try-with-resources.
         *
         * @throws IllegalStateException if the token was already used
         * @throws IllegalArgumentException if the current context is not the one the token was made in
         */
        @Override
        public void close() {
            var.reset(this);
        }

        @Override
        public String toString() {
            return "<Token" + (used ? " used" : "") + " var=" + var + ">";
        }
    }
}
