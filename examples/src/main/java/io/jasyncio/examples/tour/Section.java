package io.jasyncio.examples.tour;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.VirtualClock;

import java.io.PrintStream;
import java.util.Objects;

/**
 * One stop of the tour ({@link Demo}): a seed example under a header, with a short id for
 * {@code --only}.
 *
 * @param id a short name for {@code --only} (for example {@code gather-fetch})
 * @param title the header: the seed section and what the example shows
 * @param program runs the example
 */
public record Section(String id, String title, Program program) {

    /** Checks the components. */
    public Section {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(program, "program");
    }

    /**
     * An example's body: it runs inside a task, as the {@code main()} coroutine of the seed.
     */
    @FunctionalInterface
    public interface Example {
        /**
         * Runs the body.
         *
         * @param out where the example prints
         * @throws Exception whatever the example lets escape
         */
        void run(PrintStream out) throws Exception;
    }

    /**
     * A whole program: it starts its own loops with {@link Env#loop()} (or none, for synchronous code).
     */
    @FunctionalInterface
    public interface Program {
        /**
         * Runs the program.
         *
         * @param out where the example prints
         * @param env real or virtual time
         * @throws Exception whatever the example lets escape
         */
        void run(PrintStream out, Env env) throws Exception;
    }

    /**
     * A section whose body runs as the main coroutine of a fresh loop: {@code asyncio.run(main())}.
     *
     * @param id the short name
     * @param title the header
     * @param body the body
     * @return the section
     */
    public static Section of(String id, String title, Example body) {
        return new Section(id, title, (out, env) -> env.runMain(out, body));
    }

    /**
     * A section that is a whole program.
     *
     * @param id the short name
     * @param title the header
     * @param program the program
     * @return the section
     */
    public static Section program(String id, String title, Program program) {
        return new Section(id, title, program);
    }

    /**
     * Where a section runs: on real time, or on virtual time ({@code --fast}, tests), where every loop
     * of the section shares one {@link VirtualClock} and synchronous sleeps are {@link SyncClock#simulated()}.
     *
     * @param clock the virtual clock, or null for real time
     * @param sync the clock of synchronous code
     */
    public record Env(VirtualClock clock, SyncClock sync) {

        /** Checks the components. */
        public Env {
            Objects.requireNonNull(sync, "sync");
        }

        /**
         * Real time: what the seeds show.
         *
         * @return a real-time environment
         */
        public static Env real() {
            return new Env(null, SyncClock.system());
        }

        /**
         * Virtual time, starting at zero.
         *
         * @return a fresh virtual-time environment
         */
        public static Env virtual() {
            return new Env(new VirtualClock(), SyncClock.simulated());
        }

        /**
         * Whether this runs on virtual time.
         *
         * @return true for {@link #virtual()}
         */
        public boolean isVirtual() {
            return clock != null;
        }

        /**
         * A builder for a loop on this environment's time.
         *
         * @return a new builder
         */
        public EventLoop.Builder loop() {
            EventLoop.Builder b = EventLoop.builder();
            return clock == null ? b : b.virtualClock(clock);
        }

        /**
         * Runs {@code body} as the main coroutine of a fresh loop on this environment's time:
         * {@code asyncio.run(main())}.
         *
         * @param out where the body prints
         * @param body the body
         */
        public void runMain(PrintStream out, Example body) {
            Asyncio.run(loop(), () -> {
                body.run(out);
                return null;
            });
        }

        /**
         * How long a blocking call in a worker thread ({@code time.sleep(s)} inside {@code to_thread})
         * really blocks: {@code seconds} on real time, a few milliseconds on virtual time, because a
         * virtual clock stands still while outside work runs and the tour should stay fast.
         *
         * @param seconds what the seed sleeps
         * @return what to sleep here
         */
        public double blocking(double seconds) {
            return clock == null ? seconds : Math.min(seconds, 0.005);
        }

        /**
         * Time so far: virtual time plus simulated synchronous time, or the real monotonic clock.
         *
         * @return seconds
         */
        public double now() {
            return clock == null ? sync.now() : clock.time() + sync.now();
        }
    }
}
