package dev.go4j.patterns.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's checks: every bad setting fails at once, naming the setting and the rule. */
class CacheBuilderTest {

    @Test
    void buildingWithoutADefaultTtlFails() {
        assertThatThrownBy(() -> Cache.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("defaultTtl is required");
        assertThatThrownBy(() -> Cache.builder().buildRWMutex())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("defaultTtl is required");
    }

    @Test
    void nonPositiveDurationsAreRejectedNamingTheSetting() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
            assertThatThrownBy(() -> Cache.builder().defaultTtl(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTtl must be positive");
            assertThatThrownBy(() -> Cache.builder().janitorInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("janitorInterval must be positive");
        }
        assertThatThrownBy(() -> Cache.builder().defaultTtl(null))
                .isInstanceOf(NullPointerException.class).hasMessage("defaultTtl");
        assertThatThrownBy(() -> Cache.builder().clock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    @Test
    void extremeDurationsSaturateAtTheBuilderInsteadOfOverflowingInBuild() {
        for (Duration huge : new Duration[] {
                Duration.ofDays(365_000), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)}) {
            CacheBuilder b = Cache.builder().defaultTtl(huge).janitorInterval(huge);
            try (Cache<String, String> idiomatic = b.build(); Cache<String, String> port = b.buildRWMutex()) {
                idiomatic.set("k", "v", huge);
                port.set("k", "v", huge);
                assertThat(idiomatic.get("k")).isEqualTo("v");
                assertThat(port.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void extremeNegativeDurationsAreRejectedNamingTheSetting() {
        Duration min = Duration.ofSeconds(Long.MIN_VALUE);
        assertThatThrownBy(() -> Cache.builder().defaultTtl(min))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTtl must be positive");
        assertThatThrownBy(() -> Cache.builder().janitorInterval(min))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("janitorInterval must be positive");
        try (Cache<String, String> c = Cache.builder().defaultTtl(Duration.ofMinutes(1)).build()) {
            assertThatThrownBy(() -> c.set("k", "v", min))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
        }
    }

    @Test
    void maximumSizeMustBePositive() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> Cache.builder().maximumSize(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumSize must be at least 1");
        }
    }

    @Test
    void ttlJitterMustBeAFractionFromZeroToOne() {
        for (double bad : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Cache.builder().ttlJitter(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttlJitter");
        }
        Cache.builder().ttlJitter(0.0).ttlJitter(1.0); // both ends allowed
    }

    @Test
    void aBuilderCanBuildAgain() {
        CacheBuilder b = Cache.builder().defaultTtl(Duration.ofMinutes(1));
        try (Cache<String, String> one = b.build(); Cache<String, String> two = b.build()) {
            one.set("k", "1");
            assertThat(two.get("k")).as("independent caches").isNull();
        }
    }
}
