package dev.go4j.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that leaks on purpose: it runs only inside {@link org.junit.platform.testkit.engine.EngineTestKit}
 * runs that set {@link #PARAMETER}, never when the build (or {@code -Dtest=...}) selects it directly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyInTestKit.class)
@interface Fixture {

    String PARAMETER = "dev.go4j.test.fixtures";

    final class OnlyInTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by a test of the leak checker")
                    : ConditionEvaluationResult.disabled("a leaking fixture: runs only inside EngineTestKit");
        }
    }
}
