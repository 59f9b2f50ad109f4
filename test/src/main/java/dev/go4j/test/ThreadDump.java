package dev.go4j.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One look at every live thread of this JVM, virtual threads included.
 *
 * <p>{@link Thread#getAllStackTraces()} and JMX's {@code ThreadMXBean} list platform threads only. The
 * JDK keeps every thread, virtual ones included, in a tree of thread containers (as long as
 * {@code jdk.trackAllThreads} is left at its default, {@code true}): the root, and below it one
 * container per virtual-thread executor or structured task scope. Two ways to read it:
 * <ul>
 *   <li><b>The containers themselves</b> ({@code jdk.internal.vm.ThreadContainers}), when the test JVM
 *       exports that package to this module ({@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}
 *       on the class path, {@code =dev.go4j.test} on the module path). Each thread's stack is then taken
 *       with {@link Thread#getStackTrace()}, which waits out a virtual thread's mount or unmount.</li>
 *   <li>Otherwise <b>the JSON thread dump</b> of {@code HotSpotDiagnosticMXBean.dumpThreads} (the same as
 *       {@code jcmd <pid> Thread.dump_to_file -format=json}), written to a temporary file, read with
 *       Jackson and deleted. On JDK 25 that dump snapshots each thread with a handshake that does not
 *       wait out those transitions: taken while virtual threads park and unpark, it can crash the JVM
 *       (JDK-8364343; a loop of dumps beside 50 virtual threads that park every microsecond crashed
 *       25.0.3 within half a second, while the containers' look ran 70 000 times in 30 s). The
 *       first look that falls back to it warns once, through {@link System.Logger} {@code dev.go4j.test},
 *       with the flag to add.</li>
 * </ul>
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
     * Looks at the threads now: through the thread containers if this module may read them, else
     * through the JSON thread dump.
     *
     * @throws UncheckedIOException if the JSON dump's temporary file cannot be written or read
     */
    static ThreadDump take() {
        Set<Long> platform = new HashSet<>();
        Set<Long> jdk = new HashSet<>();
        enumeratePlatformThreads(platform, jdk);
        List<LeakedThread> threads = Containers.readable() ? Containers.look() : jsonDump(platform);
        return new ThreadDump(threads, jdk);
    }

    /** Whether looks read the thread containers (true) or fall back to the JSON thread dump (false). */
    static boolean readsContainers() {
        return Containers.readable();
    }

    /** Every live thread from the JSON thread dump; see the class comment for its risk on JDK 25. */
    static List<LeakedThread> jsonDump(Set<Long> platform) {
        Path file = null;
        try {
            file = Files.createTempFile("go4j-threads-", ".json");
            Files.delete(file); // dumpThreads refuses a file that exists
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), ThreadDumpFormat.JSON);
            return parse(JSON.readTree(file.toFile()), platform);
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

    /**
     * The JDK's tree of thread containers, read by reflection: {@code ThreadContainers.root()}, then each
     * container's {@code threads()} and {@code children()}, the walk the JDK's own thread dump makes.
     */
    private static final class Containers {
        private static final String PACKAGE = "jdk.internal.vm";
        private static final Method ROOT;
        private static final Method THREADS;
        private static final Method CHILDREN;
        private static final AtomicBoolean WARNED = new AtomicBoolean();

        static {
            Method root = null;
            Method threads = null;
            Method children = null;
            try {
                Class<?> containers = Class.forName(PACKAGE + ".ThreadContainers");
                if (containers.getModule().isExported(PACKAGE, ThreadDump.class.getModule())) {
                    Class<?> container = Class.forName(PACKAGE + ".ThreadContainer");
                    root = containers.getMethod("root");
                    threads = container.getMethod("threads");
                    children = container.getMethod("children");
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                root = null; // another JDK's internals: fall back to the JSON dump
            }
            ROOT = root;
            THREADS = threads;
            CHILDREN = children;
        }

        private Containers() {
        }

        /** Whether the containers can be read; if not, warns once (logger {@code dev.go4j.test}) how to. */
        static boolean readable() {
            if (ROOT != null) {
                return true;
            }
            if (WARNED.compareAndSet(false, true)) {
                System.getLogger("dev.go4j.test").log(System.Logger.Level.WARNING,
                        "cannot read the JDK''s thread containers ({0} is not exported to {1}, or this JDK has"
                        + " none): the leak checker falls back to the JDK''s JSON thread dump, which JDK 25 can"
                        + " crash on while virtual threads park (JDK-8364343). Add --add-exports java.base/{0}"
                        + "=ALL-UNNAMED (class path) or =dev.go4j.test (module path) to the test JVM.",
                        PACKAGE, ThreadDump.class.getModule());
            }
            return false;
        }

        /** Every live thread, each once, in the walk's order: root first, then each child's subtree. */
        static List<LeakedThread> look() {
            Map<Long, LeakedThread> byId = new LinkedHashMap<>();
            try {
                walk(ROOT.invoke(null), byId);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read the JDK's thread containers", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot read the JDK's thread containers", e.getCause());
            }
            return List.copyOf(byId.values());
        }

        private static void walk(Object container, Map<Long, LeakedThread> byId)
                throws IllegalAccessException, InvocationTargetException {
            List<Thread> threads;
            try (Stream<?> s = (Stream<?>) THREADS.invoke(container)) {
                threads = s.map(Thread.class::cast).toList();
            }
            for (Thread t : threads) {
                if (!byId.containsKey(t.threadId())) {
                    LeakedThread seen = describe(t);
                    if (seen != null) {
                        byId.put(seen.id(), seen);
                    }
                }
            }
            List<?> children;
            try (Stream<?> s = (Stream<?>) CHILDREN.invoke(container)) {
                children = s.toList();
            }
            for (Object child : children) {
                walk(child, byId);
            }
        }

        /** The thread now, or null if it has ended. The state is read before the stack, the end after it. */
        private static LeakedThread describe(Thread t) {
            Thread.State state = t.getState();
            StackTraceElement[] frames = t.getStackTrace();
            if (state == Thread.State.TERMINATED || !t.isAlive()) {
                return null;
            }
            List<String> stack = new ArrayList<>(frames.length);
            for (StackTraceElement frame : frames) {
                stack.add(frame.toString());
            }
            return new LeakedThread(t.threadId(), t.getName(), t.isVirtual(), state.name(), stack);
        }
    }
}
