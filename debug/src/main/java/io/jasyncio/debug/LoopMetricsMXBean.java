package io.jasyncio.debug;

/**
 * A debug-mode loop's metrics over JMX, as {@code io.jasyncio:type=EventLoop,name=EventLoop-N}
 * (see {@link LoopMetrics} for what each means).
 */
public interface LoopMetricsMXBean {

    /**
     * See {@link LoopMetrics#lagSeconds()}.
     *
     * @return the value now
     */
    double getLagSeconds();

    /**
     * See {@link LoopMetrics#maxLagSeconds()}.
     *
     * @return the value now
     */
    double getMaxLagSeconds();

    /**
     * See {@link LoopMetrics#busySeconds()}.
     *
     * @return the value now
     */
    double getBusySeconds();

    /**
     * See {@link LoopMetrics#idleSeconds()}.
     *
     * @return the value now
     */
    double getIdleSeconds();

    /**
     * See {@link LoopMetrics#busyRatio()}.
     *
     * @return the value now
     */
    double getBusyRatio();

    /**
     * See {@link LoopMetrics#turns()}.
     *
     * @return the value now
     */
    long getTurns();

    /**
     * See {@link LoopMetrics#slowCallbacks()}.
     *
     * @return the value now
     */
    long getSlowCallbacks();

    /**
     * See {@link LoopMetrics#tasksAlive()}.
     *
     * @return the value now
     */
    int getTasksAlive();

    /**
     * See {@link LoopMetrics#timersPending()}.
     *
     * @return the value now
     */
    int getTimersPending();

    /**
     * See {@link LoopMetrics#ioRegistrations()}.
     *
     * @return the value now
     */
    int getIoRegistrations();
}
