package io.jasyncio.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import io.jasyncio.EventLoop;

/**
 * A JUnit 5 test whose body runs as the main task of a fresh event loop on virtual time
 * ({@link TestLoop#run}): {@code sleep(3600)} in it takes microseconds, and the test fails if it
 * leaves tasks running, leaves an exception unretrieved, or an error reaches the loop's exception
 * handler.
 *
 * <pre>{@code
 * @AsyncioTest
 * void sleepsAnHour(EventLoop loop) {
 *     sleep(3600);
 *     assertEquals(3600.0, loop.time());
 * }
 * }</pre>
 *
 * A test method may declare parameters of type {@link io.jasyncio.EventLoop} and
 * {@link io.jasyncio.VirtualClock}: the loop the body runs on and its clock.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(AsyncioExtension.class)
public @interface AsyncioTest {
}
