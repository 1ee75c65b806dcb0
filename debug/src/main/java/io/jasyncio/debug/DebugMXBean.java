package io.jasyncio.debug;

/**
 * jasyncio's JMX view of a JVM, registered as {@code io.jasyncio:type=Debug} once a loop exists.
 * {@code ./jasyncio ps} reads it from outside.
 */
public interface DebugMXBean {

    /**
     * The pending tasks of every loop of this JVM, as JSON: {@code {"tasks":[{"id":..,"name":..,
     * "loop":..,"awaiting":..,"awaitsId":..,"creatorId":..}]}}.
     *
     * @return the table
     */
    String getTaskTable();
}
