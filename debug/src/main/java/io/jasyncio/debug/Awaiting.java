package io.jasyncio.debug;

import io.jasyncio.debug.TaskInfo.Frame;

import java.util.List;

/** Names what a suspended task waits for, from the object it is parked on and its stack. */
final class Awaiting {

    private Awaiting() {
    }

    /**
     * A short description: {@code task}, {@code sleep}, {@code gather}, {@code task group}, the
     * jasyncio call it waits in ({@code Queue.get}, {@code Asyncio.toThread}), {@code future}, the JDK
     * call it is blocked in ({@code Thread.sleep}), or {@code ""}.
     *
     * @param blockerClass the class name of the park blocker (an identity string
     *     {@code Class@hash} is accepted), or {@code ""}
     * @param stack the task thread's frames, innermost first
     * @return the description
     */
    static String describe(String blockerClass, List<Frame> stack) {
        String cls = blockerClass;
        int at = cls.indexOf('@');
        if (at >= 0) {
            cls = cls.substring(0, at);
        }
        if (cls.equals("io.jasyncio.Task")) {
            return "task";
        }
        if (cls.equals("io.jasyncio.TimerHandle")) {
            return "sleep";
        }
        if (cls.equals("io.jasyncio.GatheringFuture")) {
            return "gather";
        }
        for (Frame f : stack) {
            if (f.className().equals("io.jasyncio.TaskGroup") || f.className().equals("io.jasyncio.Asyncio")
                    && f.method().equals("taskGroup")) {
                if (cls.startsWith("io.jasyncio.")) {
                    return "task group";
                }
            }
        }
        if (cls.startsWith("io.jasyncio.")) {
            // A plain future: name the jasyncio call the program is in (Queue.get, Event.await, toThread).
            for (int i = 0; i + 1 < stack.size(); i++) {
                if (TaskTree.isLibrary(stack.get(i)) && stack.get(i).className().startsWith("io.jasyncio")
                        && !TaskTree.isLibrary(stack.get(i + 1))) {
                    return stack.get(i).shortName();
                }
            }
            return "future";
        }
        // Not parked on a jasyncio object: name the JDK call the program (or jasyncio) made.
        for (int i = 0; i + 1 < stack.size(); i++) {
            if (TaskTree.isLibrary(stack.get(i)) && !stack.get(i).className().startsWith("io.jasyncio")
                    && !isJdk(stack.get(i + 1))) {
                return stack.get(i).shortName();
            }
        }
        return cls.isEmpty() ? "" : cls.substring(cls.lastIndexOf('.') + 1);
    }

    private static boolean isJdk(Frame f) {
        String c = f.className();
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
    }
}
