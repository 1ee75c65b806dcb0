package io.jasyncio;

/**
 * What the loop's exception handler is told about an error nobody else could handle: the Java shape
 * of asyncio's exception-handler context dictionary.
 *
 * @param message what happened, for a human
 * @param exception the error, or null
 * @param future the future or task involved, or null
 * @param handle the callback handle involved, or null
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {
}
