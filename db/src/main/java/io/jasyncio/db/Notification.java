package io.jasyncio.db;

/**
 * A PostgreSQL {@code NOTIFY} received by a {@link Listener}: what asyncpg passes to a listener
 * callback.
 *
 * @param pid the process id of the server backend that sent it
 * @param channel the channel
 * @param payload the payload ({@code ""} when none was given)
 */
public record Notification(int pid, String channel, String payload) {
}
