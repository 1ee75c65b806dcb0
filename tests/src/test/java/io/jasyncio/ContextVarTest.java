package io.jasyncio;

import io.jasyncio.ContextVar.Token;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Context variables (PEP 567) and how asyncio carries them through tasks, callbacks and threads. */
class ContextVarTest {

    static final ContextVar<String> REQUEST = new ContextVar<>("request", "-");
    static final ContextVar<Integer> DEPTH = new ContextVar<>("depth");

    // ------------------------------------------------------------------------------------------
    // ContextVar, Token, reset

    @AsyncioTest
    void getFallsBackToTheArgumentThenTheDefaultThenThrows() {
        assertEquals("-", REQUEST.get());
        assertEquals("arg", REQUEST.get("arg"), "the argument wins over the variable's default");
        NoSuchElementException e = assertThrows(NoSuchElementException.class, DEPTH::get);
        assertEquals("<ContextVar name='depth'> has no value in the current context and no default", e.getMessage());
        assertEquals(7, DEPTH.get(7));
        assertNull(new ContextVar<String>("nullable", null).get(), "null is a valid default");
        DEPTH.set(null);
        assertNull(DEPTH.get(), "null is a valid value, not a missing one");
        assertNull(DEPTH.get(5));
    }

    @AsyncioTest
    void setReturnsATokenThatResetRestoresThePreviousValueOrNone() {
        Token<String> first = REQUEST.set("a");
        assertSame(REQUEST, first.var());
        assertFalse(first.hasOldValue());
        assertThrows(NoSuchElementException.class, first::oldValue);
        Token<String> second = REQUEST.set("b");
        assertEquals("a", second.oldValue());
        assertEquals("b", REQUEST.get());
        REQUEST.reset(second);
        assertEquals("a", REQUEST.get());
        REQUEST.reset(first);
        assertEquals("-", REQUEST.get(), "back to no value at all: the default shows again");
        assertFalse(Context.copyContext().containsKey(REQUEST));
        assertEquals("<Token used var=<ContextVar name='request' default=->>", first.toString());
    }

    @AsyncioTest
    void aTokenWorksOnce() {
        Token<String> t = REQUEST.set("a");
        REQUEST.reset(t);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> REQUEST.reset(t));
        assertEquals("<Token used var=<ContextVar name='request' default=->> has already been used once",
                e.getMessage());
    }

    @AsyncioTest
    void aTokenOfAnotherVariableIsRefused() {
        ContextVar<String> other = new ContextVar<>("other");
        Token<String> t = other.set("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> REQUEST.reset(t));
        assertEquals("<Token var=<ContextVar name='other'>> was created by a different ContextVar", e.getMessage());
        assertEquals("x", other.get(), "nothing changed");
        assertEquals("-", REQUEST.get());
        other.reset(t);
    }

    @AsyncioTest
    void aTokenFromAnotherContextIsRefused() {
        Token<String> inChild = await(createTask(() -> REQUEST.set("child")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> REQUEST.reset(inChild));
        assertEquals("<Token var=<ContextVar name='request' default=->> was created in a different Context",
                e.getMessage());
        Context ctx = Context.copyContext();
        Token<String> inCtx = ctx.run(() -> REQUEST.set("ctx"));
        assertThrows(IllegalArgumentException.class, () -> REQUEST.reset(inCtx));
        ctx.run(() -> {
            REQUEST.reset(inCtx);
            return null;
        });
        assertEquals("-", ctx.get(REQUEST, "-"));
    }

    @AsyncioTest
    void aTokenResetsWhenClosedAsInPython314() {
        try (var _ = REQUEST.set("inside")) {
            assertEquals("inside", REQUEST.get());
        }
        assertEquals("-", REQUEST.get());
    }

    // ------------------------------------------------------------------------------------------
    // Tasks

    @AsyncioTest
    void aTaskRunsInACopyOfItsCreatorsContextMadeWhenItIsCreated() {
        REQUEST.set("parent");
        Task<String> child = createTask(() -> {
            String seen = REQUEST.get();
            REQUEST.set("child");
            return seen + "/" + REQUEST.get();
        });
        REQUEST.set("parent, later"); // after the copy: the child does not see it
        assertEquals("parent/child", await(child));
        assertEquals("parent, later", REQUEST.get(), "the child's set stayed in the child");
    }

    @AsyncioTest
    void siblingsAreIsolatedAndEachSeesExactlyItsOwnValues() {
        REQUEST.set("main");
        List<String> results = gather(
                () -> handle("a", 0.3), () -> handle("b", 0.1), () -> handle("c", 0.2));
        assertEquals(List.of("a:a:a", "b:b:b", "c:c:c"), results);
        assertEquals("main", REQUEST.get());
        List<String> inGroup = taskGroup(tg -> {
            Task<String> x = tg.createTask(() -> handle("x", 0.2));
            Task<String> y = tg.createTask(() -> handle("y", 0.1));
            Task<String> inherits = tg.createTask(() -> REQUEST.get());
            return List.of(x.call(), y.call(), inherits.call());
        });
        assertEquals(List.of("x:x:x", "y:y:y", "main"), inGroup);
    }

    /** Sets the request id, suspends while siblings set theirs, reads it through an inline await. */
    private static String handle(String id, double delay) {
        REQUEST.set(id);
        String before = REQUEST.get();
        sleep(delay);
        String inline = await(() -> REQUEST.get());
        return before + ":" + inline + ":" + REQUEST.get();
    }

    @AsyncioTest
    void anInlineAwaitSharesTheTasksContext() {
        await(() -> {
            DEPTH.set(1);
            await(() -> DEPTH.set(DEPTH.get() + 1));
            return null;
        });
        assertEquals(2, DEPTH.get(), "a set in an awaited coroutine is the task's own set");
    }

    @AsyncioTest
    void aTaskGivenAContextRunsInItAndChangesIt() {
        Context ctx = new Context();
        Task<String> t = createTask(() -> {
            String before = REQUEST.get();
            REQUEST.set("from task");
            return before;
        }, "with-context", ctx);
        assertEquals("-", await(t), "an empty context: the default");
        assertEquals("from task", ctx.get(REQUEST), "the task's set landed in the context given");
        assertEquals("-", REQUEST.get());
        // Two tasks given one context share it (as in asyncio).
        Task<Void> writer = getRunningLoop().createTask(() -> {
            REQUEST.set("shared");
            return null;
        }, null, ctx);
        Task<String> reader = taskGroup(tg -> tg.createTask(() -> {
            sleep(0.1);
            return REQUEST.get();
        }, "reader", ctx));
        await(writer);
        assertEquals("shared", await(reader));
    }

    @Test
    void theMainTaskSeesTheCallersValuesAndARunnerKeepsOneContextAcrossRuns() throws Exception {
        ExecutorService plain = Executors.newSingleThreadExecutor();
        try {
            List<String> seen = plain.submit(() -> {
                REQUEST.set("caller");
                try (Runner runner = new Runner(EventLoop.builder().virtualClock(new VirtualClock()))) {
                    String first = runner.run(() -> {
                        String s = REQUEST.get();
                        REQUEST.set("set by the first run");
                        return s;
                    });
                    String second = runner.run(() -> REQUEST.get());
                    return List.of(first, second, REQUEST.get());
                }
            }).get();
            assertEquals(List.of("caller", "set by the first run", "caller"), seen);
        } finally {
            plain.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Callbacks and threads

    @AsyncioTest
    void callbacksRunInTheContextCurrentWhenTheyWereScheduled(EventLoop loop) {
        List<String> log = new ArrayList<>();
        REQUEST.set("at callSoon");
        loop.callSoon(() -> {
            log.add("soon " + REQUEST.get());
            REQUEST.set("set in a callback"); // stays in the callback's copy
        });
        loop.callLater(0.1, () -> log.add("later " + REQUEST.get()));
        loop.callAt(loop.time() + 0.2, () -> log.add("at " + REQUEST.get()));
        REQUEST.set("changed after scheduling");
        loop.callSoon(() -> log.add("second " + REQUEST.get()));
        sleep(0.3);
        assertEquals(List.of("soon at callSoon", "second changed after scheduling", "later at callSoon",
                "at at callSoon"), log);
        assertEquals("changed after scheduling", REQUEST.get());
    }

    @AsyncioTest
    void aCallbackGivenAContextRunsInItAndChangesIt(EventLoop loop) {
        Context ctx = new Context();
        ctx.run(() -> REQUEST.set("in ctx"));
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add(REQUEST.get());
            REQUEST.set("callback");
        }, ctx);
        loop.callLater(0.1, () -> log.add(REQUEST.get()), ctx);
        loop.callAt(loop.time() + 0.2, () -> log.add("at " + REQUEST.get()), ctx);
        sleep(0.3);
        assertEquals(List.of("in ctx", "callback", "at callback"), log);
        assertEquals("callback", ctx.get(REQUEST));
        assertEquals("-", REQUEST.get());
    }

    @AsyncioTest
    void aCallbackWhoseContextIsEnteredIsReportedAndDoesNotRun(EventLoop loop) {
        List<ErrorContext> errors = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> errors.add(c));
        Context ctx = new Context();
        List<String> log = new ArrayList<>();
        ctx.run(() -> {
            loop.callSoon(() -> log.add("ran"), ctx);
            sleep(0); // ctx is still entered by this task's run when the callback is due
            return null;
        });
        assertEquals(List.of(), log);
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().exception().getMessage().startsWith("cannot enter context: <Context"),
                errors.getFirst().exception().getMessage());
    }

    @AsyncioTest
    void aDoneCallbackRunsInTheContextCurrentWhenItWasAdded(EventLoop loop) {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        REQUEST.set("at add");
        f.addDoneCallback(x -> log.add("plain " + REQUEST.get()));
        Context ctx = new Context();
        f.addDoneCallback(x -> log.add("given " + REQUEST.get()), ctx);
        ContextVar<String> other = new ContextVar<>("other", "none");
        Task<Void> completer = createTask(() -> {
            REQUEST.set("at completion");
            other.set("completer's");
            f.setResult("done");
            return null;
        });
        await(completer);
        sleep(0);
        assertEquals(List.of("plain at add", "given -"), log);
        Future<String> g = loop.createFuture();
        Context empty = new Context();
        empty.run(() -> {
            g.addDoneCallback(x -> log.add("empty " + REQUEST.get() + " " + other.get()));
            return null;
        });
        await(createTask(() -> {
            other.set("completer's");
            g.setResult("done");
            return null;
        }));
        sleep(0);
        assertEquals("empty - none", log.getLast(), "an empty context is not the completer's");
        java.util.function.Consumer<Future<String>> removable = x -> log.add("removed");
        Future<String> h = loop.createFuture();
        h.addDoneCallback(removable);
        assertEquals(1, h.removeDoneCallback(removable), "a callback stored with its context is still removable");
    }

    @AsyncioTest
    void toThreadRunsInACopyOfTheCallersContextAndRunInExecutorDoesNot() {
        REQUEST.set("task");
        assertEquals("task", toThread(() -> REQUEST.get()));
        assertEquals("task then worker", toThread(() -> {
            String seen = REQUEST.get();
            REQUEST.set("worker");
            return seen + " then " + REQUEST.get();
        }));
        assertEquals("task", REQUEST.get(), "the worker's set stayed in its copy");
        // As asyncio's run_in_executor; and the workers' sets did not leak into the pool's next jobs.
        for (int i = 0; i < 8; i++) {
            assertEquals("-", runInExecutor(null, () -> REQUEST.get()));
        }
    }

    @AsyncioTest
    void callSoonThreadsafeCapturesTheCallingThreadsContext(EventLoop loop) {
        Future<String> seen = loop.createFuture();
        toThread(() -> {
            REQUEST.set("other thread");
            loop.callSoonThreadsafe(() -> seen.setResult(REQUEST.get()));
            return null;
        });
        assertEquals("other thread", await(seen));
        Context ctx = new Context();
        ctx.run(() -> REQUEST.set("given"));
        Future<String> given = loop.createFuture();
        toThread(() -> loop.callSoonThreadsafe(() -> given.setResult(REQUEST.get()), ctx));
        assertEquals("given", await(given));
    }

    @Test
    void outsideTasksEachThreadHasItsOwnContext() throws Exception {
        Token<String> t = REQUEST.set("junit thread");
        try {
            AtomicReference<String> other = new AtomicReference<>();
            Thread th = Thread.ofPlatform().start(() -> other.set(REQUEST.get()));
            th.join();
            assertEquals("-", other.get());
            assertEquals("junit thread", REQUEST.get());
            assertEquals("junit thread", Context.copyContext().get(REQUEST));
        } finally {
            REQUEST.reset(t);
        }
        assertEquals("-", REQUEST.get());
    }

    @Test
    void aCallbackOnTheLoopThreadDoesNotLeakItsSetsIntoTheNextOne() {
        List<String> log = TestLoop.run(() -> {
            EventLoop loop = getRunningLoop();
            List<String> l = new ArrayList<>();
            loop.callSoon(() -> {
                REQUEST.set("first callback");
                l.add(REQUEST.get());
            });
            loop.callSoon(() -> l.add(REQUEST.get()));
            sleep(0);
            return l;
        });
        assertEquals(List.of("first callback", "-"), log);
    }

    // ------------------------------------------------------------------------------------------
    // Context

    @AsyncioTest
    void contextRunChangesThatContextOnlyAndRestoresTheCallers() {
        REQUEST.set("outer");
        Context ctx = Context.copyContext();
        String inside = ctx.run(() -> {
            REQUEST.set("inner");
            DEPTH.set(1);
            sleep(0.1); // a run may suspend; the task stays in ctx meanwhile
            return REQUEST.get();
        });
        assertEquals("inner", inside);
        assertEquals("outer", REQUEST.get());
        assertThrows(NoSuchElementException.class, DEPTH::get);
        assertEquals("inner", ctx.get(REQUEST));
        assertEquals(1, ctx.get(DEPTH));
        assertEquals("inner", ctx.run(REQUEST::get), "the next run sees the earlier sets");
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> ctx.run(() -> ctx.run(() -> "nested")));
        assertTrue(again.getMessage().startsWith("cannot enter context: <Context"), again.getMessage());
        assertTrue(again.getMessage().endsWith("is already entered"), again.getMessage());
        Exception thrown = assertThrows(Exception.class, () -> ctx.run(() -> {
            throw new java.io.IOException("checked, unchanged");
        }));
        assertInstanceOf(java.io.IOException.class, thrown);
        assertEquals("inner", ctx.run(REQUEST::get), "a run that threw left the context usable");
    }

    @AsyncioTest
    void aContextIsAReadOnlyMappingAndCopiesAreIndependent() {
        Context empty = new Context();
        assertEquals(0, empty.size());
        assertNull(empty.get(REQUEST), "a context's get ignores the variable's default");
        assertEquals("d", empty.get(REQUEST, "d"));
        REQUEST.set("r");
        DEPTH.set(3);
        Context snapshot = Context.copyContext();
        assertEquals(2, snapshot.size());
        assertTrue(snapshot.containsKey(DEPTH));
        assertEquals(Map.of(REQUEST, "r", DEPTH, 3), snapshot.asMap());
        assertEquals(List.of(REQUEST, DEPTH), List.copyOf(snapshot.asMap().keySet()), "in the order first set");
        assertThrows(UnsupportedOperationException.class, () -> snapshot.asMap().clear());
        Context copy = snapshot.copy();
        copy.run(() -> REQUEST.set("changed in copy"));
        assertEquals("r", snapshot.get(REQUEST));
        assertEquals("changed in copy", copy.get(REQUEST));
        REQUEST.set("changed in task");
        assertEquals("r", snapshot.get(REQUEST), "a copy is a snapshot");
        assertTrue(snapshot.toString().startsWith("<Context {<ContextVar name='request' default=->=r, "),
                snapshot.toString());
    }

    @Test
    void getDoesNotAllocate() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Token<String> t = REQUEST.set("value");
        try {
            long sink = 0;
            for (int i = 0; i < 20_000; i++) { // warm up
                sink += REQUEST.get().length();
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                sink += REQUEST.get().length();
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 10_000, "get() allocated " + allocated + " bytes in 100k calls");
            assertEquals(600_000, sink);
        } finally {
            REQUEST.reset(t);
        }
    }
}
