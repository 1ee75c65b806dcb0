package io.jasyncio.testing;

import io.jasyncio.EventLoop;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.AnnotatedElement;

/** Evaluates {@link MainEngineOnly}. */
final class EngineCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String engine = EventLoop.engineName();
        if (!engine.equals("baton-fallback")) {
            return ConditionEvaluationResult.enabled("main engine: " + engine);
        }
        String reason = context.getElement().map(EngineCondition::reason).orElse(null);
        return reason == null ? ConditionEvaluationResult.enabled("not engine-specific")
                : ConditionEvaluationResult.disabled("fallback engine: " + reason);
    }

    private static String reason(AnnotatedElement e) {
        MainEngineOnly m = e.getAnnotation(MainEngineOnly.class);
        if (m == null && e instanceof java.lang.reflect.Method method) {
            m = method.getDeclaringClass().getAnnotation(MainEngineOnly.class);
        }
        return m == null ? null : m.value();
    }
}
