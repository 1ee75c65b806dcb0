package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait(java.util.Collection, ReturnWhen, double)} returns: the futures that are
 * done and those still pending, asyncio's {@code (done, pending)} pair. Both sets are unmodifiable,
 * keep the order the futures were given in, and compare futures by identity.
 *
 * @param <T> the common result type of the futures
 * @param done the futures that are done (finished or cancelled)
 * @param pending the futures that are not done yet; they keep running
 */
public record Done<T>(Set<Future<T>> done, Set<Future<T>> pending) {
}
