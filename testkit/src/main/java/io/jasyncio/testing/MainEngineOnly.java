package io.jasyncio.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test (or every test of a class) only on jasyncio's main engine, and skips it, saying why, on
 * the fallback engine: for behaviour that the fallback documents as different, such as a JDK blocking
 * call inside a task parking only that task (on the fallback it holds the loop, as in Python).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EngineCondition.class)
public @interface MainEngineOnly {

    /**
     * Why the test needs the main engine.
     *
     * @return the reason, shown when the test is skipped
     */
    String value() default "a JDK blocking call in a task holds the loop on the fallback engine";
}
