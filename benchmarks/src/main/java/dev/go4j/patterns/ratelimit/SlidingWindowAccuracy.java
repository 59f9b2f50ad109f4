package dev.go4j.patterns.ratelimit;

import dev.go4j.time.Clock;
import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jol.info.GraphLayout;

/**
 * The accuracy and memory of the approximate {@link SlidingWindowLimiter} against the exact
 * {@link SlidingLogLimiter}: a deterministic simulation on a {@link ManualClock}, so its numbers are
 * the same on every machine and can be quoted in {@code docs/ratelimit.md}.
 *
 * <p>Each traffic pattern offers the same requests, at the same instants, to a log and a counter of
 * {@value #LIMIT} permits per one-second window, for {@value #WINDOWS} windows. For each it prints the
 * grants of each, the most grants the counter made in any true sliding window of one second (the log
 * never exceeds {@value #LIMIT}), and how many requests only one of the two granted (their states
 * drift apart, so this counts differing decisions, not errors). Then the heap per limiter (JOL).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.patterns.ratelimit.SlidingWindowAccuracy}.
 */
public final class SlidingWindowAccuracy {

    /** Permits per window. */
    public static final int LIMIT = 100;
    /** Windows simulated per pattern. */
    public static final int WINDOWS = 60;
    private static final long W = 1_000_000_000L;

    static {
        if (System.getProperty("jdk.attach.allowAttachSelf") == null) {
            System.setProperty("jol.skipDynamicAttach", "true");
        }
    }

    /**
     * The outcome of one pattern.
     *
     * @param pattern what was offered
     * @param offered requests offered
     * @param logGrants grants of the exact log
     * @param counterGrants grants of the counter
     * @param counterMaxInWindow the most counter grants in any one-second span
     * @param overAdmitted requests the counter granted and the log refused, each with its own history
     * @param underAdmitted requests the log granted and the counter refused, each with its own history
     */
    public record Row(String pattern, int offered, int logGrants, int counterGrants, int counterMaxInWindow,
            int overAdmitted, int underAdmitted) {}

    private SlidingWindowAccuracy() {}

    /** Every pattern, simulated. */
    public static List<Row> simulate() {
        List<Row> rows = new ArrayList<>();
        rows.add(run("steady, 2x the limit", evenly(2 * LIMIT)));
        rows.add(run("steady, at the limit", evenly(LIMIT)));
        rows.add(run("random (seeded), 1.5x", random(3 * LIMIT / 2, 42)));
        rows.add(run("bursts at window starts, 2x", burstAt(0, 2 * LIMIT)));
        rows.add(run("bursts at window ends, 2x", burstAt(W - 1_000_000, 2 * LIMIT)));
        rows.add(run("edge attack: end burst + trickle", edgeAttack()));
        return rows;
    }

    /** Requests evenly spaced, {@code perWindow} per window. */
    private static long[] evenly(int perWindow) {
        long[] t = new long[perWindow * WINDOWS];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * (W / perWindow);
        }
        return t;
    }

    /** Uniformly random instants, {@code perWindow} per window on average. */
    private static long[] random(int perWindow, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[perWindow * WINDOWS];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextLong(W * WINDOWS);
        }
        Arrays.sort(t);
        return t;
    }

    /** {@code count} requests within one millisecond starting {@code offset} into every window. */
    private static long[] burstAt(long offset, int count) {
        long[] t = new long[count * WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < count; i++) {
                t[w * count + i] = w * W + offset + i * (1_000_000L / count);
            }
        }
        return t;
    }

    /**
     * The adversary who knows where the fixed windows start: a burst in the last millisecond of every
     * other window, then one request every millisecond through the next window.
     */
    private static long[] edgeAttack() {
        List<Long> t = new ArrayList<>();
        for (int w = 1; w < WINDOWS; w += 2) {
            for (int i = 0; i < LIMIT; i++) {
                t.add(w * W - 1_000_000 + i * 1_000L);
            }
            for (long ms = 0; ms < 1000; ms++) {
                t.add(w * W + ms * 1_000_000L);
            }
        }
        return t.stream().mapToLong(Long::longValue).toArray();
    }

    private static Row run(String pattern, long[] instants) {
        ManualClock clock = new ManualClock();
        RateLimiter log = new SlidingLogLimiter(LIMIT, Duration.ofNanos(W), clock);
        RateLimiter counter = new SlidingWindowLimiter(LIMIT, Duration.ofNanos(W), clock);
        long now = 0;
        int logGrants = 0;
        int over = 0;
        int under = 0;
        long[] counterAt = new long[instants.length];
        int counterGrants = 0;
        for (long t : instants) {
            clock.advance(Duration.ofNanos(t - now));
            now = t;
            boolean l = log.tryAcquire();
            boolean c = counter.tryAcquire();
            logGrants += l ? 1 : 0;
            if (c) {
                counterAt[counterGrants++] = t;
            }
            over += c && !l ? 1 : 0;
            under += l && !c ? 1 : 0;
        }
        return new Row(pattern, instants.length, logGrants, counterGrants,
                maxInWindow(counterAt, counterGrants), over, under);
    }

    /** The most of the sorted instants in any half-open span of length W. */
    private static int maxInWindow(long[] t, int n) {
        int max = 0;
        for (int lo = 0, hi = 0; hi < n; hi++) {
            while (t[hi] - t[lo] >= W) {
                lo++;
            }
            max = Math.max(max, hi - lo + 1);
        }
        return max;
    }

    /**
     * Heap bytes of one more limiter of {@code limit} per window (JOL), the clock not charged.
     *
     * @param counter true for the counter, false for the log
     * @param limit the limit
     * @return the bytes
     */
    public static long bytes(boolean counter, int limit) {
        Clock clock = new ManualClock();
        Object a = counter ? new SlidingWindowLimiter(limit, Duration.ofSeconds(1), clock)
                : new SlidingLogLimiter(limit, Duration.ofSeconds(1), clock);
        return GraphLayout.parseInstance(a).subtract(GraphLayout.parseInstance(clock)).totalSize();
    }

    /**
     * Prints the tables.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.printf("limit %d per 1 s window, %d windows; the exact log never exceeds %d in any window%n%n",
                LIMIT, WINDOWS, LIMIT);
        System.out.printf("| %-32s | %8s | %8s | %8s | %18s | %12s | %12s |%n", "pattern", "offered", "log",
                "counter", "counter max in 1 s", "counter only", "log only");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : simulate()) {
            System.out.printf("| %-32s | %8d | %8d | %8d | %18d | %12d | %12d |%n", r.pattern(), r.offered(),
                    r.logGrants(), r.counterGrants(), r.counterMaxInWindow(), r.overAdmitted(), r.underAdmitted());
        }
        System.out.println();
        System.out.printf("| %-8s | %12s | %16s |%n", "limit", "log bytes", "counter bytes");
        System.out.println("|---:|---:|---:|");
        for (int limit : new int[] {10, 100, 1_000, 10_000}) {
            System.out.printf("| %8d | %12d | %16d |%n", limit, bytes(false, limit), bytes(true, limit));
        }
    }
}
