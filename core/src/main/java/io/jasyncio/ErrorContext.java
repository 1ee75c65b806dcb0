package io.jasyncio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the loop's exception handler is told about an error nobody else could handle: the Java shape
 * of asyncio's exception-handler context dictionary. The keys asyncio always uses are components;
 * the others ({@code "source_traceback"}, {@code "protocol"}, {@code "transport"}, ...) are in
 * {@link #extra()}, and {@link #get(String)} reads any key by asyncio's name, so a handler that routes
 * on {@code context["message"]} or {@code context.get("future")} reads the same here.
 *
 * @param message what happened, for a human (asyncio's fixed wording, e.g. "Task exception was never
 *     retrieved"; details are in the other keys)
 * @param exception the error, or null
 * @param future the future or task involved, or null
 * @param handle the callback handle involved, or null
 * @param extra the other keys of asyncio's context, by asyncio's names; never null, unmodifiable
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle,
                           Map<String, Object> extra) {

    /**
     * Copies {@code extra} (null means none).
     *
     * @param message what happened
     * @param exception the error, or null
     * @param future the future or task involved, or null
     * @param handle the callback handle involved, or null
     * @param extra the other keys, or null
     */
    public ErrorContext {
        extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /**
     * A context with asyncio's four usual keys only.
     *
     * @param message what happened
     * @param exception the error, or null
     * @param future the future or task involved, or null
     * @param handle the callback handle involved, or null
     */
    public ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {
        this(message, exception, future, handle, Map.of());
    }

    /**
     * The value of a key, by asyncio's name: {@code "message"}, {@code "exception"}, {@code "future"},
     * {@code "handle"}, or one of {@link #extra()}.
     *
     * @param key the key
     * @return its value, or null if absent
     */
    public Object get(String key) {
        return switch (key) {
            case "message" -> message;
            case "exception" -> exception;
            case "future" -> future;
            case "handle" -> handle;
            default -> extra.get(key);
        };
    }

    /** The default exception handler's text: the message, the future or task, the handle and the extras. */
    String describe() {
        StringBuilder sb = new StringBuilder(message);
        if (future != null) {
            sb.append("\n  future: ").append(future);
        }
        if (handle != null) {
            sb.append("\n  handle: ").append(handle);
        }
        extra().forEach((key, value) -> {
            if (!key.equals("source_traceback")) {
                sb.append("\n  ").append(key).append(": ").append(value);
            }
        });
        return sb.toString();
    }
}
