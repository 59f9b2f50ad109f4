package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go's {@code TestLimit} and {@code TestEvery}, and the conversions {@code rate.go} builds on. */
class LimitTest {

    @Test
    void finiteLimitIsNotInf() { // Go: TestLimit
        assertThat(Limit.of(10).isInf()).isFalse();
        assertThat(Limit.of(10)).isNotEqualTo(Limit.INF);
        assertThat(Limit.INF.isInf()).isTrue();
        assertThat(Limit.INF.perSecond()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void everyIsOnePerInterval() { // Go: TestEvery
        Object[][] cases = {
            {Duration.ZERO, Double.MAX_VALUE},
            {Duration.ofNanos(-1), Double.MAX_VALUE},
            {Duration.ofNanos(1), 1e9},
            {Duration.ofNanos(1_000), 1e6},
            {Duration.ofMillis(1), 1e3},
            {Duration.ofMillis(10), 100.0},
            {Duration.ofMillis(100), 10.0},
            {Duration.ofSeconds(1), 1.0},
            {Duration.ofSeconds(2), 0.5},
            {Duration.ofMillis(2_500), 0.4},
            {Duration.ofSeconds(4), 0.25},
            {Duration.ofSeconds(10), 0.1},
            {Duration.ofNanos(Long.MAX_VALUE), 1e9 / Long.MAX_VALUE},
        };
        for (Object[] c : cases) {
            Duration interval = (Duration) c[0];
            double want = (double) c[1];
            double got = Limit.every(interval).perSecond();
            assertThat(got / want).as("every(%s) = %s, want %s", interval, got, want).isCloseTo(1.0, within(1e-9));
        }
        assertThat(Limit.every(Duration.ZERO)).isSameAs(Limit.INF);
    }

    @Test
    void hugeRatesAreInf() {
        assertThat(Limit.of(Double.POSITIVE_INFINITY)).isSameAs(Limit.INF);
        assertThat(Limit.of(Double.MAX_VALUE)).isSameAs(Limit.INF);
        assertThat(Limit.of(1e300).isInf()).isFalse();
    }

    @Test
    void badRatesAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> Limit.of(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("perSecond must not be NaN");
        assertThatThrownBy(() -> Limit.of(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("perSecond must be >= 0");
        assertThatThrownBy(() -> Limit.of(-0.0001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1.0E-4");
        assertThatThrownBy(() -> Limit.every(null))
                .isInstanceOf(NullPointerException.class).hasMessage("interval");
    }

    @Test
    void equalityAndToString() {
        assertThat(Limit.of(2.5)).isEqualTo(Limit.of(2.5)).hasSameHashCodeAs(Limit.of(2.5));
        assertThat(Limit.of(2.5)).hasToString("2.5/s");
        assertThat(Limit.INF).hasToString("Inf");
        assertThat(Limit.of(0)).hasToString("0.0/s");
    }

    @Test
    void conversionsAreGoUnits() {
        assertThat(Limit.durationFromTokens(10, 1)).isEqualTo(100_000_000L);
        assertThat(Limit.durationFromTokens(10, -2)).isEqualTo(-200_000_000L);
        assertThat(Limit.durationFromTokens(0, 1)).as("zero limit: never").isEqualTo(Long.MAX_VALUE);
        assertThat(Limit.durationFromTokens(1e-300, 1)).as("beyond a long: never").isEqualTo(Long.MAX_VALUE);
        assertThat(Limit.tokensFromDuration(10, 1_500_000_000L)).isCloseTo(15.0, within(1e-12));
        assertThat(Limit.tokensFromDuration(0, Long.MAX_VALUE)).isZero();
        // Go's d.Seconds(): whole seconds and the nanoseconds apart, so whole seconds stay exact
        assertThat(Limit.tokensFromDuration(1, 100L * 86_400 * 1_000_000_000L)).isEqualTo(8.64e6);
        assertThat(Limit.tokensFromDuration(3, 1_000_000_001L)).isEqualTo(3 * 1.000000001);
    }
}
