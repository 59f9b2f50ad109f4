package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void durationsReadAsHoursMinutesOrSeconds() {
        assertThat(Progress.duration(12_400_000_000L)).isEqualTo("12s");
        assertThat(Progress.duration(245_000_000_000L)).isEqualTo("4m 05s");
        assertThat(Progress.duration(3_720_000_000_000L)).isEqualTo("1h 02m");
    }

    @Test
    void theRunCountIsEveryParameterSetOfTheSelectedBenchmarks() {
        // TimerBenchmark: 4 implementations; SelectReadyBenchmark: 4 implementations x 2 case counts
        assertThat(Comparison.countRuns(List.of("TimerBenchmark"), List.of())).isEqualTo(4);
        assertThat(Comparison.countRuns(List.of("TimerBenchmark", "SelectReadyBenchmark"), List.of())).isEqualTo(12);
        assertThat(Comparison.countRuns(List.of("NoSuchBenchmark"), List.of())).isZero();
    }
}
