package dev.go4j.patterns.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the threads, virtual ones included, whose stack is inside a pipeline stage, from a JSON
 * thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}): {@code Thread.getAllStackTraces()} does
 * not see virtual threads.
 *
 * <p>Reached by reflection: the module under test does not read {@code jdk.management}, and core
 * reflection needs no read edge (the module is in the boot layer of every JDK run).
 */
final class ThreadDump {
    private static final Pattern THREAD = Pattern.compile("\"tid\":");

    private ThreadDump() {}

    /** The number of threads with at least one frame in {@code dev.go4j.patterns.pipeline.Stages}. */
    static int threadsInStages() throws IOException {
        String json = dump();
        int count = 0;
        // split the dump into per-thread chunks at each "tid" key; count the chunks with a Stages frame
        Matcher m = THREAD.matcher(json);
        int start = -1;
        while (m.find()) {
            if (start >= 0 && json.substring(start, m.start()).contains("dev.go4j.patterns.pipeline.Stages.")) {
                count++;
            }
            start = m.start();
        }
        if (start >= 0 && json.substring(start).contains("dev.go4j.patterns.pipeline.Stages.")) {
            count++;
        }
        return count;
    }

    /** The number of virtual threads in the dump (a sanity check that the dump sees them). */
    static int virtualThreads() throws IOException {
        String json = dump();
        int count = 0;
        for (int i = json.indexOf("\"virtual\": true"); i >= 0; i = json.indexOf("\"virtual\": true", i + 1)) {
            count++;
        }
        return count;
    }

    private static String dump() throws IOException {
        Path dir = Files.createTempDirectory("threads");
        Path file = dir.resolve("dump.json");
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Enum> format = (Class<Enum>) Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            Object diagnostics = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
            @SuppressWarnings("unchecked")
            Object json = Enum.valueOf(format, "JSON");
            bean.getMethod("dumpThreads", String.class, format).invoke(diagnostics, file.toString(), json);
            return Files.readString(file);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no JSON thread dump on this JVM", e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
