package dev.go4j.patterns.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** gRPC's token rule and Finagle's percentage-plus-floor budget, at fixed instants. */
class RetryBudgetTest {

    @Test
    void grpcThrottling_retriesOnlyWhileTokensAreAboveHalfTheMaximum() {
        TokenRetryBudget b = new TokenRetryBudget(10, 0.1);
        assertThat(b.tryRetry()).isTrue();
        for (int i = 0; i < 4; i++) {
            b.onFailure();
        }
        assertThat(b.tokens()).isEqualTo(6.0);
        assertThat(b.tryRetry()).isTrue();
        b.onFailure();
        assertThat(b.tokens()).isEqualTo(5.0);
        assertThat(b.tryRetry()).as("5 is not above 10/2").isFalse();
        b.onSuccess();
        assertThat(b.tokens()).isEqualTo(5.1);
        assertThat(b.tryRetry()).isTrue();
    }

    @Test
    void grpcThrottling_tokensStayWithinZeroAndTheMaximum() {
        TokenRetryBudget b = new TokenRetryBudget(3, 1);
        for (int i = 0; i < 10; i++) {
            b.onSuccess();
        }
        assertThat(b.tokens()).isEqualTo(3.0);
        for (int i = 0; i < 10; i++) {
            b.onFailure();
        }
        assertThat(b.tokens()).isEqualTo(0.0);
    }

    @Test
    void grpcThrottling_rejectsBadArguments() {
        assertThatThrownBy(() -> new TokenRetryBudget(0, 1)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> new TokenRetryBudget(1001, 1)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> new TokenRetryBudget(10, 0)).hasMessageContaining("tokenRatio");
        assertThatThrownBy(() -> new TokenRetryBudget(10, Double.NaN)).hasMessageContaining("tokenRatio");
    }

    @Test
    void finagle_floorAloneAllowsMinRetriesPerSecondTimesTtl() {
        ManualClock clock = new ManualClock();
        PercentRetryBudget b = new PercentRetryBudget(Duration.ofSeconds(10), 1, 0.0, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryRetry()).as("retry %d within the floor", i).isTrue();
        }
        assertThat(b.tryRetry()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(b.tryRetry()).as("withdrawals expire after the ttl").isTrue();
    }

    @Test
    void finagle_percentOfRequestsMayBeRetried() {
        ManualClock clock = new ManualClock();
        PercentRetryBudget b = new PercentRetryBudget(Duration.ofSeconds(10), 0, 0.2, clock);
        assertThat(b.tryRetry()).isFalse();
        for (int i = 0; i < 50; i++) {
            b.onAttempt();
        }
        assertThat(b.balance()).isEqualTo(10);
        int allowed = 0;
        while (b.tryRetry()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(10);
        clock.advance(Duration.ofSeconds(10));
        assertThat(b.balance()).isZero();
    }

    @Test
    void finagle_rejectsBadArguments() {
        assertThatThrownBy(() -> new PercentRetryBudget(Duration.ofMillis(10), 1, 0.1)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new PercentRetryBudget(Duration.ofSeconds(10), -1, 0.1))
                .hasMessageContaining("minRetriesPerSecond");
        assertThatThrownBy(() -> new PercentRetryBudget(Duration.ofSeconds(10), 1, -0.1))
                .hasMessageContaining("percentCanRetry");
    }
}
