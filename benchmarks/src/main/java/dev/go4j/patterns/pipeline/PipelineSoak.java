package dev.go4j.patterns.pipeline;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import dev.go4j.test.LeakedThread;
import dev.go4j.test.Leaks;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak: 10 million messages through a three-stage pipeline with a merge (two sources of 5 million,
 * merged, mapped, filtered, drained), reporting the live heap after a full GC at every million
 * messages, with the number of live threads (virtual ones counted by go4j-test's look at every thread,
 * which sees them; platform ones from the thread MXBean). A pipeline that leaks (a buffer that grows, a goroutine
 * per message that never ends) shows a rising live heap or thread count; the target is the last
 * million within 10 % of the first, and the same thread counts throughout.
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xmx256m -cp benchmarks/target/benchmarks.jar dev.go4j.patterns.pipeline.PipelineSoak [messages]}.
 */
public final class PipelineSoak {

    private PipelineSoak() {}

    /**
     * Runs the soak and prints one line per million messages and a verdict.
     *
     * @param args optional: the number of messages (default 10 000 000)
     * @throws Exception if the pipeline fails
     */
    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long step = Math.max(1, total / 10);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> live = new ArrayList<>();
        List<Integer> threads = new ArrayList<>();
        AtomicLong seen = new AtomicLong();
        ErrGroup g = ErrGroup.withContext(Context.background());
        ReceiveChannel<Long> a = Stages.source(g, counter(total / 2));
        ReceiveChannel<Long> b = Stages.source(g, counter(total - total / 2));
        ReceiveChannel<Long> merged = Stages.merge(g, a, b);
        ReceiveChannel<Long> mapped = Stages.map(g, merged, v -> v * 3);
        ReceiveChannel<Long> kept = Stages.filter(g, mapped, v -> v >= 0);
        // Warm the measuring code (thread dump, formatting) so its own one-time allocations are not
        // counted against the pipeline's first sample.
        String.format("%,d %d", virtualThreads(), ManagementFactory.getThreadMXBean().getThreadCount());
        long start = System.nanoTime();
        Stages.forEach(g, kept, v -> {
            long n = seen.incrementAndGet();
            if (n % step == 0) {
                int virtual = virtualThreads(); // before the GC, so the dump's own garbage is collected
                int platform = ManagementFactory.getThreadMXBean().getThreadCount();
                System.gc();
                long used = memory.getHeapMemoryUsage().getUsed();
                live.add(used);
                threads.add(virtual + platform);
                System.out.printf("%,12d messages  live heap after GC %,8d KiB  threads: %d virtual, %d platform%n",
                        n, used / 1024, virtual, platform);
            }
        });
        double secs = (System.nanoTime() - start) / 1e9;
        long first = live.get(0);
        long last = live.get(live.size() - 1);
        double drift = 100.0 * (last - first) / first;
        System.out.printf("%,d messages in %.1f s (%,.0f per second); live heap first %,d KiB, last %,d KiB: %+.1f %% (target within 10 %%);"
                + " threads first %d, last %d, most %d%n", seen.get(), secs, seen.get() / secs, first / 1024, last / 1024, drift,
                threads.get(0), threads.get(threads.size() - 1), threads.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /**
     * The live virtual threads the program started ({@code Thread.getAllStackTraces} omits virtual
     * threads): go4j-test's look at every thread, which reads the JDK's thread containers when the JVM
     * runs with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}. (Without the flag it falls
     * back to the JDK's JSON thread dump, which JDK 25 can crash on while the stages park and unpark.)
     */
    private static int virtualThreads() {
        return (int) Leaks.find(Leaks.maxWait(Duration.ZERO)).stream().filter(LeakedThread::virtual).count();
    }

    private static Iterator<Long> counter(long n) {
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Long next() {
                return i++;
            }
        };
    }
}
