package dev.go4j.patterns.cache;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: {@code close()} racing the janitor's sweep. The clock reaches the janitor's interval (the
 * ticker fires, or the scheduled sweep starts its goroutine) while another thread closes the cache, which
 * holds one expired entry.
 *
 * <p>Hypothesis ("no sweep after close returns"): when {@code close()} returns, the janitor has either
 * swept (the entry is gone) or will never sweep (the entry stays for good); it never removes the entry
 * later. For the literal port, the janitor goroutine has also ended. Results: r1 = entries held right
 * after close returned, r2 = entries held once both actors are done (the arbiter), and for the literal
 * port r3 = 1 if the janitor goroutine was still alive after close returned.
 *
 * <p>Run just this hazard: {@code ./mvnw -Pjcstress -Djcstress.args="-t CacheCloseVsJanitor"}, or
 * {@code java -jar stress-tests/target/jcstress.jar -t CacheCloseVsJanitor}.
 */
public class CacheCloseVsJanitor {

    private CacheCloseVsJanitor() {}

    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** The literal port: ticker + stop channel + a goroutine that close() joins. */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE, desc = "closed before the sweep: the expired entry stays; the janitor is gone")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "swept before close returned; the janitor is gone")
    @Outcome(id = "1, 0, 0", expect = Expect.FORBIDDEN, desc = "a sweep ran after close returned")
    @Outcome(id = {"1, 1, 1", "0, 0, 1", "1, 0, 1"}, expect = Expect.FORBIDDEN, desc = "the janitor goroutine outlived close()")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class RWMutex {
        private final ManualClock clock = new ManualClock();
        private final RWMutexCache<String, String> cache = (RWMutexCache<String, String>) Cache.builder()
                .defaultTtl(Duration.ofMinutes(1)).janitorInterval(INTERVAL).clock(clock).<String, String>buildRWMutex();

        public RWMutex() {
            cache.set("k", "v", Duration.ofMillis(1));
            clock.advance(Duration.ofMillis(500)); // expired, not swept
        }

        @Actor
        public void tick() {
            clock.advance(INTERVAL); // the ticker fires: the janitor sweeps on its own goroutine
        }

        @Actor
        public void close(III_Result r) {
            cache.close();
            r.r1 = cache.held();
            r.r3 = cache.janitor().isAlive() ? 1 : 0;
        }

        @Arbiter
        public void after(III_Result r) {
            r.r2 = cache.held();
        }
    }

    /** The idiomatic flavour with a scheduled sweep: close() cancels it and waits for a running one. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "closed before the sweep: the expired entry stays")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "swept before close returned")
    @Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "a sweep ran after close returned")
    @Outcome(expect = Expect.FORBIDDEN, desc = "impossible")
    @State
    public static class Concurrent {
        private final ManualClock clock = new ManualClock();
        private final ConcurrentTtlCache<String, String> cache = (ConcurrentTtlCache<String, String>) Cache.builder()
                .defaultTtl(Duration.ofMinutes(1)).janitorInterval(INTERVAL).clock(clock).<String, String>build();

        public Concurrent() {
            cache.set("k", "v", Duration.ofMillis(1));
            clock.advance(Duration.ofMillis(500));
        }

        @Actor
        public void tick() {
            clock.advance(INTERVAL); // starts the sweep goroutine
        }

        @Actor
        public void close(II_Result r) {
            cache.close();
            r.r1 = cache.held();
        }

        @Arbiter
        public void after(II_Result r) {
            // the sweep goroutine, if it started, may still be about to look at the closed flag; a removal
            // it made after close() returned would show here
            r.r2 = cache.held();
        }
    }
}
