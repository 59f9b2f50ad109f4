package dev.go4j.patterns.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.time.Clock;
import dev.go4j.time.ManualClock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The constructor rules every token-bucket flavour shares: bad rates and bursts are refused by name. */
class TokenBucketArgumentsTest {

    /** A flavour's constructor. */
    interface Factory {
        RateLimiter create(double rate, int burst, Clock clock);
    }

    static Stream<Arguments> flavours() {
        return Stream.of(
                Arguments.of("atomic", (Factory) AtomicTokenBucket::new),
                Arguments.of("locking", (Factory) LockingTokenBucket::new),
                Arguments.of("channel", (Factory) ChannelTokenBucket::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void zeroNegativeNanInfiniteOrSuperNanosecondRatesAreRefusedNamingTheRate(String name, Factory f) {
        for (double rate : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, 1e9 * 1.5, -0.0}) {
            assertThatThrownBy(() -> f.create(rate, 1, new ManualClock()))
                    .as("rate %s", rate)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rate must be");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void burstBelowOneIsRefusedNamingTheBurst(String name, Factory f) {
        assertThatThrownBy(() -> f.create(10, 0, new ManualClock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("burst must be >= 1");
        assertThatThrownBy(() -> f.create(10, -5, new ManualClock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void aRateWhoseBurstWouldTakeMoreThan18YearsIsRefused(String name, Factory f) {
        assertThatThrownBy(() -> f.create(Double.MIN_VALUE, 1, new ManualClock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rate too low");
        assertThatThrownBy(() -> f.create(1e-9, 1000, new ManualClock()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst 1000");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void nullClockIsRefused(String name, Factory f) {
        assertThatThrownBy(() -> f.create(10, 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void extremeButLegalRatesAreAccepted(String name, Factory f) throws Exception {
        for (double rate : new double[] {1e9, 1e-8, 1.0 / (365.0 * 24 * 3600)}) {
            RateLimiter l = f.create(rate, 2, new ManualClock());
            assertThat(l.tryAcquire(2)).as("rate %s starts full", rate).isTrue();
            assertThat(l.tryAcquire()).isFalse();
            if (l instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void intervalIsRoundedUpToAWholeNanosecondSoTheRateIsNeverExceeded() {
        assertThat(TokenBuckets.intervalNanos(10, 1)).isEqualTo(100_000_000L);
        assertThat(TokenBuckets.intervalNanos(0.1, 1)).as("1e9 / 0.1 is 1e10 on paper").isEqualTo(10_000_000_000L);
        assertThat(TokenBuckets.intervalNanos(3, 1)).isEqualTo(333_333_334L);
        assertThat(TokenBuckets.intervalNanos(3e8, 1)).as("3.33 ns rounds up").isEqualTo(4L);
        assertThat(TokenBuckets.intervalNanos(1e9, 1)).isEqualTo(1L);
    }
}
