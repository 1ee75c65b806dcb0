package io.jasyncio.db;

import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;

/**
 * A transaction, or a savepoint when one is already open on the connection (asyncpg's
 * {@code conn.transaction()}). It starts when {@link Connection#transaction()} returns; the block
 * must end with {@link #commit()}; leaving it without one rolls back, which is what a
 * try-with-resources does when the block throws or is cancelled:
 *
 * <pre>{@code
 * try (Transaction tx = conn.transaction()) {                 // async with conn.transaction():
 *     conn.execute("UPDATE accounts SET balance = balance - $1 WHERE id = $2", 10, from);
 *     conn.execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", 10, to);
 *     tx.commit();                                             // (Python commits at the block's end)
 * }
 * }</pre>
 *
 * <p>Java's try-with-resources cannot tell a normal exit from an exception, so the commit is
 * explicit, as in sqlx. Nested transactions are savepoints: committing one releases it, rolling it
 * back undoes only its work.
 *
 * <p>States: ACTIVE → COMMITTED | ROLLED_BACK (by {@link #rollback()}, {@link #close()}, a failed
 * commit, or the connection's release to its pool) | FAILED (the connection broke). Only ACTIVE
 * accepts {@code commit}/{@code rollback}.
 */
public final class Transaction implements AutoCloseable {

    /** SQL isolation levels; the default is the server's ({@code read committed} on PostgreSQL). */
    public enum Isolation {
        /** {@code READ COMMITTED}. */
        READ_COMMITTED,
        /** {@code REPEATABLE READ}. */
        REPEATABLE_READ,
        /** {@code SERIALIZABLE}. */
        SERIALIZABLE
    }

    /**
     * Options of a top-level transaction (asyncpg's {@code isolation}, {@code readonly},
     * {@code deferrable}); PostgreSQL only, except the defaults.
     *
     * @param isolation the isolation level, or null for the server's default
     * @param readonly {@code READ ONLY}
     * @param deferrable {@code DEFERRABLE} (with SERIALIZABLE and READ ONLY)
     */
    public record Options(Isolation isolation, boolean readonly, boolean deferrable) {

        /** @return the server's defaults */
        public static Options defaults() {
            return new Options(null, false, false);
        }

        /**
         * @param level the isolation level
         * @return these options with it
         */
        public Options withIsolation(Isolation level) {
            return new Options(level, readonly, deferrable);
        }

        /** @return these options, read only */
        public Options readOnly() {
            return new Options(isolation, true, deferrable);
        }

        /** @return these options, deferrable */
        public Options asDeferrable() {
            return new Options(isolation, readonly, true);
        }

        boolean isDefault() {
            return isolation == null && !readonly && !deferrable;
        }

        String sql() {
            StringBuilder b = new StringBuilder("SET TRANSACTION");
            String sep = " ";
            if (isolation != null) {
                b.append(sep).append("ISOLATION LEVEL ").append(isolation.name().replace('_', ' ').toLowerCase(Locale.ROOT));
                sep = ", ";
            }
            if (readonly) {
                b.append(sep).append("READ ONLY");
                sep = ", ";
            }
            if (deferrable) {
                b.append(sep).append("DEFERRABLE");
            }
            return b.toString();
        }
    }

    private enum State { ACTIVE, COMMITTED, ROLLED_BACK, FAILED }

    private final Connection owner;
    private final Session session;
    /** Null for the top-level transaction. */
    private final String savepoint;
    private State state = State.ACTIVE;

    private Transaction(Connection owner, Session session, String savepoint) {
        this.owner = owner;
        this.session = session;
        this.savepoint = savepoint;
    }

    /** Starts a transaction or savepoint. Cancel safety: see {@link Connection#transaction(Options)}. */
    static Transaction start(Connection owner, Session s, Options options) {
        Objects.requireNonNull(options, "options");
        boolean nested = !s.transactions.isEmpty();
        if (nested && !options.isDefault()) {
            throw new InterfaceError("a nested transaction (a savepoint) takes no isolation or read-only options");
        }
        if (!s.dialect.postgres() && !options.isDefault() && (options.readonly() || options.deferrable())) {
            throw new InterfaceError("SQLite transactions cannot be read-only or deferrable (they are always serializable)");
        }
        String sp = nested ? s.nextSavepoint() : null;
        s.run((c, call) -> {
            if (sp != null) {
                try (Statement st = c.createStatement()) {
                    call.statement = st;
                    st.execute("SAVEPOINT " + sp);
                }
                return null;
            }
            if (!s.dialect.idle(c)) {
                throw new InterfaceError("cannot start a transaction: one is already open on this connection"
                        + " (started by a BEGIN outside transaction())");
            }
            c.setAutoCommit(false);   // pgjdbc sends BEGIN with the next statement; sqlite-jdbc now
            if (s.dialect.postgres() && !options.isDefault()) {
                try (Statement st = c.createStatement()) {
                    call.statement = st;
                    st.execute(options.sql());
                } catch (java.sql.SQLException | RuntimeException e) {
                    Queries.rollbackQuietly(c);
                    c.setAutoCommit(true);
                    throw e;
                }
            }
            return null;
        });
        Transaction t = new Transaction(owner, s, sp);
        s.transactions.push(t);
        return t;
    }

    /**
     * Commits (or releases the savepoint).
     *
     * <p>Cancel safety: the COMMIT is cancelled on the server if it still runs (then, as for any
     * failed commit, the transaction is rolled back); if it completed, the data is committed. Either
     * way the transaction is over when this returns or throws.
     *
     * @throws InterfaceError if the transaction is over, or a nested one is still open
     * @throws DatabaseError if the commit failed (a deferred constraint; a serialization failure,
     *     {@link DatabaseError.SerializationError}): the transaction is then rolled back
     */
    public void commit() {
        checkActive("commit");
        finish(true);
    }

    /**
     * Rolls back (to the savepoint, for a nested transaction).
     *
     * <p>Cancel safety: the transaction is over either way; if the rollback could not run, the
     * connection is marked broken and closed, so no half-done work survives.
     *
     * @throws InterfaceError if the transaction is over, or a nested one is still open
     */
    public void rollback() {
        checkActive("rollback");
        finish(false);
    }

    /**
     * Ends the block: rolls back unless {@link #commit()} or {@link #rollback()} ran. Nothing happens
     * if the connection was released or broke meanwhile.
     *
     * <p>Cancel safety: as {@link #rollback()}.
     */
    @Override
    public void close() {
        if (state != State.ACTIVE) {
            return;
        }
        if (session.closed()) {
            state = State.FAILED;
            session.transactions.remove(this);
            return;
        }
        // An inner transaction left open by a non-LIFO close is rolled back with this one.
        while (session.transactions.peek() != this && !session.transactions.isEmpty()) {
            session.transactions.peek().close();
        }
        finish(false);
    }

    /** @return true while neither committed nor rolled back */
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    /** @return true for a savepoint inside another transaction */
    public boolean isNested() {
        return savepoint != null;
    }

    /** The connection was reset by its pool: it rolled back. */
    void abandon() {
        state = State.ROLLED_BACK;
    }

    private void checkActive(String what) {
        owner.session();
        if (state != State.ACTIVE) {
            throw new InterfaceError("cannot " + what + ": the transaction is already " + state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (session.transactions.peek() != this) {
            throw new InterfaceError("cannot " + what + ": a nested transaction inside it is still open");
        }
    }

    private void finish(boolean commit) {
        Session s = session;
        session.transactions.remove(this);
        state = State.ROLLED_BACK;
        if (session.closed()) {
            state = State.FAILED;
            return;
        }
        boolean ok = false;
        try {
            session.run((c, call) -> {
                if (savepoint != null) {
                    try (Statement st = c.createStatement()) {
                        call.statement = st;
                        if (!commit) {
                            st.execute("ROLLBACK TO SAVEPOINT " + savepoint);
                        }
                        st.execute("RELEASE SAVEPOINT " + savepoint);
                    }
                    return null;
                }
                try {
                    if (commit && s.dialect.failedTransaction(c)) {
                        // PostgreSQL answers COMMIT with ROLLBACK here, and pgjdbc does not say so
                        c.rollback();
                        throw DatabaseError.of(DatabaseError.Fields.of("25P02",
                                "the transaction failed earlier (an error inside it) and was rolled back, not committed"), null);
                    }
                    if (commit) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                } finally {
                    c.setAutoCommit(true);
                }
                return null;
            });
            ok = true;
        } finally {
            if (ok && commit) {
                state = State.COMMITTED;
            } else if (!ok && savepoint == null && !session.closed() && !idle()) {
                // a commit or rollback that could not run must not leave a transaction open for the next user
                session.markBroken("a transaction could not be ended");
                state = State.FAILED;
            }
        }
    }

    private boolean idle() {
        try {
            return session.dialect.idle(session.jdbc) && session.jdbc.getAutoCommit();
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "<Transaction " + (savepoint == null ? "" : savepoint + " ") + state.name().toLowerCase(Locale.ROOT) + ">";
    }
}
