package dev.go4j.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * One look at every live thread of this JVM, virtual threads included.
 *
 * <p>{@link Thread#getAllStackTraces()} and JMX's {@code ThreadMXBean} list platform threads only. The
 * JSON thread dump of {@code HotSpotDiagnosticMXBean.dumpThreads} (JDK 21+, the same as
 * {@code jcmd <pid> Thread.dump_to_file -format=json}) lists the threads of every thread container,
 * virtual threads included, as long as {@code jdk.trackAllThreads} is left at its default ({@code true}).
 * The dump goes to a temporary file, read here with Jackson and deleted.
 *
 * <p>The platform threads are also enumerated, to tell the JDK's own threads (carrier threads of the
 * virtual-thread scheduler, the common pool, {@code Common-Cleaner}, {@code VirtualThread-unblocker}:
 * anything outside the {@code main} and {@code VirtualThreads} thread groups) from the program's.
 */
final class ThreadDump {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LeakedThread> threads;
    private final Set<Long> jdkThreads;

    private ThreadDump(List<LeakedThread> threads, Set<Long> jdkThreads) {
        this.threads = threads;
        this.jdkThreads = jdkThreads;
    }

    /** Every live thread, in the dump's order. */
    List<LeakedThread> threads() {
        return threads;
    }

    /** Whether the thread is one the JDK runs for itself (never a leak of the program's). */
    boolean isJdkThread(LeakedThread thread) {
        return jdkThreads.contains(thread.id());
    }

    /**
     * Dumps the threads now.
     *
     * @throws UncheckedIOException if the temporary file cannot be written or read
     */
    static ThreadDump take() {
        Set<Long> platform = new HashSet<>();
        Set<Long> jdk = new HashSet<>();
        enumeratePlatformThreads(platform, jdk);
        Path file = null;
        try {
            file = Files.createTempFile("go4j-threads-", ".json");
            Files.delete(file); // dumpThreads refuses a file that exists
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), ThreadDumpFormat.JSON);
            return new ThreadDump(parse(JSON.readTree(file.toFile()), platform), jdk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dump the JVM's threads to " + file, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind; nothing to report
                }
            }
        }
    }

    /**
     * Reads the threads of a dump in the JDK's JSON format: {@code threadDump.threadContainers[].threads[]},
     * each with {@code tid}, {@code name}, {@code stack} and, from JDK 24, {@code virtual} and {@code state}.
     * A thread listed in two containers is kept once. Where the dump does not say whether a thread is
     * virtual (JDK 21 to 23), a thread that is not among the given platform threads is.
     */
    static List<LeakedThread> parse(JsonNode root, Set<Long> platformThreads) {
        Map<Long, LeakedThread> byId = new LinkedHashMap<>();
        for (JsonNode container : root.path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                long id = thread.path("tid").asLong();
                List<String> stack = new ArrayList<>();
                for (JsonNode frame : thread.path("stack")) {
                    stack.add(frame.asText());
                }
                boolean virtual = thread.has("virtual")
                        ? thread.path("virtual").asBoolean()
                        : !platformThreads.contains(id);
                byId.putIfAbsent(id, new LeakedThread(id, thread.path("name").asText(""), virtual,
                        thread.path("state").asText(""), stack));
            }
        }
        return List.copyOf(byId.values());
    }

    /** Adds the ids of the live platform threads to {@code platform}, and of the JDK's own to {@code jdk}. */
    private static void enumeratePlatformThreads(Set<Long> platform, Set<Long> jdk) {
        ThreadGroup system = Thread.ofPlatform().unstarted(() -> { }).getThreadGroup();
        while (system.getParent() != null) {
            system = system.getParent();
        }
        ThreadGroup virtualGroup = Thread.ofVirtual().unstarted(() -> { }).getThreadGroup();
        Thread[] all = new Thread[system.activeCount() + 16];
        int n;
        while ((n = system.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        for (int i = 0; i < n; i++) {
            Thread t = all[i];
            platform.add(t.threadId());
            if (isJdkThread(t, system, virtualGroup)) {
                jdk.add(t.threadId());
            }
        }
    }

    private static boolean isJdkThread(Thread t, ThreadGroup system, ThreadGroup virtualGroup) {
        if (t instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
            return true;
        }
        ThreadGroup group = t.getThreadGroup();
        if (group == null) {
            return false; // ended since the enumeration: the next look decides
        }
        // The program's threads live under "main" (started by platform threads) or "VirtualThreads"
        // (started by virtual threads); the JDK's live in "system" and its own children.
        while (group.getParent() != null && group.getParent() != system) {
            group = group.getParent();
        }
        return group == system || !(group == virtualGroup || "main".equals(group.getName()));
    }
}
