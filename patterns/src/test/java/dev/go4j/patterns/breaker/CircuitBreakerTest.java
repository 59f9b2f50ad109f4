package dev.go4j.patterns.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every transition of the breaker at fixed instants of a {@link ManualClock}. */
@Timeout(30)
class CircuitBreakerTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> changes = new CopyOnWriteArrayList<>();

    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("db").clock(clock)
                .countWindow(4).minimumCalls(4).failureRateThreshold(50)
                .openDuration(Duration.ofSeconds(30)).halfOpenProbes(2)
                .listener((b, from, to) -> changes.add(from + "->" + to));
    }

    private static void succeed(CircuitBreaker cb) throws Exception {
        cb.call(() -> "ok");
    }

    private static void fail(CircuitBreaker cb) {
        assertThatThrownBy(() -> cb.call(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);
    }

    private void open(CircuitBreaker cb) throws Exception {
        for (int i = 0; i < 4; i++) {
            fail(cb);
        }
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void closed_staysClosedBelowTheMinimumNumberOfCalls() {
        CircuitBreaker cb = breaker().build();
        fail(cb);
        fail(cb);
        fail(cb);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.failureRate()).as("below the minimum: no rate").isEqualTo(-1f);
    }

    @Test
    void countWindow_opensWhenTheFailureRateReachesTheThreshold() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb);
        fail(cb);
        succeed(cb);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        fail(cb); // 2 of 4 = 50%
        assertThat(cb.state()).isEqualTo(State.OPEN);
        assertThat(changes).containsExactly("CLOSED->OPEN");
    }

    @Test
    void countWindow_oldOutcomesRollOut() throws Exception {
        CircuitBreaker cb = breaker().failureRateThreshold(75).build();
        fail(cb);
        fail(cb);
        succeed(cb);
        succeed(cb); // F F S S = 50%
        succeed(cb); // F S S S = 25%: the first failure rolled out
        fail(cb);
        fail(cb); // S S F F... window S F F -> last 4: S S F F = 50%
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        fail(cb); // S F F F = 75%
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void open_refusesUntilTheOpenDurationHasPassed_thenHalfOpen() throws Exception {
        CircuitBreaker cb = breaker().build();
        open(cb);
        assertThatThrownBy(() -> succeed(cb)).isInstanceOfSatisfying(BreakerOpenException.class, e -> {
            assertThat(e.state()).isEqualTo(State.OPEN);
            assertThat(e).hasMessage("db: circuit breaker is open");
        });
        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(cb.tryAcquire()).isEqualTo(-1L);
        assertThat(cb.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofNanos(1));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        assertThat(cb.notPermitted()).isEqualTo(2);
        assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
    }

    @Test
    void halfOpen_admitsExactlyItsProbes_thenClosesWhenTheyPass() throws Exception {
        CircuitBreaker cb = breaker().build();
        open(cb);
        clock.advance(Duration.ofSeconds(30));
        long g1 = cb.tryAcquire();
        long g2 = cb.tryAcquire();
        assertThat(g1).isNotNegative().isEqualTo(g2);
        assertThat(cb.tryAcquire()).as("a third probe").isEqualTo(-1L);
        assertThatThrownBy(() -> succeed(cb)).isInstanceOfSatisfying(BreakerOpenException.class,
                e -> assertThat(e).hasMessage("db: too many requests"));
        cb.onSuccess(g1, 0);
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        cb.onSuccess(g2, 0);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.failureRate()).as("a fresh window").isEqualTo(-1f);
        assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }

    @Test
    void halfOpen_reopensWhenTheProbesFail_forAnotherOpenDuration() throws Exception {
        CircuitBreaker cb = breaker().build();
        open(cb);
        clock.advance(Duration.ofSeconds(30));
        succeed(cb);
        fail(cb); // 1 of 2 = 50%
        assertThat(cb.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(cb.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofNanos(1));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN");
    }

    @Test
    void slowCallRate_opensOnCallsSlowerThanTheLimit() throws Exception {
        CircuitBreaker cb = breaker().failureRateThreshold(100)
                .slowCallRateThreshold(50, Duration.ofMillis(100)).build();
        cb.call(() -> {
            clock.advance(Duration.ofMillis(100)); // exactly the limit: not slower
            return 1;
        });
        cb.call(() -> {
            clock.advance(Duration.ofMillis(101));
            return 2;
        });
        succeed(cb);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        cb.call(() -> {
            clock.advance(Duration.ofSeconds(5));
            return 3;
        });
        assertThat(cb.state()).isEqualTo(State.OPEN);
        assertThat(cb.slowCalls()).isEqualTo(2);
        assertThat(cb.successes()).isEqualTo(4);
    }

    @Test
    void timeWindow_countsOnlyTheCallsOfTheLastWindow() throws Exception {
        CircuitBreaker cb = breaker().timeWindow(Duration.ofSeconds(10), 10).minimumCalls(3).build();
        fail(cb);
        fail(cb);
        clock.advance(Duration.ofSeconds(10)); // both failures expire
        succeed(cb);
        fail(cb);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        succeed(cb); // 1 of 3
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        clock.advance(Duration.ofSeconds(5));
        fail(cb); // 2 of 4 = 50%
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void ignoredFailures_areNotRecorded_andGiveTheirProbeBack() throws Exception {
        CircuitBreaker cb = breaker().ignore(t -> t instanceof IllegalArgumentException).build();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> cb.call(() -> {
                throw new IllegalArgumentException("caller's fault");
            })).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.ignored()).isEqualTo(10);
        open(cb);
        clock.advance(Duration.ofSeconds(30));
        long g = cb.tryAcquire();
        cb.tryAcquire();
        assertThat(cb.tryAcquire()).isEqualTo(-1L);
        cb.onError(g, 0, new IllegalArgumentException());
        assertThat(cb.tryAcquire()).as("the ignored probe was given back").isEqualTo(g);
    }

    @Test
    void recordFailurePredicate_countsOtherFailuresAsSuccesses() throws Exception {
        CircuitBreaker cb = breaker().recordFailure(t -> t instanceof IOException).build();
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> cb.call(() -> {
                throw new IllegalStateException("business error");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.successes()).isEqualTo(8);
        assertThat(cb.failureRate()).isEqualTo(0f);
    }

    @Test
    void outcomeOfAnEarlierGeneration_isNotCounted() throws Exception {
        CircuitBreaker cb = breaker().build();
        long closedGen = cb.tryAcquire(); // a slow call admitted while closed
        open(cb);
        clock.advance(Duration.ofSeconds(30));
        long probe = cb.tryAcquire();
        cb.onSuccess(closedGen, 0);
        cb.onSuccess(closedGen, 0);
        assertThat(cb.state()).as("late outcomes cannot close it").isEqualTo(State.HALF_OPEN);
        cb.onSuccess(probe, 0);
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void toString_showsTheNameAndState() throws Exception {
        CircuitBreaker cb = breaker().build();
        assertThat(cb.toString()).contains("db").contains("state=CLOSED");
        open(cb);
        assertThat(cb.toString()).contains("state=OPEN").contains("failures=4");
    }

    @Test
    void halfOpen_racingThreads_getExactlyTheProbeBudget() throws Exception {
        CircuitBreaker cb = breaker().halfOpenProbes(3).build();
        open(cb);
        clock.advance(Duration.ofSeconds(30));
        int threads = 16;
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    for (int k = 0; k < 100; k++) {
                        if (cb.tryAcquire() >= 0) {
                            admitted.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        go.countDown();
        done.await();
        assertThat(admitted.get()).isEqualTo(3);
    }

    @Test
    void builder_rejectsBadArguments_namingThem() {
        CircuitBreaker.Builder b = CircuitBreaker.builder("x");
        assertThatThrownBy(() -> b.countWindow(0)).hasMessageContaining("size");
        assertThatThrownBy(() -> b.timeWindow(Duration.ofSeconds(1), 0)).hasMessageContaining("buckets");
        assertThatThrownBy(() -> b.timeWindow(Duration.ZERO, 10)).hasMessageContaining("window");
        assertThatThrownBy(() -> b.minimumCalls(0)).hasMessageContaining("minimumCalls");
        assertThatThrownBy(() -> b.failureRateThreshold(0)).hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() -> b.failureRateThreshold(101)).hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() -> b.slowCallRateThreshold(Float.NaN, Duration.ZERO)).hasMessageContaining("slowCallRateThreshold");
        assertThatThrownBy(() -> b.openDuration(Duration.ofSeconds(-1))).hasMessageContaining("openDuration");
        assertThatThrownBy(() -> b.halfOpenProbes(0)).hasMessageContaining("halfOpenProbes");
        assertThatThrownBy(() -> CircuitBreaker.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void extremeOpenDuration_doesNotOverflow() throws Exception {
        CircuitBreaker cb = breaker().openDuration(Duration.ofSeconds(Long.MAX_VALUE)).build();
        open(cb);
        clock.advance(Duration.ofDays(365 * 100));
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }
}
