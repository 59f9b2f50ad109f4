package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void timePerOperationScales() {
        assertThat(Units.toNanosPerOp(2.5, "us/op")).isCloseTo(2500, within(1e-9));
        assertThat(Units.fromNanosPerOp(2500, "us/op")).isCloseTo(2.5, within(1e-9));
        assertThat(Units.fromNanosPerOp(97.6, "ns/op")).isCloseTo(97.6, within(1e-9));
        assertThat(Units.fromNanosPerOp(3e6, "ms/op")).isCloseTo(3, within(1e-9));
        assertThat(Units.toNanosPerOp(1, "s/op")).isCloseTo(1e9, within(1e-3));
    }

    @Test
    void throughputInverts() {
        // 12.26 ops/us is 81.6 ns per operation
        assertThat(Units.toNanosPerOp(12.26, "ops/us")).isCloseTo(1000 / 12.26, within(1e-9));
        assertThat(Units.fromNanosPerOp(1000 / 12.26, "ops/us")).isCloseTo(12.26, within(1e-9));
        assertThat(Units.fromNanosPerOp(2, "ops/s")).isCloseTo(5e8, within(1e-3));
        assertThat(Units.isThroughput("ops/ms")).isTrue();
        assertThat(Units.isThroughput("ns/op")).isFalse();
    }

    @Test
    void anUnknownUnitIsRefusedByName() {
        assertThatThrownBy(() -> Units.toNanosPerOp(1, "B/op")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("B/op");
        assertThatThrownBy(() -> Units.fromNanosPerOp(1, "#")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unit");
    }
}
