package dev.go4j.benchmarks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Go benchmark (in {@code go/}) is the twin of which JMH row: one table, read top to bottom,
 * the first entry that matches a row wins.
 *
 * <p>An entry names a JMH benchmark ({@code Class.method}, as the comparison prints it), the
 * parameter values a row must have (space-separated {@code key=value}; the others may be anything),
 * and the Go benchmark's full name, in which {@code {key}} stands for the row's value of that
 * parameter. Go's name is as {@code go test -bench} prints it, without the {@code -GOMAXPROCS} suffix.
 *
 * <p>Left out on purpose, because the shapes differ: {@code SelectDefaultBenchmark} with
 * {@code capacity=0} (Go's twin selects over buffered channels), the platform-thread channel rows,
 * and {@code KeyedRateLimiterBenchmark} (4 threads; Go's twin runs on 1 and 2 goroutines).
 */
final class GoTwins {

    /**
     * One line of the table.
     *
     * @param java the JMH benchmark, {@code SelectReadyBenchmark.select}
     * @param params the values a row must have, {@code impl=GO4J}
     * @param go the Go benchmark's name, {@code BenchmarkSelectReady/{cases}}
     */
    record Twin(String java, String params, String go) {

        boolean matches(String benchmark, Map<String, String> rowParams) {
            if (!java.equals(benchmark)) {
                return false;
            }
            for (String kv : params.split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && !kv.substring(eq + 1).equals(rowParams.get(kv.substring(0, eq)))) {
                    return false;
                }
            }
            return true;
        }

        String goName(Map<String, String> rowParams) {
            Matcher m = PLACEHOLDER.matcher(go);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = rowParams.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException("twin " + go + " needs the parameter " + m.group(1));
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            return m.appendTail(sb).toString();
        }

        /** The top-level Go function, {@code BenchmarkSelectReady}. */
        String goFunction() {
            int slash = go.indexOf('/');
            return slash < 0 ? go : go.substring(0, slash);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** The table. */
    static final List<Twin> TABLE = List.of(
            // channels and select (go/chan): one message, one round trip, one select
            new Twin("ChannelBufferedBenchmark.transfer", "impl=GO4J shape=1x1 threads=VIRTUAL", "BenchmarkChannelBuffered/1to1"),
            new Twin("ChannelBufferedBenchmark.transfer", "impl=GO4J shape=2x2 threads=VIRTUAL", "BenchmarkChannelBuffered/2to2"),
            new Twin("ChannelBufferedBenchmark.transfer", "impl=GO4J shape=4x4 threads=VIRTUAL", "BenchmarkChannelBuffered/4to4"),
            new Twin("ChannelUnbufferedBenchmark.transfer", "impl=GO4J", "BenchmarkChannelUnbuffered/1to1"),
            new Twin("ChannelPingPongBenchmark.roundTrip", "impl=GO4J", "BenchmarkChannelPingPong"),
            new Twin("ChannelContextBenchmark.transfer", "impl=GO4J", "BenchmarkChannelContext"),
            new Twin("SelectReadyBenchmark.select", "impl=GO4J", "BenchmarkSelectReady/{cases}"),
            // Go's twin selects over two empty buffered channels
            new Twin("SelectDefaultBenchmark.selectDefault", "impl=GO4J capacity=16", "BenchmarkSelectDefault"),
            new Twin("SelectParkedBenchmark.selectParked", "impl=GO4J", "BenchmarkSelectParked/{cases}"),
            // context (go/context)
            new Twin("ContextCancelBenchmark.deriveAndCancel", "impl=GO4J form=WITH_CANCEL parent=BACKGROUND", "BenchmarkContextCancel/WithCancel/Background"),
            new Twin("ContextCancelBenchmark.deriveAndCancel", "impl=GO4J form=WITH_CANCEL parent=CANCELABLE", "BenchmarkContextCancel/WithCancel/Cancelable"),
            new Twin("ContextCancelBenchmark.deriveAndCancel", "impl=GO4J form=WITH_TIMEOUT parent=BACKGROUND", "BenchmarkContextCancel/WithTimeout/Background"),
            new Twin("ContextCancelBenchmark.deriveAndCancel", "impl=GO4J form=WITH_TIMEOUT parent=CANCELABLE", "BenchmarkContextCancel/WithTimeout/Cancelable"),
            new Twin("ContextCancelTreeBenchmark.buildAndCancel", "impl=GO4J", "BenchmarkContextCancelTree/{children}"),
            new Twin("ContextValueBenchmark.lookup", "impl=GO4J", "BenchmarkContextValue/{depth}"),
            // time (go/time)
            new Twin("TimerBenchmark.startAndStop", "impl=GO4J", "BenchmarkTimer/NewTimer"),
            new Twin("TimerBenchmark.startAndStop", "impl=GO4J_AFTER_FUNC", "BenchmarkTimer/AfterFunc"),
            // sync, x/sync (go/sync, go/errgroup, go/singleflight)
            new Twin("WaitGroupBenchmark.fanOutThenWait", "impl=WAIT_GROUP", "BenchmarkWaitGroup/impl=WAIT_GROUP/tasks={tasks}"),
            new Twin("WaitGroupBenchmark.fanOutThenWait", "impl=WAIT_GROUP_GO", "BenchmarkWaitGroup/impl=WAIT_GROUP_GO/tasks={tasks}"),
            new Twin("WaitGroupCycleBenchmark.addDoneWait", "impl=WAIT_GROUP", "BenchmarkWaitGroupCycle/impl=WAIT_GROUP/tasks={tasks}"),
            new Twin("OnceBenchmark.get", "impl=ONCE_RUN", "BenchmarkOnce/impl=ONCE_RUN"),
            new Twin("OnceBenchmark.get", "impl=ONCE_VALUE", "BenchmarkOnce/impl=ONCE_VALUE"),
            new Twin("OnceBenchmark.get", "impl=HOLDER", "BenchmarkOnce/impl=HOLDER"),
            new Twin("OnceBenchmark.get", "impl=VOLATILE_READ", "BenchmarkOnce/impl=VOLATILE_READ"),
            new Twin("OnceFirstCallBenchmark.firstCall", "impl=ONCE_RUN", "BenchmarkOnceFirstCall/impl=ONCE_RUN"),
            new Twin("OnceFirstCallBenchmark.firstCall", "impl=ONCE_VALUE", "BenchmarkOnceFirstCall/impl=ONCE_VALUE"),
            new Twin("PoolBenchmark.getUsePut", "impl=POOL", "BenchmarkPool/impl=POOL/size={size}"),
            new Twin("PoolBenchmark.getUsePut", "impl=ALLOCATE", "BenchmarkPool/impl=ALLOCATE/size={size}"),
            new Twin("PoolPerTaskBenchmark.taskPerVirtualThread", "impl=POOL", "BenchmarkPoolPerTask/impl=POOL/size={size}/tasks={tasks}"),
            new Twin("PoolPerTaskBenchmark.taskPerVirtualThread", "impl=ALLOCATE", "BenchmarkPoolPerTask/impl=ALLOCATE/size={size}/tasks={tasks}"),
            new Twin("SemaphoreBenchmark.acquireWorkRelease", "impl=GO4J", "BenchmarkSemaphore/impl=WEIGHTED/permits={permits}"),
            new Twin("ErrGroupBenchmark.fanOutThenWait", "impl=ERR_GROUP", "BenchmarkErrGroup/impl=ERR_GROUP/tasks={tasks}"),
            new Twin("SingleFlightBenchmark.call", "impl=SINGLE_FLIGHT", "BenchmarkSingleFlight/impl=SINGLE_FLIGHT/keys={keys}"),
            new Twin("SingleFlightBenchmark.call", "impl=NO_DEDUP", "BenchmarkSingleFlight/impl=NO_DEDUP/keys={keys}"),
            // patterns (go/workerpool, go/pipeline, go/ratelimit, go/cache, go/retry, go/breaker, go/http)
            new Twin("WorkerPoolBenchmark.jobs", "impl=GO4J", "BenchmarkWorkerPool/impl=GO4J/workers={workers}"),
            new Twin("WorkerPoolBenchmark.jobs", "impl=GO4J_POOL", "BenchmarkWorkerPool/impl=GO4J_POOL/workers={workers}"),
            new Twin("PipelineBenchmark.stages", "impl=GO4J", "BenchmarkPipeline/stages/impl=GO4J/shape={shape}"),
            new Twin("PipelineBenchmark.parallelMap", "impl=GO4J", "BenchmarkPipeline/parallelMap/impl=GO4J/order={order}"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire1Thread", "impl=GO4J", "BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load={load}/threads=1"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "impl=GO4J", "BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load={load}/threads=2"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire1Thread", "impl=GO4J_LOCKING", "BenchmarkRateLimiterTryAcquire/impl=LOCKING/load={load}/threads=1"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "impl=GO4J_LOCKING", "BenchmarkRateLimiterTryAcquire/impl=LOCKING/load={load}/threads=2"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire1Thread", "impl=GO4J_CHANNEL", "BenchmarkRateLimiterTryAcquire/impl=CHANNEL/load={load}/threads=1"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "impl=GO4J_CHANNEL", "BenchmarkRateLimiterTryAcquire/impl=CHANNEL/load={load}/threads=2"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire1Thread", "impl=GO4J_LIMITER", "BenchmarkRateLimiterTryAcquire/impl=LIMITER/load={load}/threads=1"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "impl=GO4J_LIMITER", "BenchmarkRateLimiterTryAcquire/impl=LIMITER/load={load}/threads=2"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire1Thread", "impl=GO4J_SLIDING_LOG", "BenchmarkRateLimiterTryAcquire/impl=SLIDING_LOG/load={load}/threads=1"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "impl=GO4J_SLIDING_LOG", "BenchmarkRateLimiterTryAcquire/impl=SLIDING_LOG/load={load}/threads=2"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire1Thread", "impl=GO4J_SLIDING_WINDOW", "BenchmarkRateLimiterTryAcquire/impl=SLIDING_WINDOW/load={load}/threads=1"),
            new Twin("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "impl=GO4J_SLIDING_WINDOW", "BenchmarkRateLimiterTryAcquire/impl=SLIDING_WINDOW/load={load}/threads=2"),
            // the idiomatic caches: ConcurrentTtlCache and Go's sharded map; the literal ports: map + RWMutex
            new Twin("CacheReadWriteBenchmark.readWrite", "impl=GO4J", "BenchmarkCacheReadWrite/impl=SHARDED/workload={workload}"),
            new Twin("CacheReadWriteBenchmark.readWrite", "impl=GO4J_RWMUTEX", "BenchmarkCacheReadWrite/impl=RWMUTEX_MAP/workload={workload}"),
            new Twin("RetrySuccessBenchmark.call1Thread", "impl=DIRECT", "BenchmarkRetrySuccess/impl=DIRECT"),
            new Twin("RetrySuccessBenchmark.call1Thread", "impl=GO4J", "BenchmarkRetrySuccess/impl=GO4J"),
            new Twin("BreakerClosedBenchmark.call1Thread", "impl=DIRECT", "BenchmarkBreakerClosed/impl=DIRECT"),
            new Twin("BreakerClosedBenchmark.call1Thread", "impl=GO4J", "BenchmarkBreakerClosed/impl=GO4J"),
            new Twin("BreakerClosedBenchmark.call2Threads", "impl=GO4J", "BenchmarkBreakerClosed/impl=GO4J_PARALLEL"),
            new Twin("MiddlewareChainBenchmark.request", "chain=BARE", "BenchmarkMiddlewareChain/bare"),
            new Twin("MiddlewareChainBenchmark.request", "chain=FULL", "BenchmarkMiddlewareChain/full"));

    private GoTwins() {}

    /** The first entry of {@code table} for this row, if any. */
    static Optional<Twin> find(List<Twin> table, String benchmark, Map<String, String> params) {
        return table.stream().filter(t -> t.matches(benchmark, params)).findFirst();
    }

    /** The Go twin's name of this row, if it has one. */
    static Optional<String> goName(String benchmark, Map<String, String> params) {
        return find(TABLE, benchmark, params).map(t -> t.goName(params));
    }

    /** The top-level Go functions of the twins of {@code benchmarks} (short names), for {@code -bench}. */
    static Set<String> goFunctions(Set<String> benchmarks) {
        Set<String> functions = new LinkedHashSet<>();
        for (Twin t : TABLE) {
            if (benchmarks.contains(t.java())) {
                functions.add(t.goFunction());
            }
        }
        return functions;
    }
}
