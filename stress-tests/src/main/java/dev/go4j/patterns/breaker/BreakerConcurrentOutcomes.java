package dev.go4j.patterns.breaker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Hazard: concurrent outcomes that cross a threshold together, in the closed state (the lock-free
 * count window) and in half-open (the packed probe results).
 *
 * <p>Hypothesis: each outcome lands in the window exactly once, so the outcome that crosses the
 * threshold is seen by at least one recorder, and the move is one CAS on the phase, so the state moves
 * exactly once per crossing and the listener hears exactly one change.
 *
 * <p>Run just this hazard: {@code java -XX:ActiveProcessorCount=4 -Dos.name=Oversubscribed -jar
 * stress-tests/target/jcstress.jar -m quick -af NONE -t BreakerConcurrentOutcomes}
 */
public class BreakerConcurrentOutcomes {

    private BreakerConcurrentOutcomes() {}

    static CircuitBreaker breaker(ManualClock clock, Queue<String> changes) {
        return CircuitBreaker.builder("outcomes").clock(clock)
                .countWindow(2).minimumCalls(2).failureRateThreshold(100)
                .openDuration(Duration.ofSeconds(1)).halfOpenProbes(2)
                .listener((b, from, to) -> changes.add(from + "->" + to))
                .build();
    }

    /** Closed, window of 2 at 100%: two failures recorded at once. r1 = state, r2 = changes. */
    @JCStressTest
    @Outcome(id = "OPEN, \\[CLOSED->OPEN\\]", expect = ACCEPTABLE, desc = "the second failure opened it, once")
    @Outcome(id = "CLOSED, .*", expect = FORBIDDEN, desc = "both failures recorded, yet still closed: an outcome lost")
    @Outcome(expect = FORBIDDEN, desc = "opened twice, or a wrong change")
    @State
    public static class TwoFailuresCrossTogether {
        final ManualClock clock = new ManualClock();
        final Queue<String> changes = new ConcurrentLinkedQueue<>();
        final CircuitBreaker cb = breaker(clock, changes);

        @Actor
        public void a() {
            cb.onError(cb.tryAcquire(), 0, new IOException("a"));
        }

        @Actor
        public void b() {
            cb.onError(cb.tryAcquire(), 0, new IOException("b"));
        }

        @Arbiter
        public void arbiter(LL_Result r) {
            r.r1 = cb.state();
            r.r2 = changes.toString();
        }
    }

    /**
     * Closed, minimum 1 call at 100%: each of two concurrent failures reaches the threshold on its
     * own, so both recorders try to open the breaker; the CAS on the phase lets one. r1 = state,
     * r2 = changes.
     */
    @JCStressTest
    @Outcome(id = "OPEN, \\[CLOSED->OPEN\\]", expect = ACCEPTABLE, desc = "both crossed; the breaker opened once")
    @Outcome(id = "OPEN, \\[CLOSED->OPEN, CLOSED->OPEN\\]", expect = FORBIDDEN, desc = "opened twice for one crossing")
    @Outcome(expect = FORBIDDEN, desc = "other")
    @State
    public static class TwoFailuresEachCross {
        final Queue<String> changes = new ConcurrentLinkedQueue<>();
        final CircuitBreaker cb = CircuitBreaker.builder("each").clock(new ManualClock())
                .countWindow(2).minimumCalls(1).failureRateThreshold(100)
                .openDuration(Duration.ofSeconds(1))
                .listener((b, from, to) -> changes.add(from + "->" + to))
                .build();

        @Actor
        public void a() {
            cb.onError(cb.tryAcquire(), 0, new IOException("a"));
        }

        @Actor
        public void b() {
            cb.onError(cb.tryAcquire(), 0, new IOException("b"));
        }

        @Arbiter
        public void arbiter(LL_Result r) {
            r.r1 = cb.state();
            r.r2 = changes.toString();
        }
    }

    /** Half-open with 2 probes, both taken; both succeed at once. r1 = state, r2 = changes after open. */
    @JCStressTest
    @Outcome(id = "CLOSED, \\[CLOSED->OPEN, OPEN->HALF_OPEN, HALF_OPEN->CLOSED\\]", expect = ACCEPTABLE,
            desc = "the probe that completed the set closed it, once")
    @Outcome(id = "HALF_OPEN, .*", expect = FORBIDDEN, desc = "both probes done, yet still half-open: a result lost")
    @Outcome(expect = FORBIDDEN, desc = "closed twice, or a wrong change")
    @State
    public static class TwoProbesCompleteTogether {
        final ManualClock clock = new ManualClock();
        final Queue<String> changes = new ConcurrentLinkedQueue<>();
        final CircuitBreaker cb = breaker(clock, changes);
        final long g1;
        final long g2;

        public TwoProbesCompleteTogether() {
            cb.onError(cb.tryAcquire(), 0, new IOException("x"));
            cb.onError(cb.tryAcquire(), 0, new IOException("y"));
            clock.advance(Duration.ofSeconds(1));
            g1 = cb.tryAcquire();
            g2 = cb.tryAcquire();
        }

        @Actor
        public void a() {
            cb.onSuccess(g1, 0);
        }

        @Actor
        public void b() {
            cb.onSuccess(g2, 0);
        }

        @Arbiter
        public void arbiter(LL_Result r) {
            r.r1 = cb.state();
            r.r2 = changes.toString();
        }
    }
}
