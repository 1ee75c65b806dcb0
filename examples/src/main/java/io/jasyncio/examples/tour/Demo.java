package io.jasyncio.examples.tour;

import io.jasyncio.examples.files.LogProcessor;
import io.jasyncio.examples.Basics;
import io.jasyncio.examples.Concurrency;
import io.jasyncio.examples.Timing;
import io.jasyncio.examples.Errors;
import io.jasyncio.examples.Timeouts;
import io.jasyncio.examples.ProducerConsumer;
import io.jasyncio.examples.Coordination;
import io.jasyncio.examples.Threads;
import io.jasyncio.examples.CpuParallel;
import io.jasyncio.examples.TaskGroups;
import io.jasyncio.examples.ContextVars;
import io.jasyncio.examples.StreamLines;
import io.jasyncio.examples.EchoServer;
import io.jasyncio.examples.ChatServer;
import io.jasyncio.examples.Gotchas;
import io.jasyncio.examples.debugging.BlockingTheLoop;

import io.jasyncio.examples.db.DbBasics;
import io.jasyncio.examples.db.ItemsApi;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.jasyncio.examples.web.FetchUsers;
import io.jasyncio.examples.web.Scraper;
import io.jasyncio.examples.web.StreamLinesHttp;

import static io.jasyncio.examples.tour.Py.f;

/**
 * The tour: every example of the seeds that needs no network, then the synchronization primitives,
 * threads in both directions, context variables, async generators, and streams over local sockets (an
 * echo server, a chat server), one after another, each under a
 * header naming its seed section or what it shows, and followed by the time it took.
 *
 * <pre>
 * ./jasyncio demo                 real time, as the seeds show it (about 48 s)
 * ./jasyncio demo --fast          the same lines on virtual time (about a second)
 * ./jasyncio demo --list          the sections
 * ./jasyncio demo --only gather   one section (by id, by title, or by a unique part of either)
 * </pre>
 *
 * Every example class ({@code ./jasyncio example Concurrency}) takes the same options for its own sections.
 */
public final class Demo {

    /** The HTTP servers' start and stop lines (INFO, as uvicorn's) would interleave with the tour's output. */
    private static final java.util.logging.Logger QUIET_SERVERS = java.util.logging.Logger.getLogger("io.jasyncio.http.server");

    private Demo() {
    }

    /**
     * Runs the tour.
     *
     * @param args {@code --fast}, {@code --list}, {@code --only NAME}
     */
    public static void main(String[] args) {
        launch("jasyncio tour", sections(), args);
    }

    /**
     * Every section of the tour, in order.
     *
     * @return the sections
     */
    public static List<Section> sections() {
        return Stream.of(Basics.sections(), Concurrency.sections(), Timing.sections(), Errors.sections(),
                        Timeouts.sections(), ProducerConsumer.sections(), Coordination.sections(),
                        Threads.sections(), CpuParallel.sections(), TaskGroups.sections(),
                        ContextVars.sections(), StreamLines.sections(), FetchUsers.sections(),
                        StreamLinesHttp.sections(), Scraper.sections(), EchoServer.sections(),
                        ChatServer.sections(), io.jasyncio.examples.web.UsersApi.sections(),
                        io.jasyncio.examples.web.WebChat.sections(), DbBasics.sections(),
                        ItemsApi.sections(), LogProcessor.sections(), Gotchas.sections(), BlockingTheLoop.sections())
                .flatMap(List::stream)
                .toList();
    }

    /**
     * The {@code main} of the tour and of every example class: parses the options, runs, exits with 1 if
     * an example failed or 2 on a usage error.
     *
     * @param name what is being run
     * @param sections its sections
     * @param args the command line
     */
    public static void launch(String name, List<Section> sections, String[] args) {
        QUIET_SERVERS.setLevel(java.util.logging.Level.WARNING); // no "serving N routes" lines between the sections
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status = run(name, sections, args, out);
        out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the options and runs the chosen sections.
     *
     * @param name what is being run
     * @param sections its sections
     * @param args the command line
     * @param out where everything is printed
     * @return 0 if all went well, 1 if an example failed, 2 on a usage error
     */
    public static int run(String name, List<Section> sections, String[] args, PrintStream out) {
        boolean fast = false;
        boolean list = false;
        List<Section> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fast" -> fast = true;
                case "--list" -> list = true;
                case "--only" -> {
                    if (i + 1 == args.length) {
                        System.err.println("--only needs a section name (see --list)");
                        return 2;
                    }
                    Section s = find(sections, args[++i]);
                    if (s == null) {
                        return 2;
                    }
                    chosen.add(s);
                }
                case "-h", "--help" -> {
                    out.println("options: --fast (virtual time), --list, --only NAME (repeatable)");
                    return 0;
                }
                default -> {
                    System.err.println("unknown option '" + args[i] + "' (try --fast, --list, --only NAME)");
                    return 2;
                }
            }
        }
        if (list) {
            int width = sections.stream().mapToInt(s -> s.id().length()).max().orElse(0);
            for (Section s : sections) {
                out.println(f("%-" + width + "s  %s", s.id(), s.title()));
            }
            return 0;
        }
        return tour(name, chosen.isEmpty() ? sections : chosen, fast, out);
    }

    /**
     * Runs {@code sections} in order, each on a fresh environment, and prints the time each one took.
     *
     * @param name what is being run
     * @param sections the sections
     * @param fast virtual time instead of real time
     * @param out where everything is printed
     * @return 0, or 1 if an example failed
     */
    public static int tour(String name, List<Section> sections, boolean fast, PrintStream out) {
        String time = fast ? "virtual time" : "real time";
        out.println(f("%s: %d example%s on %s%s", name, sections.size(), sections.size() == 1 ? "" : "s", time,
                fast ? "" : " (--fast: the same on virtual time)"));
        double total = 0;
        int failed = 0;
        for (Section s : sections) {
            out.println();
            out.println("== " + s.title() + " ==");
            Section.Env env = fast ? Section.Env.virtual() : Section.Env.real();
            double start = env.now();
            try {
                s.program().run(out, env);
            } catch (Exception | AssertionError e) {
                failed++;
                out.println("!! example failed: " + e);
                e.printStackTrace(out);
            }
            double elapsed = env.now() - start;
            total += elapsed;
            out.println(f("-- %.2f s", elapsed));
        }
        out.println();
        out.println(f("== done: %d example%s in %.1f s of %s%s ==", sections.size(),
                sections.size() == 1 ? "" : "s", total, time, failed == 0 ? "" : ", " + failed + " FAILED"));
        return failed == 0 ? 0 : 1;
    }

    private static Section find(List<Section> sections, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (Section s : sections) {
            if (s.id().equalsIgnoreCase(name) || s.title().equalsIgnoreCase(name)) {
                return s;
            }
        }
        List<Section> partial = sections.stream()
                .filter(s -> s.id().toLowerCase(Locale.ROOT).contains(key)
                        || s.title().toLowerCase(Locale.ROOT).contains(key))
                .toList();
        if (partial.size() == 1) {
            return partial.getFirst();
        }
        System.err.println(partial.isEmpty()
                ? "no section matches '" + name + "' (see --list)"
                : "'" + name + "' matches several sections: "
                        + String.join(", ", partial.stream().map(Section::id).toList()));
        return null;
    }
}
