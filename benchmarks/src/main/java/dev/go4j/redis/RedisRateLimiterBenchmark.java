package dev.go4j.redis;

import dev.go4j.benchmarks.Baseline;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
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
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * One rate-limit decision against a loopback Redis: the first line of a rate-limited handler in a
 * service that runs on several machines. Each fork starts its own {@code redis-server}.
 *
 * <p>Workloads: {@code keys = HOT} (every caller on one key, the contended case) or {@code SPREAD}
 * (a key drawn at random among 10^5 per decision); 1, 8 or 64 concurrent callers
 * ({@code decide1Caller}, {@code decide8Callers}, {@code decide64Callers}, one JMH thread each,
 * closed loop). The limit is 10^5 per second with a burst of 10^5 per key, so decisions are mostly
 * grants: the write path. The mode is sample time: the mean, p50 and p99 latency of one decision;
 * decisions per second are {@code callers / mean} (each caller waits for its answer).
 *
 * <p>Compared ({@code impl}; ratios against {@code GO4J}):
 * <ul>
 *   <li>{@code GO4J}: {@link RedisRateLimiter#tryAcquire(String, int)}, GCRA in one {@code EVALSHA}
 *       on the server's clock.</li>
 *   <li>{@code BUCKET4J}: Bucket4j's Lettuce integration ({@code LettuceBasedProxyManager}), which
 *       reads the bucket and writes it back with a compare-and-swap script, retrying on a lost race;
 *       {@code tryConsume(1)}.</li>
 *   <li>{@code REDISSON}: Redisson's {@code RRateLimiter} ({@code RateType.OVERALL}, 10^5 per second),
 *       {@code tryAcquire()}; the limiters of the 10^5 keys are created in the setup.</li>
 * </ul>
 *
 * <p>Commands per decision: at the end of each fork the benchmark prints, to standard error, the
 * client's round trips per decision (counted by Lettuce for {@code GO4J} and {@code BUCKET4J}) and
 * {@code INFO commandstats} per decision for every command the server ran, including those a script
 * ran inside its one call.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.Comparison -full
 * RedisRateLimiter} (needs {@code redis-server} on the PATH).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class RedisRateLimiterBenchmark {
    static final double RATE = 100_000;
    static final int BURST = 100_000;
    static final int SPREAD_KEYS = 100_000;

    /** One limiter under test, reduced to a non-blocking decision on a key. */
    interface Gate extends AutoCloseable {
        boolean tryAcquire(int key);

        @Override
        default void close() throws Exception {}
    }

    /** Which keys the callers ask for. */
    public enum Keys {
        /** Every decision on one key. */
        HOT,
        /** A key drawn at random among 10^5 for each decision. */
        SPREAD
    }

    /** The implementations; {@code GO4J} is the baseline of the ratios. */
    public enum Impl {
        @Baseline
        GO4J {
            @Override
            Gate create(RedisRateLimiterBenchmark b) {
                StatefulRedisConnection<String, String> c = b.lettuce.connect();
                RedisRateLimiter l = RedisRateLimiter.builder(c, RATE, BURST).keyPrefix("go4j:")
                        .timeout(Duration.ofSeconds(5)).onFailure(FailurePolicy.failClosed()).build();
                String[] names = b.names;
                return new Gate() {
                    @Override
                    public boolean tryAcquire(int key) {
                        return l.tryAcquire(names[key], 1);
                    }

                    @Override
                    public void close() {
                        if (l.counters().failures() > 0) {
                            throw new IllegalStateException("Redis failed during the run: " + l.counters());
                        }
                        l.close();
                        c.close();
                    }
                };
            }
        },
        BUCKET4J {
            @Override
            Gate create(RedisRateLimiterBenchmark b) {
                StatefulRedisConnection<String, byte[]> c =
                        b.lettuce.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                ProxyManager<String> buckets = LettuceBasedProxyManager.builderFor(c)
                        .withExpirationStrategy(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .build();
                BucketConfiguration config = BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(BURST).refillGreedy((long) RATE, Duration.ofSeconds(1)))
                        .build();
                Supplier<BucketConfiguration> configs = () -> config;
                String[] names = b.names;
                return new Gate() {
                    @Override
                    public boolean tryAcquire(int key) {
                        return buckets.builder().build("bucket4j:" + names[key], configs).tryConsume(1);
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }
        },
        REDISSON {
            @Override
            Gate create(RedisRateLimiterBenchmark b) throws Exception {
                Config config = new Config();
                config.useSingleServer().setAddress(b.server.uri()).setConnectionMinimumIdleSize(1)
                        .setConnectionPoolSize(64);
                RedissonClient client = Redisson.create(config);
                String[] names = b.names;
                RRateLimiter[] limiters = new RRateLimiter[names.length];
                List<org.redisson.api.RFuture<Boolean>> pending = new ArrayList<>();
                for (int i = 0; i < names.length; i++) {
                    limiters[i] = client.getRateLimiter("redisson:" + names[i]);
                    pending.add(limiters[i].trySetRateAsync(RateType.OVERALL, (long) RATE, Duration.ofSeconds(1)));
                }
                for (org.redisson.api.RFuture<Boolean> f : pending) {
                    f.toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
                return new Gate() {
                    @Override
                    public boolean tryAcquire(int key) {
                        return limiters[key].tryAcquire();
                    }

                    @Override
                    public void close() {
                        client.shutdown(0, 5, TimeUnit.SECONDS);
                    }
                };
            }
        };

        abstract Gate create(RedisRateLimiterBenchmark b) throws Exception;
    }

    @Param
    public Impl impl;

    @Param
    public Keys keys;

    BenchRedisServer server;
    ClientResources resources;
    RedisClient lettuce;
    String[] names;
    Gate gate;
    final LongAdder decisions = new LongAdder();
    final LongAdder granted = new LongAdder();
    final Map<String, LongAdder> clientCommands = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = BenchRedisServer.start();
        resources = ClientResources.builder().commandLatencyRecorder(new CommandCounter(clientCommands)).build();
        lettuce = RedisClient.create(resources, server.uri());
        int n = keys == Keys.HOT ? 1 : SPREAD_KEYS;
        names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = "k" + i;
        }
        gate = impl.create(this);
        if (!gate.tryAcquire(0)) {
            throw new IllegalStateException(impl + " refused the first permit of a full bucket");
        }
        clientCommands.clear();
        try (StatefulRedisConnection<String, String> admin = lettuce.connect()) {
            admin.sync().configResetstat();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            report();
            gate.close();
            if (granted.sum() == 0) {
                throw new IllegalStateException(impl + " granted nothing");
            }
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            resources.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            server.close();
        }
    }

    /** Prints the round trips and the server's commands per decision of this fork. */
    private void report() {
        long total = Math.max(1, decisions.sum());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%n[RedisRateLimiterBenchmark] %s %s: %d decisions, %.1f%% granted%n", impl, keys, decisions.sum(),
                100.0 * granted.sum() / total));
        if (impl != Impl.REDISSON) {
            long sent = clientCommands.values().stream().mapToLong(LongAdder::sum).sum();
            sb.append(String.format(Locale.ROOT, "  client round trips per decision: %.3f %s%n", (double) sent / total,
                    perDecision(clientCommands, total)));
        }
        Map<String, LongAdder> server = new TreeMap<>();
        try (StatefulRedisConnection<String, String> admin = lettuce.connect()) {
            for (String line : admin.sync().info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) { // cmdstat_evalsha:calls=123,usec=...
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String calls = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                    if (!name.equals("info")) {
                        server.computeIfAbsent(name, k -> new LongAdder()).add(Long.parseLong(calls));
                    }
                }
            }
        }
        sb.append("  server commands per decision (INFO commandstats, script-internal included): ")
                .append(perDecision(server, total)).append('\n');
        System.err.print(sb);
    }

    private static String perDecision(Map<String, LongAdder> counts, long total) {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(counts).forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "")
                .append(String.format(Locale.ROOT, "%s=%.3f", k.toLowerCase(Locale.ROOT), (double) v.sum() / total)));
        return sb.append('}').toString();
    }

    private boolean decide() {
        int key = names.length == 1 ? 0 : ThreadLocalRandom.current().nextInt(names.length);
        boolean ok = gate.tryAcquire(key);
        decisions.increment();
        if (ok) {
            granted.increment();
        }
        return ok;
    }

    /** One caller. */
    @Benchmark
    @Threads(1)
    public boolean decide1Caller() {
        return decide();
    }

    /** Eight concurrent callers. */
    @Benchmark
    @Threads(8)
    public boolean decide8Callers() {
        return decide();
    }

    /** Sixty-four concurrent callers. */
    @Benchmark
    @Threads(64)
    public boolean decide64Callers() {
        return decide();
    }

    /** Counts the commands a Lettuce client completes, by name: the client's round trips. */
    static final class CommandCounter implements CommandLatencyRecorder {
        private final Map<String, LongAdder> counts;

        CommandCounter(Map<String, LongAdder> counts) {
            this.counts = counts;
        }

        @Override
        public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
                long firstResponseLatency, long completionLatency) {
            counts.computeIfAbsent(commandType.toString(), k -> new LongAdder()).increment();
        }
    }
}
