package io.jasyncio;

import java.util.ArrayList;
import java.util.List;

/**
 * The loop's pending tasks, as an intrusive doubly linked list through {@code Task.prevTask/nextTask}:
 * the loop's strong references to them (a task nobody else references still runs to its end), with
 * O(1) add and remove and no allocation (ADR 0005). Loop-confined.
 */
final class TaskList {

    private Task<?> first;
    private int size;

    void add(Task<?> t) {
        Task<?> head = first;
        t.nextTask = head;
        if (head != null) {
            head.prevTask = t;
        }
        first = t;
        size++;
    }

    void remove(Task<?> t) {
        Task<?> p = t.prevTask;
        Task<?> n = t.nextTask;
        if (p != null) {
            p.nextTask = n;
        } else if (first == t) {
            first = n;
        }
        if (n != null) {
            n.prevTask = p;
        }
        t.prevTask = null;
        t.nextTask = null;
        size--;
    }

    int size() {
        return size;
    }

    /**
     * Whether a task is parked neither awaiting a future nor sleeping: parked in a JDK blocking call (a lock, a
     * blocking socket, {@code Thread.sleep}), which only another thread ends. Called when the loop is idle, so
     * no task is running or ready.
     */
    boolean anyBlockedElsewhere() {
        for (Task<?> t = first; t != null; t = t.nextTask) {
            if (t.waitingOn == null && t.sleepTimer == null) {
                return true;
            }
        }
        return false;
    }

    /** A snapshot, newest first. */
    List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>(size);
        for (Task<?> t = first; t != null; t = t.nextTask) {
            out.add(t);
        }
        return out;
    }
}
