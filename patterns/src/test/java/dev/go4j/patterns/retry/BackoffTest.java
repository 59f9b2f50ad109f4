package dev.go4j.patterns.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The four strategies of "Exponential Backoff and Jitter" (AWS, 2015), at exact draws. */
class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(1);

    private static List<Long> millis(Jitter j, RandomGenerator r, int n) {
        Backoff b = new Backoff(j, BASE, CAP);
        List<Long> out = new ArrayList<>();
        Duration prev = null;
        for (int i = 0; i < n; i++) {
            prev = b.delay(i, prev, r);
            out.add(prev.toMillis());
        }
        return out;
    }

    @Test
    void exponentialNoJitter_doublesUntilTheCap() {
        assertThat(millis(Jitter.NONE, FixedRandom.lowest(), 6)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void fullJitter_isUniformFromZeroToTheExponentialDelay() {
        assertThat(millis(Jitter.FULL, FixedRandom.lowest(), 5)).containsExactly(0L, 0L, 0L, 0L, 0L);
        assertThat(millis(Jitter.FULL, FixedRandom.highest(), 6)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(millis(Jitter.FULL, new FixedRandom(0.5), 5)).containsExactly(50L, 100L, 200L, 400L, 500L);
    }

    @Test
    void equalJitter_isHalfTheDelayPlusAUniformHalf() {
        assertThat(millis(Jitter.EQUAL, FixedRandom.lowest(), 6)).containsExactly(50L, 100L, 200L, 400L, 500L, 500L);
        assertThat(millis(Jitter.EQUAL, FixedRandom.highest(), 5)).containsExactly(100L, 200L, 400L, 800L, 1000L);
    }

    @Test
    void decorrelatedJitter_drawsBetweenBaseAndThreeTimesThePrevious() {
        // highest: 300, 900, min(cap, 2700) = 1000, then 1000 (from 3000 capped)
        assertThat(millis(Jitter.DECORRELATED, FixedRandom.highest(), 4)).containsExactly(300L, 900L, 1000L, 1000L);
        assertThat(millis(Jitter.DECORRELATED, FixedRandom.lowest(), 3)).containsExactly(100L, 100L, 100L);
        // half: 100 + (300-100)/2 = 200; 100 + (600-100)/2 = 350; 100 + (1050-100)/2 = 575
        assertThat(millis(Jitter.DECORRELATED, new FixedRandom(0.5), 3)).containsExactly(200L, 350L, 575L);
    }

    @ParameterizedTest
    @EnumSource(Jitter.class)
    void neverOverflows_andNeverNegative_atExtremes(Jitter j) {
        Backoff huge = new Backoff(j, Duration.ofSeconds(Long.MAX_VALUE / 2), Duration.ofSeconds(Long.MAX_VALUE));
        RandomGenerator r = new SplittableRandom(1);
        Duration prev = null;
        for (int i : new int[] {0, 1, 2, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
            prev = huge.delay(i, prev, r);
            assertThat(prev.isNegative()).isFalse();
        }
        Backoff small = new Backoff(j, Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE));
        prev = null;
        for (int i = 0; i < 200; i++) {
            prev = small.delay(i, prev, r);
            assertThat(prev.isNegative()).isFalse();
        }
        assertThat(new Backoff(Jitter.NONE, Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE))
                .delay(70, null, r)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @ParameterizedTest
    @EnumSource(Jitter.class)
    void staysWithinTheCap_forRandomDraws(Jitter j) {
        Backoff b = new Backoff(j, BASE, CAP);
        RandomGenerator r = new SplittableRandom(42);
        Duration prev = null;
        for (int i = 0; i < 1000; i++) {
            prev = b.delay(i % 40, prev, r);
            assertThat(prev).isBetween(Duration.ZERO, CAP);
            if (j == Jitter.DECORRELATED) {
                assertThat(prev).isGreaterThanOrEqualTo(BASE);
            }
        }
    }

    @Test
    void zeroBase_givesZeroDelays() {
        assertThat(new Backoff(Jitter.NONE, Duration.ZERO, CAP).delay(10, null, FixedRandom.highest())).isZero();
    }

    @Test
    void badArguments_nameTheArgument() {
        assertThatThrownBy(() -> new Backoff(Jitter.NONE, Duration.ofMillis(-1), CAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base");
        assertThatThrownBy(() -> new Backoff(Jitter.NONE, BASE, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap");
        assertThatThrownBy(() -> new Backoff(null, BASE, CAP))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new Backoff(Jitter.NONE, BASE, CAP).delay(-1, null, FixedRandom.lowest()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry");
    }
}
