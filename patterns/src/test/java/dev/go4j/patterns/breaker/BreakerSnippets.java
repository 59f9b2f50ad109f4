package dev.go4j.patterns.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples shown in the Javadoc; each one runs. */
class BreakerSnippets {
    @Test
    void breaker() throws Exception {
        // @start region=breaker
        CircuitBreaker db = CircuitBreaker.builder("db")
                .countWindow(20).minimumCalls(10)
                .failureRateThreshold(50)
                .slowCallRateThreshold(80, Duration.ofMillis(500))
                .openDuration(Duration.ofSeconds(10))
                .halfOpenProbes(3)
                .ignore(e -> e instanceof IllegalArgumentException)
                .build();
        String row = db.call(() -> "row 42"); // throws BreakerOpenException while open
        // @end
        assertThat(row).isEqualTo("row 42");
        assertThat(db.state()).isEqualTo(State.CLOSED);
    }
}
