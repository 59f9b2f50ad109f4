package dev.go4j.examples.breaker;

import dev.go4j.patterns.breaker.BreakerOpenException;
import dev.go4j.patterns.breaker.CircuitBreaker;
import dev.go4j.patterns.breaker.State;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The breaker page in one program, on a {@link ManualClock}: three failures open the breaker (a window
 * of the last 3 calls, all failed: the same call at which the Go twin's "3 consecutive failures"
 * trips), an open breaker refuses at once, and after the open duration one probe is let through and
 * its success closes the breaker again.
 *
 * <p>Go twin: {@code Example_breaker} in {@code go/breaker/example_test.go}; both print the same lines.
 */
public final class BreakerExample {

    private BreakerExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ManualClock clock = new ManualClock();
        CircuitBreaker cb = CircuitBreaker.builder("payments")
                .countWindow(3)
                .minimumCalls(3)
                .failureRateThreshold(100) // every call of the window failed
                .openDuration(Duration.ofSeconds(30)) // how long it stays open
                .halfOpenProbes(1)
                .listener((breaker, from, to) ->
                        System.out.println(breaker.name() + ": " + name(from) + " -> " + name(to)))
                .clock(clock)
                .build();
        call(cb, false);
        call(cb, true);
        call(cb, true);
        call(cb, true); // the third failure trips it
        call(cb, false);
        clock.advance(Duration.ofSeconds(30)); // the open duration has passed: the next call is a probe
        call(cb, false);
        System.out.println("state: " + name(cb.state()));
    }

    private static void call(CircuitBreaker cb, boolean fail) {
        try {
            cb.call(() -> {
                if (fail) {
                    throw new TimeoutException("upstream timeout");
                }
                return "ok";
            });
            System.out.println("ok");
        } catch (BreakerOpenException e) {
            System.out.println("refused: " + e.getMessage());
        } catch (Exception e) {
            System.out.println("failed: " + e.getMessage());
        }
    }

    /** Go's {@code State.String()}: closed, half-open, open. */
    private static String name(State s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
