package io.jasyncio.sync;

import io.jasyncio.CancelledError;

/**
 * A flag that tasks can wait for: asyncio's {@code Event} (CPython 3.13 {@code Lib/asyncio/locks.py}).
 * {@link #set()} sets it and wakes every waiting task, {@link #clear()} resets it, {@link #await()}
 * waits until it is set.
 *
 * <pre>{@code
 * Event ready = new Event();
 * createTask(() -> { ready.await(); return start(); });
 * ...
 * ready.set();
 * }</pre>
 *
 * <p><b>{@code await()}, not {@code wait()}</b>: Java's {@code Object.wait()} is final, so asyncio's
 * {@code wait()} is named {@code await()} here (as in {@code java.util.concurrent}). Beware:
 * {@code event.wait()} still compiles, and throws {@link IllegalMonitorStateException}.
 *
 * <h2>States</h2>
 * <table>
 * <caption>Event states</caption>
 * <tr><th>state</th><th>entered by</th><th>{@link #await()}</th></tr>
 * <tr><td>unset</td><td>creation; {@link #clear()}</td><td>waits</td></tr>
 * <tr><td>set</td><td>{@link #set()}</td><td>returns at once</td></tr>
 * </table>
 * A task woken by {@code set()} returns even if the event is cleared before it runs (asyncio).
 *
 * <h2>Loop and threads</h2>
 * The event binds to the loop of the first task that waits on it. Loop-confined: from another thread,
 * {@code loop.callSoonThreadsafe(event::set)}.
 */
public final class Event {

    /**
     * A snapshot of an event's state (trio's {@code statistics()}).
     *
     * @param set whether the flag is set
     * @param tasksWaiting tasks waiting in {@link #await()}, not counting those already woken
     */
    public record Statistics(boolean set, int tasksWaiting) {
    }

    private boolean value;
    private final ParkingLot lot = new ParkingLot(this, ParkingLot.EVERYONE_WOKEN);

    /** Creates an unset event: {@code asyncio.Event()}. */
    public Event() {
    }

    /**
     * Whether the flag is set: {@code event.is_set()}.
     *
     * @return true if set
     */
    public boolean isSet() {
        return value;
    }

    /**
     * Sets the flag and wakes every waiting task, longest-waiting first. Does nothing if already set.
     * Never suspends.
     */
    public void set() {
        if (!value) {
            value = true;
            lot.unparkAll();
        }
    }

    /** Resets the flag: later calls to {@link #await()} wait until the next {@link #set()}. */
    public void clear() {
        value = false;
    }

    /**
     * Waits until the flag is set: {@code await event.wait()}. Returns at once if it is set.
     *
     * <p>Cancel safety: cancelling the waiting task throws {@link CancelledError} and changes nothing:
     * the flag keeps its value, and the other waiters are not affected (even if {@code set()} had
     * already woken this task, the others were woken too).
     *
     * @throws CancelledError if the task is cancelled while waiting
     * @throws IllegalStateException if it must wait and is not called from a task, or from a task of
     *     another loop than the event's
     */
    public void await() {
        if (!value) {
            lot.park(lot.bind("Event.await()"));
        }
    }

    /**
     * A snapshot of the event's state.
     *
     * @return whether it is set, and how many tasks wait
     */
    public Statistics statistics() {
        return new Statistics(value, lot.waiting());
    }

    /**
     * A description in the style of asyncio's repr: {@code <Event [unset, waiters:1]>}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return lot.describe(value ? "set" : "unset");
    }
}
