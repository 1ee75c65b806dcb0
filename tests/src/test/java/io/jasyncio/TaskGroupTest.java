package io.jasyncio;

import io.jasyncio.testing.MainEngineOnly;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.Steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.jasyncio.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** {@link TaskGroup}: CPython's test_taskgroups.py, on virtual time, plus {@link TaskGroup#cancel()}. */
class TaskGroupTest {

    static final class MyExc extends RuntimeException {
        MyExc(String msg) {
            super(msg);
        }
    }

    private static Set<Class<?>> errorTypes(ExceptionGroup eg) {
        return eg.exceptions().stream().map(Object::getClass).collect(Collectors.toSet());
    }

    /** Sleeps, and counts the cancellation it sees. */
    private static Object sleepCounting(double seconds, AtomicInteger cancelled) {
        try {
            return sleep(seconds, null);
        } catch (CancelledError c) {
            cancelled.incrementAndGet();
            throw c;
        }
    }

    private static Object crashAfter(double seconds, RuntimeException e) {
        sleep(seconds);
        throw e;
    }

    @AsyncioTest
    void seedExampleWaitsForEveryTask(EventLoop loop) {
        // async with asyncio.TaskGroup() as tg:
        //     t1 = tg.create_task(foo1()); t2 = tg.create_task(foo2())
        AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
        AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
        taskGroup(tg -> {
            t1.set(tg.createTask(() -> sleep(0.1, 42)));
            t2.set(tg.createTask(() -> sleep(0.2, 11)));
            return null;
        });
        assertEquals(42, t1.get().result());
        assertEquals(11, t2.get().result());
        assertEquals(0.2, loop.time(), 1e-9);
    }

    @AsyncioTest
    void bodyResultIsReturnedAndTasksCanBeAddedLater(EventLoop loop) {
        String r = taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> sleep(0.1, 42));
            sleep(0.15);
            assertTrue(a.done());
            tg.createTask(() -> sleep(0.2, 11), "late");
            return "body";
        });
        assertEquals("body", r);
        assertEquals(0.35, loop.time(), 1e-9);
    }

    @AsyncioTest
    void aTaskCancelledExplicitlyDoesNotFailTheGroup() {
        AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
        taskGroup(tg -> {
            t1.set(tg.createTask(() -> sleep(1, 42)));
            sleep(0.15);
            t1.get().cancel();
            tg.createTask(() -> sleep(0.2, 11));
            return null;
        });
        assertTrue(t1.get().cancelled());
    }

    @AsyncioTest
    void firstFailureCancelsSiblingsAndTheBody(EventLoop loop) {
        AtomicInteger siblingsCancelled = new AtomicInteger();
        AtomicBoolean bodyCancelled = new AtomicBoolean();
        Steps steps = new Steps();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new ArithmeticException("/ by zero")));
            tg.createTask(() -> sleepCounting(5, siblingsCancelled));
            tg.createTask(() -> sleepCounting(5, siblingsCancelled));
            steps.expect(1);
            try {
                sleep(10);
            } catch (CancelledError c) {
                bodyCancelled.set(true);
                steps.expect(2);
                throw c;
            }
            fail("the body should have been cancelled");
            return null;
        }));
        steps.finish(3);
        assertEquals(0.1, loop.time(), 1e-9);
        assertEquals(2, siblingsCancelled.get(), "both siblings saw CancelledError");
        assertTrue(bodyCancelled.get());
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", eg.getMessage());
        assertEquals("unhandled errors in a TaskGroup", eg.message());
        assertEquals(0, currentTask().cancelling(), "the group withdrew its cancellation of the body");
        sleep(1); // and the body's task goes on normally
    }

    @AsyncioTest
    @MainEngineOnly
    void failureInterruptsABodyBlockedInAJdkCall(EventLoop loop) {
        // The group's cancel() of the body arrives as an interrupt: that is a cancellation, not an error.
        CountDownLatch never = new CountDownLatch(1);
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.5, new MyExc("child")));
            never.await();
            return null;
        }));
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertEquals(0.5, loop.time());
        assertEquals(0, currentTask().cancelling());
        sleep(1);
    }

    @AsyncioTest
    void twoFailuresAreReportedTogether() {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new MyExc("one")));
            tg.createTask(() -> crashAfter(0.1, new IllegalStateException("two")));
            tg.createTask(() -> sleep(10, null));
            return null;
        }));
        assertEquals("unhandled errors in a TaskGroup (2 sub-exceptions)", eg.getMessage());
        List<String> messages = eg.exceptions().stream().map(Throwable::getMessage).toList();
        assertEquals(List.of("one", "two"), messages, "in the order they happened");
        assertEquals(2, eg.getSuppressed().length);
        assertSame(eg.exceptions().get(0), eg.getSuppressed()[0]);
    }

    @AsyncioTest
    void bodyFailureCancelsTheTasksAndComesLast() {
        AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
        AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            t1.set(tg.createTask(() -> sleep(1, 42)));
            t2.set(tg.createTask(() -> sleep(2, 11)));
            sleep(0.1);
            throw new ArithmeticException("body");
        }));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertTrue(t1.get().cancelled());
        assertTrue(t2.get().cancelled());
        // Also without any suspension in the body (CPython test_taskgroup_10): tasks never start.
        assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            t1.set(tg.createTask(() -> sleep(1, 42)));
            throw new ArithmeticException("body");
        }));
        assertTrue(t1.get().cancelled());
    }

    @AsyncioTest
    @SuppressWarnings("finally") // the point: a finally block that throws
    void childErrorAndBodyErrorRaisedDuringTheCancellation() {
        // CPython test_taskgroup_19
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new ArithmeticException()));
            try {
                sleep(10);
            } finally {
                throw new MyExc("cleanup failed");
            }
        }));
        assertEquals(List.of(ArithmeticException.class, MyExc.class),
                eg.exceptions().stream().map(Object::getClass).toList());
    }

    @AsyncioTest
    void checkedExceptionsOfTasksAreGrouped() {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> {
                throw new java.io.IOException("disk");
            });
            return null;
        }));
        assertInstanceOf(java.io.IOException.class, eg.exceptions().get(0));
    }

    @AsyncioTest
    void nestedGroupOuterFailureCancelsTheInnerGroup() {
        // CPython test_taskgroup_13
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g1 -> {
            g1.createTask(() -> crashAfter(0.1, new MyExc("outer")));
            return taskGroup(g2 -> g2.createTask(() -> crashAfter(10, new MyExc("inner"))));
        }));
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertEquals("outer", eg.exceptions().get(0).getMessage());
    }

    @AsyncioTest
    void nestedGroupInnerFailureIsANestedGroup() {
        // CPython test_taskgroup_14
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g1 -> {
            g1.createTask(() -> crashAfter(10, new MyExc("outer")));
            return taskGroup(g2 -> g2.createTask(() -> crashAfter(0.1, new MyExc("inner"))));
        }));
        assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg));
        ExceptionGroup inner = (ExceptionGroup) eg.exceptions().get(0);
        assertEquals("inner", inner.exceptions().get(0).getMessage());
    }

    @AsyncioTest
    void nestedGroupsBothCancelledKeepTheCancellingLevel() {
        // CPython test_nested_groups_both_cancelled
        ExceptionGroup outerEg = assertThrows(ExceptionGroup.class, () -> taskGroup(outerTg -> {
            ExceptionGroup innerEg = assertThrows(ExceptionGroup.class, () -> taskGroup(innerTg -> {
                innerTg.createTask(() -> crashAfter(0, new IllegalStateException("inner")));
                outerTg.createTask(() -> crashAfter(0, new IllegalArgumentException("outer")));
                return null;
            }));
            assertEquals(Set.of(IllegalStateException.class), errorTypes(innerEg));
            assertEquals(1, currentTask().cancelling());
            return null;
        }));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes(outerEg));
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void parentCancelledCancelsChildrenAndReraises(EventLoop loop) {
        // CPython test_cancellation and test_taskgroup_07
        AtomicInteger num = new AtomicInteger();
        Task<Object> r = createTask(() -> taskGroup(tg -> {
            for (int i = 0; i < 5; i++) {
                tg.createTask(() -> sleepCounting(5, num));
            }
            try {
                return sleep(10, null);
            } catch (CancelledError c) {
                num.addAndGet(10);
                throw c;
            }
        }));
        sleep(0.1);
        assertFalse(r.done());
        r.cancel("test");
        CancelledError e = assertThrows(CancelledError.class, () -> await(r));
        assertEquals("test", e.getMessage());
        assertEquals(15, num.get());
        assertEquals(0.1, loop.time(), 1e-9);
    }

    @AsyncioTest
    void parentCancelledWhileTheGroupWaitsForItsTasks() {
        // CPython test_cancellation (the body already returned) and test_taskgroup_22
        AtomicInteger num = new AtomicInteger();
        Task<Object> r = createTask(() -> taskGroup(tg -> {
            for (int i = 0; i < 5; i++) {
                tg.createTask(() -> sleepCounting(5, num));
            }
            return null;
        }));
        sleep(0.1);
        r.cancel("test");
        CancelledError e = assertThrows(CancelledError.class, () -> await(r));
        assertEquals("test", e.getMessage());
        assertEquals(5, num.get());
    }

    @AsyncioTest
    void parentCancelledWhileAChildAlreadyFailedRaisesTheGroupThenTheCancellation() {
        // CPython test_taskgroup_15 (3.13+): the errors win; the outside cancellation is re-armed.
        Steps steps = new Steps();
        Task<Object> r = createTask(() -> {
            try {
                return taskGroup(g1 -> {
                    g1.createTask(() -> crashAfter(0.3, new ArithmeticException()));
                    try {
                        return sleep(10, null);
                    } catch (CancelledError c) {
                        sleep(0.5);
                        throw c;
                    }
                });
            } catch (ExceptionGroup eg) {
                steps.expect(2);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
                assertEquals(1, currentTask().cancelling(), "the outside cancellation is still pending");
                sleep(1);
                fail("the re-armed cancellation should interrupt this sleep");
                return null;
            }
        });
        sleep(0.1);
        steps.expect(1);
        r.cancel();
        assertThrows(CancelledError.class, () -> await(r));
        steps.finish(3);
    }

    @AsyncioTest
    void errorAndOutsideCancelKeepTheCancellation() {
        // CPython test_error_and_cancel
        Future<Void> event = getRunningLoop().createFuture();
        Task<Object> t = createTask(() -> {
            try {
                taskGroup(tg -> {
                    tg.createTask(() -> {
                        event.setResult(null);
                        sleep(0);
                        throw new IllegalStateException();
                    });
                    sleep(1);
                    fail("Sleep in group should have been cancelled");
                    return null;
                });
            } catch (ExceptionGroup eg) {
                assertEquals(1, currentTask().cancelling());
            }
            assertEquals(1, currentTask().cancelling());
            sleep(1);
            fail("Sleep after group should have been cancelled");
            return null;
        });
        await(event);
        assertEquals(0, t.cancelling());
        t.cancel();
        assertEquals(1, t.cancelling());
        assertThrows(CancelledError.class, () -> await(t));
        assertTrue(t.cancelled());
    }

    @AsyncioTest
    void catchingTheGroupErrorLeavesNoCancellationBehind(EventLoop loop) {
        // CPython test_cancelling_level_preserved / test_cancellation_does_not_leak_out_of_tg
        try {
            taskGroup(tg -> tg.createTask(() -> crashAfter(0, new IllegalStateException())));
            fail("expected an ExceptionGroup");
        } catch (ExceptionGroup expected) {
            // handled
        }
        assertEquals(0, currentTask().cancelling());
        sleep(1);
        assertEquals(1.0, loop.time());
    }

    @AsyncioTest
    void bodySwallowingTheGroupsCancellationStillEndsWithTheErrors() {
        Steps steps = new Steps();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new MyExc("boom")));
            try {
                sleep(10);
            } catch (CancelledError c) {
                steps.expect(1);
            }
            return "swallowed";
        }));
        steps.finish(2);
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    @SuppressWarnings("finally") // the point: a finally block that throws
    void keyboardInterruptIsRaisedAsItIs() {
        // CPython test_taskgroup_20: a base error is not grouped; the other errors are reported.
        List<ErrorContext> reported = new ArrayList<>();
        EventLoop loop = getRunningLoop();
        EventLoop.ExceptionHandler previous = loop.getExceptionHandler();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        try {
            assertThrows(KeyboardInterrupt.class, () -> taskGroup(tg -> {
                tg.createTask(() -> crashAfter(0.1, new ArithmeticException()));
                try {
                    return sleep(10, null);
                } finally {
                    throw new KeyboardInterrupt();
                }
            }));
        } finally {
            loop.setExceptionHandler(previous);
        }
        assertEquals(1, reported.size());
        assertInstanceOf(ArithmeticException.class, reported.get(0).exception());
    }

    @AsyncioTest
    void tasksCanStartTasksWhileTheGroupExits(EventLoop loop) {
        // CPython test_taskgroup_24
        AtomicInteger ran = new AtomicInteger();
        taskGroup(g -> g.createTask(() -> {
            sleep(0.1);
            g.createTask(() -> sleep(0.1, ran.incrementAndGet()));
            g.createTask(() -> sleep(0.2, ran.incrementAndGet()));
            return null;
        }));
        assertEquals(2, ran.get());
        assertEquals(0.3, loop.time(), 1e-9);
    }

    @AsyncioTest
    void createTaskInAFinishedGroupFails() {
        TaskGroup done = taskGroup(tg -> tg);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> done.createTask(() -> 1));
        assertTrue(e.getMessage().contains("is finished"), e.getMessage());
        assertTrue(done.toString().contains("finished"), done.toString());
        done.cancel(); // does nothing once finished
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void createTaskInAShuttingDownGroupFails() {
        // CPython test_taskgroup_no_create_task_after_failure
        AtomicBoolean refused = new AtomicBoolean();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(g -> {
            g.createTask(() -> crashAfter(0.001, new ArithmeticException()));
            g.createTask(() -> {
                try {
                    return sleep(1, null);
                } catch (CancelledError c) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.createTask(() -> 1));
                    assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
                    refused.set(true);
                    throw c;
                }
            });
            return null;
        }));
        assertTrue(refused.get());
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
    }

    @AsyncioTest
    void taskNames() {
        taskGroup(g -> {
            Task<String> t = g.createTask(() -> currentTask().getName(), "yolo");
            assertEquals("yolo", t.getName());
            assertEquals("yolo", await(t));
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------
    // cancel()

    @AsyncioTest
    void cancelFromTheBodyEndsTheGroupQuietly(EventLoop loop) {
        AtomicInteger cancelled = new AtomicInteger();
        Steps steps = new Steps();
        Object r = taskGroup(tg -> {
            tg.createTask(() -> sleepCounting(10, cancelled));
            tg.createTask(() -> sleepCounting(10, cancelled));
            sleep(1);
            steps.expect(1);
            tg.cancel();
            tg.cancel(); // idempotent
            sleep(5);
            fail("the body is cancelled too");
            return "unreachable";
        });
        steps.finish(2);
        assertNull(r, "an interrupted body has no result");
        assertEquals(2, cancelled.get());
        assertEquals(1.0, loop.time());
        assertEquals(0, currentTask().cancelling());
        sleep(1); // no stray cancellation
    }

    @AsyncioTest
    void cancelWithoutSuspendingInTheBodyReturnsTheBodysResult() {
        String r = taskGroup(tg -> {
            tg.createTask(() -> sleep(10, null));
            tg.cancel();
            return "finished anyway";
        });
        assertEquals("finished anyway", r);
        assertEquals(0, currentTask().cancelling());
        sleep(0.5);
    }

    @AsyncioTest
    void cancelFromAChildTask(EventLoop loop) {
        AtomicInteger cancelled = new AtomicInteger();
        taskGroup(tg -> {
            tg.createTask(() -> sleepCounting(10, cancelled));
            tg.createTask(() -> {
                sleep(2);
                tg.cancel();
                return null;
            });
            return null;
        });
        assertEquals(1, cancelled.get());
        assertEquals(2.0, loop.time());
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void cancelWhileTheGroupWaitsAtItsEnd(EventLoop loop) {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        loop.callLater(1, () -> group.get().cancel());
        taskGroup(tg -> {
            group.set(tg);
            tg.createTask(() -> sleep(10, null));
            return null;
        });
        assertEquals(1.0, loop.time());
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void cancelAndAnOutsideCancelStillPropagate(EventLoop loop) {
        Steps steps = new Steps();
        Task<Object> r = createTask(() -> taskGroup(tg -> {
            tg.createTask(() -> sleep(10, null));
            steps.expect(1);
            tg.cancel();
            try {
                return sleep(5, null);
            } catch (CancelledError c) {
                steps.expect(2);
                sleep(1); // cleanup, during which the outside cancel arrives
                return null;
            }
        }));
        sleep(0.5);
        steps.expect(3);
        r.cancel("outside");
        assertThrows(CancelledError.class, () -> await(r));
        steps.finish(4);
        assertEquals(0.5, loop.time());
    }

    @AsyncioTest
    void outsideCancelDuringTheFinalWaitAfterCancelPropagates(EventLoop loop) {
        // gh-155433: the group's own cancellation is withdrawn, the outside one must not be dropped.
        Task<Object> r = createTask(() -> taskGroup(tg -> {
            tg.createTask(() -> {
                try {
                    return sleep(10, null);
                } catch (CancelledError c) {
                    sleep(1); // slow to wind down
                    throw c;
                }
            });
            sleep(0.1);
            tg.cancel();
            return null;
        }));
        sleep(0.5); // r waits for its slow task now
        r.cancel();
        assertThrows(CancelledError.class, () -> await(r));
        assertEquals(1.1, loop.time(), 1e-9);
    }

    @AsyncioTest
    @SuppressWarnings("finally") // the point: a finally block that throws
    void cancelledGroupStillReportsErrorsOfWindingDownTasks() {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> taskGroup(tg -> {
            tg.createTask(() -> {
                try {
                    return sleep(10, null);
                } finally {
                    throw new MyExc("failed while cancelled");
                }
            });
            sleep(0.1);
            tg.cancel();
            return null;
        }));
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertEquals(0, currentTask().cancelling());
    }

    @AsyncioTest
    void exceptionGroupRejectsAnEmptyList() {
        assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup("none", List.of()));
    }
}
