package dev.go4j.patterns.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak: 10 million messages through a three-stage pipeline with a merge (two sources of 5 million,
 * merged, mapped, filtered, drained), reporting the live heap after a full GC at every million
 * messages, with the number of live threads (virtual ones counted from a JSON thread dump, which sees
 * them; platform ones from the thread MXBean). A pipeline that leaks (a buffer that grows, a goroutine
 * per message that never ends) shows a rising live heap or thread count; the target is the last
 * million within 10 % of the first, and the same thread counts throughout.
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
     * The live virtual threads, from a JSON thread dump ({@code Thread.getAllStackTraces} omits them):
     * the threads the dump marks {@code "virtual": true} (JDK 24 on), or, where it does not say
     * (JDK 21 to 23), the threads in it that are not live platform threads.
     */
    private static int virtualThreads() {
        try {
            Path file = Files.createTempFile("soak-threads", ".json");
            Files.delete(file); // dumpThreads refuses to overwrite
            try {
                Set<Long> platform = new HashSet<>();
                for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
                    platform.add(id);
                }
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                Set<Long> virtual = new HashSet<>();
                JsonNode root = new ObjectMapper().readTree(file.toFile());
                for (JsonNode container : root.path("threadDump").path("threadContainers")) {
                    for (JsonNode thread : container.path("threads")) {
                        long id = thread.path("tid").asLong();
                        if (thread.has("virtual") ? thread.path("virtual").asBoolean() : !platform.contains(id)) {
                            virtual.add(id); // a set: a thread listed in two containers counts once
                        }
                    }
                }
                return virtual.size();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
