package io.jasyncio.debug;

/**
 * A debug-mode loop's metrics over JMX, as {@code io.jasyncio:type=EventLoop,name=EventLoop-N}
 * (see {@link LoopMetrics} for what each means).
 */
public interface LoopMetricsMXBean {

    /** @return see {@link LoopMetrics#lagSeconds()} */
    double getLagSeconds();

    /** @return see {@link LoopMetrics#maxLagSeconds()} */
    double getMaxLagSeconds();

    /** @return see {@link LoopMetrics#busySeconds()} */
    double getBusySeconds();

    /** @return see {@link LoopMetrics#idleSeconds()} */
    double getIdleSeconds();

    /** @return see {@link LoopMetrics#busyRatio()} */
    double getBusyRatio();

    /** @return see {@link LoopMetrics#turns()} */
    long getTurns();

    /** @return see {@link LoopMetrics#slowCallbacks()} */
    long getSlowCallbacks();

    /** @return see {@link LoopMetrics#tasksAlive()} */
    int getTasksAlive();

    /** @return see {@link LoopMetrics#timersPending()} */
    int getTimersPending();

    /** @return see {@link LoopMetrics#ioRegistrations()} */
    int getIoRegistrations();
}
