package dev.go4j.patterns.pipeline;

import dev.go4j.test.LeakedThread;
import dev.go4j.test.Leaks;
import java.time.Duration;
import java.util.List;

/**
 * Counts the threads, virtual ones included, whose stack is inside a pipeline stage, with go4j-test's
 * view of every live thread ({@link Leaks#find}, one look, no waiting): {@code Thread.getAllStackTraces()}
 * does not see virtual threads.
 */
final class ThreadDump {
    private static final String STAGES = "dev.go4j.patterns.pipeline.Stages.";

    private ThreadDump() {}

    /** The number of threads with at least one frame in {@code dev.go4j.patterns.pipeline.Stages}. */
    static int threadsInStages() {
        return (int) threads().stream()
                .filter(t -> t.stack().stream().anyMatch(frame -> frame.contains(STAGES)))
                .count();
    }

    /** The number of virtual threads alive (a sanity check that the look sees them). */
    static int virtualThreads() {
        return (int) threads().stream().filter(LeakedThread::virtual).count();
    }

    private static List<LeakedThread> threads() {
        return Leaks.find(Leaks.maxWait(Duration.ZERO));
    }
}
