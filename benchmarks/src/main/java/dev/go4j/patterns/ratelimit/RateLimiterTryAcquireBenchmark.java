package dev.go4j.patterns.ratelimit;

import dev.go4j.benchmarks.Baseline;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One non-blocking try for one permit: the first line of a rate-limited HTTP handler, Go's
 * {@code if !lim.Allow() { http.Error(w, "slow down", 429) }}.
 *
 * <p>Workloads ({@code load}):
 * <ul>
 *   <li>{@code GRANTS}: a limiter that always has permits (10^9 per second, burst 10^6): the cost of a
 *       grant, a write to the shared state.</li>
 *   <li>{@code REJECTS}: a drained limiter of 1 per second, burst 1: the cost of a refusal, which a
 *       good design makes a read only. It grants about once a second.</li>
 * </ul>
 * Each runs on 1 thread ({@code tryAcquire1Thread}) and on 2 threads sharing one limiter
 * ({@code tryAcquire2Threads}: the contended case). The {@code granted} and {@code refused} counters
 * show that each workload does what it says.
 *
 * <p>Compared ({@code impl}; ratios are against {@code GO4J}, the lock-free bucket):
 * <ul>
 *   <li>{@code GO4J}: {@link AtomicTokenBucket}, GCRA in one {@code long}, one CAS per grant.</li>
 *   <li>{@code GO4J_LOCKING}: {@link LockingTokenBucket}, lazy refill under a {@code ReentrantLock}.</li>
 *   <li>{@code GO4J_CHANNEL}: {@link ChannelTokenBucket}, the literal Go port. At 10^9 per second
 *       it ticks once a millisecond and each tick sends up to 10^6 tokens into the channel, one
 *       {@code trySend} each, on the system clock's timer thread: under {@code GRANTS} that thread
 *       competes with the benchmark threads for the 2 cores, and takers contend with it on the
 *       channel. That is the port's real cost at such a rate, not a harness artefact.</li>
 *   <li>{@code GO4J_LIMITER}: {@link Limiter}, the port of Go's {@code x/time/rate}: float tokens
 *       under a {@code ReentrantLock}, as Go's own {@code sync.Mutex}.</li>
 *   <li>{@code GO4J_SLIDING_LOG}, {@code GO4J_SLIDING_WINDOW}: {@link SlidingLogLimiter} and
 *       {@link SlidingWindowLimiter} with {@code burst} permits per window of {@code burst / rate}
 *       (1 ms under {@code GRANTS}, 1 s under {@code REJECTS}).</li>
 *   <li>{@code GUAVA}: Guava's {@code RateLimiter.tryAcquire()} (SmoothBursty, {@code synchronized};
 *       its burst is one second of permits and cannot be set).</li>
 *   <li>{@code BUCKET4J}: Bucket4j's local bucket with {@code SynchronizationStrategy.LOCK_FREE},
 *       nanosecond precision, greedy refill, {@code tryConsume(1)}.</li>
 *   <li>{@code RESILIENCE4J}: Resilience4j's {@code AtomicRateLimiter} (fixed windows, CAS),
 *       {@code acquirePermission()} with a zero timeout; windows of 1 ms x 10^6 permits, or 1 s x 1.</li>
 *   <li>{@code CAS_FLOOR}: a bare GCRA on an {@link AtomicLong} and {@code System.nanoTime()} in this
 *       class, with no validation or clock abstraction: the floor a CAS limiter can reach.</li>
 * </ul>
 * Add a flavour by adding a constant that returns a {@link Gate}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.Comparison -full
 * RateLimiterTryAcquire} (or {@code ./mvnw -Pjmh -Djmh.args="RateLimiterTryAcquire"}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class RateLimiterTryAcquireBenchmark {

    /** One limiter under test, reduced to its non-blocking try. */
    interface Gate extends AutoCloseable {
        boolean tryAcquire();

        @Override
        default void close() {}
    }

    /** How the limiter is set up: permits per second and burst. */
    public enum Load {
        /** Always permits: 10^9 per second, burst 10^6. */
        GRANTS(1e9, 1_000_000),
        /** Drained, 1 per second, burst 1. */
        REJECTS(1.0, 1);

        final double rate;
        final int burst;

        Load(double rate, int burst) {
            this.rate = rate;
            this.burst = burst;
        }

        /** The window of a window limiter with the same rate and burst: burst permits per burst / rate. */
        Duration window() {
            return Duration.ofNanos((long) (burst * 1e9 / rate));
        }
    }

    /** The implementations; {@code GO4J} is the baseline of the ratios. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Gate create(Load load) {
                AtomicTokenBucket b = new AtomicTokenBucket(load.rate, load.burst);
                return b::tryAcquire;
            }
        },
        GO4J_LOCKING {
            @Override
            Gate create(Load load) {
                LockingTokenBucket b = new LockingTokenBucket(load.rate, load.burst);
                return b::tryAcquire;
            }
        },
        GO4J_CHANNEL {
            @Override
            Gate create(Load load) {
                ChannelTokenBucket b = new ChannelTokenBucket(load.rate, load.burst);
                return new Gate() {
                    @Override
                    public boolean tryAcquire() {
                        return b.tryAcquire();
                    }

                    @Override
                    public void close() {
                        b.close();
                    }
                };
            }
        },
        GO4J_LIMITER {
            @Override
            Gate create(Load load) {
                Limiter l = new Limiter(Limit.of(load.rate), load.burst);
                return l::tryAcquire;
            }
        },
        GO4J_SLIDING_LOG {
            @Override
            Gate create(Load load) {
                SlidingLogLimiter l = new SlidingLogLimiter(load.burst, load.window());
                return l::tryAcquire;
            }
        },
        GO4J_SLIDING_WINDOW {
            @Override
            Gate create(Load load) {
                SlidingWindowLimiter l = new SlidingWindowLimiter(load.burst, load.window());
                return l::tryAcquire;
            }
        },
        GUAVA {
            @Override
            Gate create(Load load) {
                com.google.common.util.concurrent.RateLimiter g =
                        com.google.common.util.concurrent.RateLimiter.create(load.rate);
                return g::tryAcquire;
            }
        },
        BUCKET4J {
            @Override
            Gate create(Load load) {
                long perSecond = (long) load.rate;
                Bucket b = Bucket.builder()
                        .addLimit(limit -> limit.capacity(load.burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                        .withNanosecondPrecision()
                        .withSynchronizationStrategy(SynchronizationStrategy.LOCK_FREE)
                        .build();
                return () -> b.tryConsume(1);
            }
        },
        RESILIENCE4J {
            @Override
            Gate create(Load load) {
                RateLimiterConfig config = load == Load.GRANTS
                        ? config(Duration.ofMillis(1), (int) (load.rate / 1000))
                        : config(Duration.ofSeconds(1), (int) load.rate);
                AtomicRateLimiter r = new AtomicRateLimiter("benchmark", config);
                return r::acquirePermission;
            }

            private RateLimiterConfig config(Duration window, int permits) {
                return RateLimiterConfig.custom()
                        .limitRefreshPeriod(window)
                        .limitForPeriod(permits)
                        .timeoutDuration(Duration.ZERO)
                        .build();
            }
        },
        CAS_FLOOR {
            @Override
            Gate create(Load load) {
                return new CasFloor(load.rate, load.burst);
            }
        };

        abstract Gate create(Load load);
    }

    /** The floor: GCRA on an AtomicLong, nothing else. */
    static final class CasFloor implements Gate {
        private final AtomicLong tat;
        private final long interval;
        private final long tolerance;

        CasFloor(double rate, int burst) {
            interval = Math.max(1L, (long) Math.ceil(1e9 / rate));
            tolerance = interval * burst;
            tat = new AtomicLong(System.nanoTime());
        }

        @Override
        public boolean tryAcquire() {
            for (;;) {
                long t = tat.get();
                long now = System.nanoTime();
                long next = (t - now < 0L ? now : t) + interval;
                if (next - now > tolerance) {
                    return false;
                }
                if (tat.compareAndSet(t, next)) {
                    return true;
                }
            }
        }
    }

    /** Grants and refusals seen by one thread: proof that the workload is what it says. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        /** Tries that were granted. */
        public long granted;
        /** Tries that were refused. */
        public long refused;

        @Setup(Level.Iteration)
        public void reset() {
            granted = 0;
            refused = 0;
        }
    }

    @Param
    public Impl impl;

    @Param
    public Load load;

    private Gate gate;

    @Setup(Level.Trial)
    public void setUp() {
        gate = impl.create(load);
        if (load == Load.REJECTS) {
            for (int i = 0; i < 1_000 && gate.tryAcquire(); i++) {
                // drain the burst (and Guava's free first permit)
            }
            if (gate.tryAcquire()) {
                throw new IllegalStateException(impl + " still grants after draining");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gate.close();
    }

    private boolean tryAcquire(Counts counts) {
        boolean granted = gate.tryAcquire();
        if (granted) {
            counts.granted++;
        } else {
            counts.refused++;
        }
        return granted;
    }

    /** One thread alone on the limiter. */
    @Benchmark
    @Threads(1)
    public boolean tryAcquire1Thread(Counts counts) {
        return tryAcquire(counts);
    }

    /** Two threads sharing the limiter. */
    @Benchmark
    @Threads(2)
    public boolean tryAcquire2Threads(Counts counts) {
        return tryAcquire(counts);
    }
}
