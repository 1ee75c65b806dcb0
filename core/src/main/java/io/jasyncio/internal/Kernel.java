package io.jasyncio.internal;

import java.lang.invoke.MethodHandles;
import io.jasyncio.EventLoop;

/**
 * Where leaves find the kernel's {@link KernelAccess} (the JDK's {@code SharedSecrets}). The kernel installs it
 * once, from {@link EventLoop}'s static initializer; {@link #access()} forces that initializer, so a leaf used
 * before any loop exists ({@code new Lock()}) still finds it. Internal: not exported.
 */
public final class Kernel {

    private static KernelAccess access;

    private Kernel() {
    }

    /** The kernel's access object. */
    public static KernelAccess access() {
        KernelAccess a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(EventLoop.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    /**
     * Installs the kernel's access object; called once by the kernel.
     *
     * @throws IllegalStateException if already installed
     */
    public static synchronized void install(KernelAccess a) {
        if (access != null) {
            throw new IllegalStateException("the kernel access is already installed");
        }
        access = a;
    }
}
