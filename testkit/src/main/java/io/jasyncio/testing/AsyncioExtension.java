package io.jasyncio.testing;

import io.jasyncio.EventLoop;
import io.jasyncio.VirtualClock;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;

/**
 * Runs {@link AsyncioTest} methods inside a {@link TestLoop}: the JUnit 5 integration. Usable on its
 * own with {@code @ExtendWith(AsyncioExtension.class)} on a class whose {@code @Test} methods should
 * all run as tasks.
 */
public final class AsyncioExtension implements InvocationInterceptor, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AsyncioExtension.class);

    /** Creates the extension (JUnit does). */
    public AsyncioExtension() {
    }

    private static TestLoop testLoop(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("loop", k -> new TestLoop(), TestLoop.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> type = pc.getParameter().getType();
        return type == EventLoop.class || type == VirtualClock.class || type == TestLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        TestLoop tl = testLoop(ec);
        Class<?> type = pc.getParameter().getType();
        if (type == EventLoop.class) {
            return tl.loop();
        }
        return type == VirtualClock.class ? tl.clock() : tl;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) {
        testLoop(extensionContext).runMain(() -> {
            try {
                invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return null;
        });
    }
}
