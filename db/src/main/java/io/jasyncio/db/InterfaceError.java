package io.jasyncio.db;

/**
 * A misuse of the API, found on the client side (asyncpg's {@code InterfaceError}): a connection
 * used after it was closed or released to its pool, two operations at once on one connection, a
 * wrong number of query arguments, a cursor outside a transaction on PostgreSQL, a feature the
 * database does not have (LISTEN on SQLite).
 */
public final class InterfaceError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with a message that names what was wrong.
     *
     * @param message the message
     */
    public InterfaceError(String message) {
        super(message);
    }
}
