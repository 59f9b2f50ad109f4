package dev.go4j.patterns.pipeline;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak: 10 million messages through a three-stage pipeline with a merge (two sources of 5 million,
 * merged, mapped, filtered, drained), reporting the live heap after a full GC at every million
 * messages. A pipeline that leaks (a buffer that grows, a goroutine per message that never ends) shows
 * a rising live heap; the target is the last million within 10 % of the first.
 *
 * <p>Run: {@code java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.go4j.patterns.pipeline.PipelineSoak [messages]}.
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
        AtomicLong seen = new AtomicLong();
        ErrGroup g = ErrGroup.withContext(Context.background());
        ReceiveChannel<Long> a = Stages.source(g, counter(total / 2));
        ReceiveChannel<Long> b = Stages.source(g, counter(total - total / 2));
        ReceiveChannel<Long> merged = Stages.merge(g, a, b);
        ReceiveChannel<Long> mapped = Stages.map(g, merged, v -> v * 3);
        ReceiveChannel<Long> kept = Stages.filter(g, mapped, v -> v >= 0);
        long start = System.nanoTime();
        Stages.forEach(g, kept, v -> {
            long n = seen.incrementAndGet();
            if (n % step == 0) {
                System.gc();
                long used = memory.getHeapMemoryUsage().getUsed();
                live.add(used);
                System.out.printf("%,12d messages  live heap after GC %,8d KiB%n", n, used / 1024);
            }
        });
        double secs = (System.nanoTime() - start) / 1e9;
        long first = live.get(0);
        long last = live.get(live.size() - 1);
        double drift = 100.0 * (last - first) / first;
        System.out.printf("%,d messages in %.1f s (%,.0f per second); live heap first %,d KiB, last %,d KiB: %+.1f %% (target within 10 %%)%n",
                seen.get(), secs, seen.get() / secs, first / 1024, last / 1024, drift);
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
