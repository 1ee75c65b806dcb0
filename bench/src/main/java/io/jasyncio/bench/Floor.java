package io.jasyncio.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor of W1 and W2: what the JDK's virtual threads cost on a loop-like scheduler without any of
 * jasyncio (no Task, Future, Queue or ready-queue bookkeeping). Virtual threads are built with the
 * JDK's package-private {@code VirtualThreadBuilder(Executor)} constructor, as jasyncio's main engine
 * does, with a plain {@link ArrayDeque} as the scheduler, drained by the calling platform thread.
 * <pre>
 * Bench --floor --wl w1|w2 [--n N] [--reps R] [--warmup W] [--mode direct|loop]
 * </pre>
 * W1: N threads each {@code Thread.yield()} once and store their index; timed from the first
 * creation until the last has ended. W2: two threads pass a token M times with
 * {@code LockSupport.park/unpark}. {@code --mode direct} (the default) unparks the other thread from the
 * running virtual thread (the JDK submits its continuation to the queue); {@code --mode loop} queues
 * the thread to wake and lets the loop thread unpark it, which then runs the continuation inline, as
 * jasyncio's loop does. Prints the JSON line of WORKLOADS.md section 3 with peer {@code vt-floor}.
 */
final class Floor {

    private Floor() {
    }

    /** The loop: a FIFO of continuations (and, in loop mode, threads to unpark), run by one thread. */
    static final class Loop implements Executor {
        final ArrayDeque<Object> ready = new ArrayDeque<>(1024);
        Thread inline;
        final Thread.Builder.OfVirtual builder;

        Loop() {
            try {
                Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                var ctor = MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                        .findConstructor(c, MethodType.methodType(void.class, Executor.class));
                builder = (Thread.Builder.OfVirtual) ctor.invoke((Executor) this);
            } catch (Throwable e) {
                throw new IllegalStateException("the floor needs --add-opens java.base/java.lang=ALL-UNNAMED", e);
            }
        }

        @Override
        public void execute(Runnable continuation) {
            if (inline != null) { // the loop thread unparks a thread: run it right here
                inline = null;
                continuation.run();
                return;
            }
            ready.addLast(continuation);
        }

        /** Runs the ready queue until it is empty. */
        void run() {
            Object o;
            while ((o = ready.pollFirst()) != null) {
                if (o instanceof Thread t) {
                    inline = t;
                    LockSupport.unpark(t);
                    inline = null;
                } else {
                    ((Runnable) o).run();
                }
            }
        }
    }

    /** W2's shared state: plain fields, every access is on the one loop thread. */
    static final class PingPong {
        Thread ping;
        Thread pong;
        int token;
        boolean request;
        boolean reply;
        long sum;
    }

    static void main(String[] args) {
        String mode = "direct";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mode") && i + 1 < args.length) {
                mode = args[++i];
            } else {
                rest.add(args[i]);
            }
        }
        if (!mode.equals("direct") && !mode.equals("loop")) {
            System.err.println("floor: --mode direct|loop");
            System.exit(2);
        }
        Bench.Options o = Bench.Options.parse(rest.toArray(new String[0]));
        if (!o.wl().equals("w1") && !o.wl().equals("w2")) {
            System.err.println("floor: --wl w1|w2");
            System.exit(2);
        }
        boolean viaLoop = mode.equals("loop");
        Loop loop = new Loop();
        long[] runs = new long[o.reps()];
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs.length; r++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            runs[r] = o.wl().equals("w1") ? w1(loop, o.n()) : w2(loop, o.n(), viaLoop);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            System.err.printf("floor %s (%s) n=%d run %d/%d: %.3f ms (loop thread CPU %.3f ms)%n", o.wl(), mode, o.n(),
                    r + 1, runs.length, runs[r] / 1e6, cpu / 1e6);
        }
        System.out.println(new Json().put("peer", o.peer().equals("jasyncio") ? "vt-floor" : o.peer())
                .put("wl", o.wl()).put("n", o.n()).put("reps", o.reps()).put("warmup", o.warmup())
                .put("runs_ns", runs).put("extra", new Json().put("mode", mode))
                .put("runtime", "bare virtual threads on a FIFO scheduler run by one platform thread; Java "
                        + Runtime.version()));
    }

    private static long w1(Loop loop, int n) {
        int[] res = new int[n];
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int v = i;
            Thread t = loop.builder.unstarted(() -> {
                Thread.yield();
                res[v] = v;
            });
            threads.add(t);
            t.start();
        }
        loop.run();
        long t1 = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += res[i];
        }
        Workload.checkSum("floor w1", sum, n);
        return t1 - t0;
    }

    private static long w2(Loop loop, int m, boolean viaLoop) {
        PingPong p = new PingPong();
        long t0 = System.nanoTime();
        p.pong = loop.builder.unstarted(() -> {
            for (int i = 0; i < m; i++) {
                while (!p.request) {
                    LockSupport.park();
                }
                p.request = false;
                p.reply = true;
                wake(loop, p.ping, viaLoop);
            }
        });
        p.ping = loop.builder.unstarted(() -> {
            for (int i = 0; i < m; i++) {
                p.token = i;
                p.request = true;
                wake(loop, p.pong, viaLoop);
                while (!p.reply) {
                    LockSupport.park();
                }
                p.reply = false;
                p.sum += p.token;
            }
        });
        p.pong.start();
        p.ping.start();
        loop.run();
        long t1 = System.nanoTime();
        Workload.checkSum("floor w2", p.sum, m);
        return t1 - t0;
    }

    private static void wake(Loop loop, Thread t, boolean viaLoop) {
        if (viaLoop) {
            loop.ready.addLast(t);
        } else {
            LockSupport.unpark(t);
        }
    }
}
