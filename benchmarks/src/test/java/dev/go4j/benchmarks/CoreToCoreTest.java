package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CoreToCoreTest {

    @Test
    void measuresAPositiveLatencyOrNothing() {
        OptionalDouble latency = CoreToCore.measure();
        // Nothing on one core, or when the machine is too busy for the two threads to run at once.
        latency.ifPresent(ns -> assertThat(ns).isPositive().isLessThan(1_000_000.0));
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("the echo thread has ended").doesNotContain("core-to-core-echo");
    }

    @Test
    void describesTheMedianInNanosecondsOrWhyThereIsNone() {
        assertThat(CoreToCore.describe(OptionalDouble.of(215.4)))
                .isEqualTo("215 ns one way (two threads passing a counter; median of 5)");
        assertThat(CoreToCore.describe(OptionalDouble.empty())).startsWith("not measured");
    }
}
