package dev.go4j.redis;

import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.patterns.ratelimit.KeyedRateLimiter;
import dev.go4j.patterns.ratelimit.RateLimiter;
import dev.go4j.patterns.ratelimit.WaitExceedsDeadlineException;
import dev.go4j.time.Clock;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A rate limiter whose state lives in Redis, shared by every instance of a service: GCRA in one Lua
 * script on the server's clock, one round trip per decision. Go: {@code go-redis/redis_rate}'s
 * {@code limiter.AllowN(ctx, key, redis_rate.PerSecond(r), n)}, behind go4j's {@link RateLimiter}
 * interface, with a keyed form for per-user or per-address limits.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Each key is a token bucket of {@code rate} permits per second and {@code burst} at most,
 *       full when first used, refilled continuously (GCRA, as {@code AtomicTokenBucket}): the same
 *       decisions as the in-process bucket, at the resolution of one microsecond. The emission
 *       interval {@code 1e6 / rate} µs is rounded up, so no key is granted faster than asked.</li>
 *   <li>{@link #tryAcquire(String, int)} makes one round trip: {@code EVALSHA} of the script, which
 *       reads the server's {@code TIME}, decides, and on a grant stores the new state with an expiry
 *       at the instant the bucket is full again (an idle key leaves nothing behind). A refusal writes
 *       nothing. If the server answers {@code NOSCRIPT} (after a restart or a failover) the script
 *       is sent once with {@code EVAL}, which loads it again.</li>
 *   <li>No client clock reaches Redis: instances whose clocks disagree share one limit exactly.</li>
 *   <li>{@link #acquire(Context, String, int)} asks, and on a refusal waits the retry-after Redis
 *       returned, on this limiter's {@link Clock}, then asks again, until granted or the context is
 *       done. Waiters hold no reservation and are not queued: under contention any of them may be
 *       granted first. A request larger than the burst fails at once, as the in-process limiters
 *       do.</li>
 *   <li>Keys are {@code prefix + "{" + key + "}"}: the key is a hash tag, so on Redis Cluster each
 *       bucket lives on the slot of its key.</li>
 *   <li>When Redis fails or does not answer within {@link Builder#timeout(Duration) the timeout},
 *       the {@link FailurePolicy} decides, and nothing but the policy's decision reaches the caller.
 *       A request that timed out may still be executed by Redis later: its permits are then taken
 *       without being granted (the limit errs on the safe side).</li>
 * </ul>
 *
 * <p>The limiter does not own the connection: {@link #close()} releases the fallback buckets only;
 * the caller closes the connection and the client.
 *
 * <p>Thread safety: safe for any number of threads; one Lettuce connection is multiplexed by all of
 * them. Memory consistency effects: a grant is decided by one atomic script on the server, so a
 * grant observed by any client happens-after every earlier grant on the same key, whichever instance
 * made it.
 *
 * <p>Bad input: {@code rate} not in {@code (0, 1e6]} per second, {@code burst < 1}, or
 * {@code burst / rate} above 2^50 µs (35 years) throw {@link IllegalArgumentException}; permits and
 * contexts as {@link RateLimiter}; a null key throws {@link NullPointerException}.
 *
 * <p>Example: {@snippet class=dev.go4j.redis.RedisRateLimiterSnippets region=limiter}
 *
 * @implNote One {@code EVALSHA} per decision (two commands on the first use after a restart); the
 * script runs {@code TIME}, {@code GET} and, on a grant, {@code SET PX}: O(1) on the server. On the
 * client: a key string, an argument array and a Lettuce command per call; {@code acquire} adds one
 * clock timer per wait.
 * @since 0.1.0
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    /* Implementation overview
     *
     * decide(key, n) -> EVALSHA sha [prefix{key}] T burst n   (one round trip)
     *     NOSCRIPT        -> EVAL source ...                   (loads it; counted as a reload)
     *     timeout / error -> policy(key, n)                     (counted)
     * The script (GcraScript) keeps one value per key, tat in microseconds since the epoch, and
     * returns {allowed, remaining, retryAfter us, resetAfter us}. All GCRA arithmetic happens on the
     * server: the client only checks arguments and waits.
     *
     * Why not a reservation queue like AtomicTokenBucket's acquire: a reservation would have to be
     * handed back over the network when its context ends, and a client that dies while waiting would
     * leave a hole in the schedule. Retrying after retry-after keeps the server state a pure bucket.
     */

    /** The highest rate: one permit per microsecond, the resolution of the script. */
    static final double MAX_RATE = 1e6;
    /** The longest {@code burst / rate}: 2^50 µs, so that now + tau + cost stays below 2^53 in Lua. */
    static final long MAX_TOLERANCE_MICROS = 1L << 50;

    private final RedisScriptingAsyncCommands<String, String> redis;
    private final GcraScript script;
    private final LongSupplier pinnedMicros; // null in production: the script reads TIME
    private final String prefix;
    private final String defaultKey;
    private final double rate;
    private final int burst;
    private final long intervalMicros;
    private final String intervalArg;
    private final String burstArg;
    private final long timeoutNanos;
    private final Clock clock;
    private final FailurePolicy policy;
    private final KeyedRateLimiter<String> fallback; // null unless the policy is FALLBACK
    private final Duration fallbackRetry;

    private final LongAdder decisions = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failedOpen = new LongAdder();
    private final LongAdder failedClosed = new LongAdder();
    private final LongAdder fellBack = new LongAdder();
    private final LongAdder scriptReloads = new LongAdder();

    private RedisRateLimiter(Builder b) {
        this.redis = b.redis;
        this.script = b.pinnedMicros == null ? GcraScript.SERVER_CLOCK : GcraScript.PINNED_CLOCK;
        this.pinnedMicros = b.pinnedMicros;
        this.prefix = b.prefix;
        this.defaultKey = b.defaultKey;
        this.rate = b.rate;
        this.burst = b.burst;
        this.intervalMicros = intervalMicros(b.rate, b.burst);
        this.intervalArg = Long.toString(intervalMicros);
        this.burstArg = Integer.toString(burst);
        this.timeoutNanos = b.timeout.toNanos();
        this.clock = b.clock;
        this.policy = b.policy;
        if (policy.kind() == FailurePolicy.Kind.FALLBACK) {
            double fallbackRate = rate * policy.share();
            int fallbackBurst = Math.max(1, (int) Math.floor(burst * policy.share()));
            Duration refill = Duration.ofNanos((long) Math.ceil(fallbackBurst * 1e9 / fallbackRate));
            Duration idle = refill.plusSeconds(1);
            this.fallback = KeyedRateLimiter.tokenBuckets(fallbackRate, fallbackBurst, b.fallbackMaxKeys, idle, clock);
            this.fallbackRetry = Duration.ofNanos((long) Math.ceil(1e9 / fallbackRate));
        } else {
            this.fallback = null;
            this.fallbackRetry = Duration.ofNanos(intervalMicros * 1000L);
        }
    }

    /**
     * Starts a limiter on a Lettuce connection (standalone or, through its {@code async()}, a
     * cluster or a sentinel-managed one).
     *
     * @param connection the connection, with {@code String} keys and values; not owned by the limiter
     * @param rate permits per second per key, {@code 0 < rate <= 1e6}
     * @param burst the most permits a key grants at once, at least 1
     * @return a builder; {@link Builder#build()} makes the limiter
     * @throws IllegalArgumentException if {@code rate} or {@code burst} is out of range
     * @throws NullPointerException if {@code connection} is null
     */
    public static Builder builder(StatefulRedisConnection<String, String> connection, double rate, int burst) {
        return builder(Objects.requireNonNull(connection, "connection").async(), rate, burst);
    }

    /**
     * Starts a limiter on any Lettuce command interface that can run scripts (a standalone, cluster
     * or sentinel connection's {@code async()}).
     *
     * @param redis the commands, with {@code String} keys and values
     * @param rate permits per second per key, {@code 0 < rate <= 1e6}
     * @param burst the most permits a key grants at once, at least 1
     * @return a builder; {@link Builder#build()} makes the limiter
     * @throws IllegalArgumentException if {@code rate} or {@code burst} is out of range
     * @throws NullPointerException if {@code redis} is null
     */
    public static Builder builder(RedisScriptingAsyncCommands<String, String> redis, double rate, int burst) {
        return new Builder(Objects.requireNonNull(redis, "redis"), rate, burst);
    }

    /**
     * Takes {@code permits} from the default key if they are available now. Go:
     * {@code limiter.AllowN(ctx, key, limit, n)}.
     *
     * @param permits how many, zero or more
     * @return true if taken (or granted by the failure policy); false if not
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    @Override
    public boolean tryAcquire(int permits) {
        return tryAcquire(defaultKey, permits);
    }

    /**
     * Takes {@code permits} from {@code key}'s bucket if they are available now: one round trip, at
     * most the timeout long. Zero permits are granted without asking Redis; more than the burst are
     * refused without asking.
     *
     * @param key the bucket, for example a user id or an address; not null
     * @param permits how many, zero or more
     * @return true if taken (or granted by the failure policy); false if not
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws NullPointerException if {@code key} is null
     */
    public boolean tryAcquire(String key, int permits) {
        Objects.requireNonNull(key, "key");
        checkPermits(permits);
        if (permits == 0) {
            return true;
        }
        if (permits > burst) {
            return false;
        }
        return decide(key, permits).allowed();
    }

    /**
     * Takes {@code permits} from the default key, waiting at most until the context is done. Go:
     * {@code for { res := limiter.AllowN(...); if res.Allowed > 0 { break }; sleep(res.RetryAfter) }}.
     *
     * @param ctx bounds the wait
     * @param permits how many, from zero to the burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws ContextException the context's error, if it is done first
     * @throws WaitExceedsDeadlineException if the retry-after Redis returned ends after the context's
     *         deadline; nothing is taken
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     * @throws NullPointerException if {@code ctx} is null
     */
    @Override
    public void acquire(Context ctx, int permits) throws InterruptedException {
        acquire(ctx, defaultKey, permits);
    }

    /**
     * Takes {@code permits} from {@code key}'s bucket, waiting at most until the context is done:
     * asks, and after each refusal waits the retry-after on this limiter's clock. A call that throws
     * has taken nothing (the script takes only what it grants).
     *
     * @param ctx bounds the wait
     * @param key the bucket; not null
     * @param permits how many, from zero to the burst
     * @throws InterruptedException if interrupted while waiting; nothing is taken
     * @throws ContextException the context's error, if it is done first
     * @throws WaitExceedsDeadlineException if the next try would come after the context's deadline;
     *         nothing is taken
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst
     * @throws NullPointerException if {@code ctx} or {@code key} is null
     */
    public void acquire(Context ctx, String key, int permits) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(key, "key");
        checkPermits(permits);
        if (permits > burst) {
            throw new IllegalArgumentException("permits must be <= burst " + burst + ", was " + permits
                    + " (Go: rate: Wait(n=" + permits + ") exceeds limiter's burst " + burst + ")");
        }
        for (;;) {
            ContextException err = ctx.err();
            if (err != null) {
                throw err;
            }
            if (permits == 0) {
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Decision d = decide(key, permits);
            if (d.allowed()) {
                return;
            }
            Duration wait = d.retryAfter();
            Optional<Instant> deadline = ctx.deadline();
            if (deadline.isPresent() && deadline.get().isBefore(clock.now().plus(wait))) {
                throw new WaitExceedsDeadlineException(permits);
            }
            Context.sleep(ctx, wait, clock); // throws the context's error or InterruptedException
        }
    }

    /**
     * Asks for {@code permits} from {@code key}'s bucket and returns the whole answer: granted or
     * not, what is left, when to retry, when the bucket is full again (Go: {@code redis_rate.Result};
     * the fields of {@code RateLimit-*} response headers). The failure policy applies as in
     * {@link #tryAcquire(String, int)}.
     *
     * @param key the bucket; not null
     * @param permits how many, from zero to the burst (zero asks Redis and takes nothing)
     * @return the decision
     * @throws IllegalArgumentException if {@code permits} is negative or more than the burst (it
     *         could never be granted)
     * @throws NullPointerException if {@code key} is null
     */
    public Decision decide(String key, int permits) {
        Objects.requireNonNull(key, "key");
        checkPermits(permits);
        if (permits > burst) {
            throw new IllegalArgumentException("permits must be <= burst " + burst + ", was " + permits);
        }
        String[] keys = {prefix + "{" + key + "}"};
        String[] args = pinnedMicros == null
                ? new String[] {intervalArg, burstArg, Integer.toString(permits)}
                : new String[] {intervalArg, burstArg, Integer.toString(permits),
                        Long.toString(pinnedMicros.getAsLong())};
        long start = System.nanoTime();
        try {
            List<Long> reply;
            try {
                reply = await(redis.<List<Long>>evalsha(script.sha1, ScriptOutputType.MULTI, keys, args), timeoutNanos);
            } catch (RedisNoScriptException noScript) {
                // The server lost its script cache (restart, failover, SCRIPT FLUSH): EVAL loads it again.
                scriptReloads.increment();
                long left = timeoutNanos - (System.nanoTime() - start);
                reply = await(redis.<List<Long>>eval(script.source, ScriptOutputType.MULTI, keys, args), left);
            }
            decisions.increment();
            return new Decision(reply.get(0) == 1L, reply.get(1), micros(reply.get(2)), micros(reply.get(3)),
                    Decision.Source.REDIS);
        } catch (TimeoutException e) {
            timeouts.increment();
            return onFailure(key, permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept for the caller; the policy decides this call
            return onFailure(key, permits);
        } catch (RuntimeException e) {
            // Connection lost, command rejected while disconnected, an error reply: the policy decides.
            return onFailure(key, permits);
        }
    }

    /** Waits for a reply; a failed command rethrows its cause (unchecked), a slow one times out. */
    private static <T> T await(RedisFuture<T> future, long nanos) throws TimeoutException, InterruptedException {
        try {
            return future.get(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false); // frees the caller; Redis may still run it (see the class docs)
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Decision onFailure(String key, int permits) {
        failures.increment();
        return switch (policy.kind()) {
            case FAIL_OPEN -> {
                failedOpen.increment();
                yield new Decision(true, -1, Duration.ZERO, Duration.ZERO, Decision.Source.FAIL_OPEN);
            }
            case FAIL_CLOSED -> {
                failedClosed.increment();
                yield new Decision(false, -1, fallbackRetry, Duration.ZERO, Decision.Source.FAIL_CLOSED);
            }
            case FALLBACK -> {
                fellBack.increment();
                boolean granted = fallback.tryAcquire(key, permits);
                yield new Decision(granted, -1, granted ? Duration.ZERO : fallbackRetry, Duration.ZERO,
                        Decision.Source.FALLBACK);
            }
        };
    }

    /**
     * How the limiter has decided so far, and why.
     *
     * @return a snapshot of the counters
     */
    public Counters counters() {
        return new Counters(decisions.sum(), failures.sum(), timeouts.sum(), failedOpen.sum(), failedClosed.sum(),
                fellBack.sum(), scriptReloads.sum());
    }

    /**
     * The Redis key that holds {@code key}'s bucket: the prefix, then the key as a hash tag.
     *
     * @param key the bucket's name
     * @return for example {@code go4j:rate:{user-42}}
     */
    public String redisKey(String key) {
        return prefix + "{" + Objects.requireNonNull(key, "key") + "}";
    }

    /**
     * Releases the fallback buckets, if any. The connection stays open: its owner closes it.
     */
    @Override
    public void close() {
        if (fallback != null) {
            fallback.close();
        }
    }

    /**
     * Describes the limiter.
     *
     * @return for example {@code RedisRateLimiter[rate=10.0/s, burst=5, prefix=go4j:rate:, FailurePolicy[FAIL_CLOSED]]}
     */
    @Override
    public String toString() {
        return "RedisRateLimiter[rate=" + rate + "/s, burst=" + burst + ", prefix=" + prefix + ", " + policy + "]";
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(Math.multiplyExact(micros, 1000L));
    }

    private static void checkPermits(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, was " + permits);
        }
    }

    /**
     * The emission interval in whole microseconds, rounded up (never faster than {@code rate}), with
     * the arguments validated.
     */
    static long intervalMicros(double rate, int burst) {
        if (!(rate > 0.0) || rate > MAX_RATE) {
            throw new IllegalArgumentException(
                    "rate must be > 0 and <= 1e6 permits per second (one per microsecond), was " + rate);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        double exact = 1e6 / rate;
        if (exact * burst > MAX_TOLERANCE_MICROS) {
            throw new IllegalArgumentException("rate too low for burst " + burst
                    + ": burst / rate must be at most 2^50 microseconds (about 35 years), was rate " + rate);
        }
        double nearest = Math.rint(exact); // 1e6 / 0.1 is an integer on paper: forgive the last bits
        long interval = Math.abs(exact - nearest) <= 4 * Math.ulp(exact) ? (long) nearest : (long) Math.ceil(exact);
        return Math.max(1L, interval);
    }

    /**
     * One answer of the script (or of the failure policy). Go: {@code redis_rate.Result}.
     *
     * @param allowed whether the permits were granted
     * @param remaining the permits left in the bucket after this decision, rounded down; -1 when the
     *        failure policy decided
     * @param retryAfter zero if allowed; otherwise how long until the same request could be granted
     * @param resetAfter how long until the bucket is full again (and its key expires)
     * @param source who decided
     * @since 0.1.0
     */
    public record Decision(boolean allowed, long remaining, Duration retryAfter, Duration resetAfter, Source source) {
        /**
         * Who decided.
         *
         * @since 0.1.0
         */
        public enum Source {
            /** The script, on the server. */
            REDIS,
            /** The fail-open policy: Redis failed. */
            FAIL_OPEN,
            /** The fail-closed policy: Redis failed. */
            FAIL_CLOSED,
            /** The in-process fallback limiter: Redis failed. */
            FALLBACK
        }
    }

    /**
     * The limiter's counters, a snapshot.
     *
     * @param decisions decisions made by Redis
     * @param failures calls Redis did not answer in time or answered with an error; each one was
     *        decided by the policy
     * @param timeouts of the failures, those that ran out of time
     * @param failedOpen failures granted by the fail-open policy
     * @param failedClosed failures refused by the fail-closed policy
     * @param fellBack failures decided by the in-process fallback
     * @param scriptReloads {@code NOSCRIPT} answers: the script was sent again with {@code EVAL}
     * @since 0.1.0
     */
    public record Counters(long decisions, long failures, long timeouts, long failedOpen, long failedClosed,
            long fellBack, long scriptReloads) {}

    /**
     * Configures a {@link RedisRateLimiter}. Not thread-safe; build once, share the limiter.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final RedisScriptingAsyncCommands<String, String> redis;
        private final double rate;
        private final int burst;
        private String prefix = "go4j:rate:";
        private String defaultKey = "default";
        private Duration timeout = Duration.ofMillis(100);
        private Clock clock = Clock.system();
        private FailurePolicy policy = FailurePolicy.failClosed();
        private int fallbackMaxKeys = 10_000;
        private LongSupplier pinnedMicros;

        private Builder(RedisScriptingAsyncCommands<String, String> redis, double rate, int burst) {
            intervalMicros(rate, burst); // validates now, where the caller passed them
            this.redis = redis;
            this.rate = rate;
            this.burst = burst;
        }

        /**
         * The prefix of every key this limiter writes; default {@code go4j:rate:}. Give each limit
         * its own prefix: two limiters with different rates on one key would share one bucket.
         *
         * @param prefix the prefix, may be empty
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         */
        public Builder keyPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * The key of the {@link RateLimiter} methods that take none; default {@code default}.
         *
         * @param key the key
         * @return this builder
         * @throws NullPointerException if {@code key} is null
         */
        public Builder defaultKey(String key) {
            this.defaultKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * How long a decision may wait for Redis before the failure policy decides; default 100 ms.
         * On a {@code NOSCRIPT} answer the script is sent again within what is left of it.
         *
         * @param timeout positive; more than a day counts as a day
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is not positive
         * @throws NullPointerException if {@code timeout} is null
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : timeout;
            return this;
        }

        /**
         * What to decide when Redis fails or times out; default {@link FailurePolicy#failClosed()}.
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder onFailure(FailurePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The most keys the in-process fallback tracks at once (see {@link KeyedRateLimiter});
         * default 10 000.
         *
         * @param maxKeys at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxKeys < 1}
         */
        public Builder fallbackMaxKeys(int maxKeys) {
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
            }
            this.fallbackMaxKeys = maxKeys;
            return this;
        }

        /**
         * The clock blocking acquires wait on, and the fallback buckets run on; default the system
         * clock. Redis's own clock decides grants: this one never reaches the server.
         *
         * @param clock the clock (a {@code ManualClock} in tests)
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Tests only: the script variant that takes "now" in microseconds from the client, to replay
         * decisions at fixed instants. Not public: production limiters always use the server's clock.
         */
        Builder pinnedClockForTests(LongSupplier nowMicros) {
            this.pinnedMicros = Objects.requireNonNull(nowMicros, "nowMicros");
            return this;
        }

        /**
         * Makes the limiter. Sends nothing to Redis yet: the script is loaded by the first decision.
         *
         * @return the limiter
         */
        public RedisRateLimiter build() {
            return new RedisRateLimiter(this);
        }
    }
}
