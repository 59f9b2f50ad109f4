package dev.go4j.patterns.breaker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: threads racing for the probes of a half-open {@link CircuitBreaker}, and racing the
 * open-to-half-open move itself once the open duration has passed on the clock.
 *
 * <p>Hypothesis: the probe counter is decremented by CAS, so exactly {@code halfOpenProbes} calls are
 * admitted however many race; the move from open is one CAS on the open phase, so it happens once and
 * the listener hears it once, and every racer then takes probes from the same half-open phase.
 *
 * <p>Run just this hazard: {@code java -XX:ActiveProcessorCount=4 -Dos.name=Oversubscribed -jar
 * stress-tests/target/jcstress.jar -m quick -af NONE -t BreakerHalfOpenProbes}
 */
public class BreakerHalfOpenProbes {

    private BreakerHalfOpenProbes() {}

    static CircuitBreaker openBreaker(ManualClock clock, AtomicInteger halfOpens, int probes) {
        CircuitBreaker cb = CircuitBreaker.builder("probe").clock(clock)
                .countWindow(1).minimumCalls(1).openDuration(Duration.ofSeconds(1)).halfOpenProbes(probes)
                .listener((b, from, to) -> {
                    if (to == dev.go4j.patterns.breaker.State.HALF_OPEN) {
                        halfOpens.incrementAndGet();
                    }
                })
                .build();
        cb.onError(cb.tryAcquire(), 0, new IOException("down"));
        clock.advance(Duration.ofSeconds(1)); // due: the first tryAcquire moves it to half-open
        return cb;
    }

    /** Two probes, three racers, and the move to half-open in the race. r1 = admitted, r2 = moves. */
    @JCStressTest
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "exactly the two probes admitted; one move to half-open")
    @Outcome(id = "3, .*", expect = FORBIDDEN, desc = "a third call slipped through half-open")
    @Outcome(id = "[01], .*", expect = FORBIDDEN, desc = "a probe was lost: fewer admitted than the budget")
    @Outcome(id = ".*, [02]", expect = FORBIDDEN, desc = "the open-to-half-open move happened zero or twice")
    @Outcome(expect = FORBIDDEN, desc = "other")
    @State
    public static class TwoProbesThreeRacers {
        final AtomicInteger halfOpens = new AtomicInteger();
        final CircuitBreaker cb = openBreaker(new ManualClock(), halfOpens, 2);
        final AtomicInteger admitted = new AtomicInteger();

        @Actor
        public void a() {
            if (cb.tryAcquire() >= 0) {
                admitted.incrementAndGet();
            }
        }

        @Actor
        public void b() {
            if (cb.tryAcquire() >= 0) {
                admitted.incrementAndGet();
            }
        }

        @Actor
        public void c() {
            if (cb.tryAcquire() >= 0) {
                admitted.incrementAndGet();
            }
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r1 = admitted.get();
            r.r2 = halfOpens.get();
        }
    }

    /** One probe, two racers that each try twice. r1 = admitted. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "exactly one probe admitted")
    @Outcome(expect = FORBIDDEN, desc = "the probe budget was exceeded or lost")
    @State
    public static class OneProbeTwoRacersTwice {
        final CircuitBreaker cb = openBreaker(new ManualClock(), new AtomicInteger(), 1);
        final AtomicInteger admitted = new AtomicInteger();

        private void twice() {
            for (int i = 0; i < 2; i++) {
                if (cb.tryAcquire() >= 0) {
                    admitted.incrementAndGet();
                }
            }
        }

        @Actor
        public void a() {
            twice();
        }

        @Actor
        public void b() {
            twice();
        }

        @Arbiter
        public void arbiter(org.openjdk.jcstress.infra.results.I_Result r) {
            r.r1 = admitted.get();
        }
    }
}
