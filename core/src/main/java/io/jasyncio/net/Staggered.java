package io.jasyncio.net;

import io.jasyncio.internal.Kernel;
import io.jasyncio.internal.KernelAccess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.KeyboardInterrupt;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.TimeoutError;
import io.jasyncio.sync.Event;

/**
 * Runs attempts with staggered starts and keeps the first to succeed: CPython's
 * {@code staggered.staggered_race} (3.12+, on a task group), the engine of Happy Eyeballs (RFC 8305).
 *
 * <p>The first attempt starts at once; each next one starts when the delay has passed since the one
 * before started, or as soon as that one fails, whichever comes first. The first attempt to succeed
 * wins: the others still running are cancelled and awaited, so their clean-up (closing a socket) is
 * done when {@link #race} returns. A rival that succeeds in the same loop turn as the winner, before
 * its cancellation arrives, hands its result to {@code discard}; so does the winner if the race
 * itself is cancelled. Nothing an attempt opens outlives the race unless it is the result.
 *
 * <p>Cancel safety: cancelling the task that runs the race cancels and awaits every attempt (the task
 * group's rule), discards a winner, and raises {@link CancelledError}.
 */
final class Staggered {

    private static final KernelAccess KERNEL = Kernel.access();

    private Staggered() {
    }

    /**
     * How a race ended.
     *
     * @param <T> the result type
     * @param winner the winning result, or null
     * @param index the winner's index in the attempts, or -1 if none succeeded
     * @param errors one entry per attempt started, in order: its error, or null (the winner's)
     */
    record Outcome<T>(T winner, int index, List<Throwable> errors) {
    }

    /**
     * Runs the race; see the class comment. Attempts must return only on success and raise otherwise.
     *
     * @param attempts the attempts, in order of preference
     * @param delay seconds between starts (finite, at least 0)
     * @param discard releases a result that arrived too late, or the winner's if the race is cancelled
     * @return the outcome
     * @throws CancelledError if the running task is cancelled
     */
    static <T> Outcome<T> race(List<? extends Coroutine<? extends T>> attempts, double delay,
                               Consumer<? super T> discard) {
        Race<T> race = new Race<>(attempts, discard);
        try {
            Asyncio.taskGroup(tg -> race.start(tg, delay));
        } catch (ExceptionGroup eg) {
            // The winner ends the group by raising Won, as CPython's _Done; anything else is real.
            if (race.index < 0 || !eg.exceptions().stream().allMatch(e -> e instanceof Won)) {
                race.discardWinner();
                throw eg;
            }
        } catch (RuntimeException | Error e) {
            race.discardWinner();
            throw e;
        }
        return new Outcome<>(race.winner, race.index, Collections.unmodifiableList(race.errors));
    }

    /** Raised by the winning attempt to end the task group (no stack trace: it is control flow). */
    private static final class Won extends RuntimeException {
        Won() {
            super("a staggered attempt won", null, false, false);
        }
    }

    private static final class Race<T> {
        private final List<? extends Coroutine<? extends T>> attempts;
        private final Consumer<? super T> discard;
        final List<Throwable> errors = new ArrayList<>();
        T winner;
        int index = -1;

        Race(List<? extends Coroutine<? extends T>> attempts, Consumer<? super T> discard) {
            this.attempts = attempts;
            this.discard = discard;
        }

        /** The group's body: starts each attempt, then waits for the delay or that attempt's failure. */
        Void start(TaskGroup tg, double delay) {
            for (int i = 0; i < attempts.size(); i++) {
                Event failed = new Event();
                errors.add(null);
                int me = i;
                tg.createTask(() -> runOne(me, failed));
                if (i + 1 < attempts.size()) {
                    try {
                        Asyncio.waitFor(() -> {
                            failed.await();
                            return null;
                        }, delay);
                    } catch (TimeoutError e) {
                        // The delay passed first: start the next attempt alongside.
                    }
                }
            }
            return null;
        }

        /** One attempt, in a task of the group: records its failure, or wins (or is discarded if late). */
        private Void runOne(int me, Event failed) {
            T result;
            try {
                result = attempts.get(me).call();
            } catch (KeyboardInterrupt | VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                Task<?> task = KERNEL.currentTask("race");
                CancelledError ce = KERNEL.cancellationFor(task, e); // an interrupted JDK call is a cancellation
                if (ce != null) {
                    throw ce;
                }
                if (e instanceof CancelledError c && task.cancelling() > 0) {
                    throw c; // the race cancelled this attempt
                }
                errors.set(me, e);
                failed.set();
                return null;
            }
            if (index >= 0) {
                discard.accept(result); // a rival won in this same turn
                return null;
            }
            winner = result;
            index = me;
            throw new Won();
        }

        void discardWinner() {
            if (index >= 0) {
                discard.accept(winner);
            }
        }
    }
}
