package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    static Measurement row(String impl, boolean baseline, double score, double error, String unit) {
        return new Measurement("XBenchmark.run", "", impl, baseline, score, error, unit, 1, Map.of("impl", impl));
    }

    @Test
    void ratioIsTimePerOperationOverGo4jsSoAboveOneMeansGo4jIsFaster() {
        Measurement go4j = row("GO4J", true, 100, 1, "ns/op");
        Measurement jdk = row("JDK", false, 250, 1, "ns/op");
        assertThat(jdk.ratioTo(go4j)).isCloseTo(2.5, within(1e-9));
        assertThat(go4j.ratioTo(go4j)).isEqualTo(1.0);
    }

    @Test
    void throughputRatioIsInvertedSoAboveOneStillMeansGo4jIsFaster() {
        Measurement go4j = row("GO4J", true, 10, 0.1, "ops/us");
        Measurement jdk = row("JDK", false, 4, 0.1, "ops/us");
        assertThat(jdk.ratioTo(go4j)).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void overlappingConfidenceIntervalsAreATie() {
        Measurement go4j = row("GO4J", true, 100, 10, "ns/op");
        assertThat(row("A", false, 115, 6, "ns/op").tiesWith(go4j)).isTrue(); // 109..121 meets 90..110
        assertThat(row("B", false, 80, 10, "ns/op").tiesWith(go4j)).isTrue(); // 70..90 touches 90..110
        assertThat(row("C", false, 125, 10, "ns/op").tiesWith(go4j)).isFalse(); // 115..135
        assertThat(row("D", false, 50, 5, "ns/op").tiesWith(go4j)).isFalse();
    }

    @Test
    void anUnknownErrorIsNeverCalledATie() {
        Measurement go4j = row("GO4J", true, 100, Double.NaN, "ns/op");
        assertThat(row("A", false, 100, 1, "ns/op").tiesWith(go4j)).isFalse();
    }

    @Test
    void ratioCellMarksATieWithATildeAndGo4jsRowReadsOne() {
        Measurement go4j = row("GO4J", true, 100, 10, "ns/op");
        assertThat(go4j.ratioCell(go4j)).isEqualTo("1.00");
        assertThat(row("A", false, 105, 10, "ns/op").ratioCell(go4j)).isEqualTo("~1.05");
        assertThat(row("B", false, 300, 10, "ns/op").ratioCell(go4j)).isEqualTo("3.00");
        assertThat(row("C", false, 300, 10, "ns/op").ratioCell(null)).isEmpty();
    }

    @Test
    void anErrorLargerThanTheScoreIsNoise() {
        assertThat(row("A", false, 10, 11, "ns/op").isNoise()).isTrue();
        assertThat(row("A", false, 10, 10, "ns/op").isNoise()).isFalse();
        assertThat(row("A", false, 10, Double.NaN, "ns/op").isNoise()).isFalse();
    }
}
