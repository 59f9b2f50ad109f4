package dev.go4j.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The one-way latency of a cache line moving between two cores, as the machine gives it now: two
 * platform threads pass a counter back and forth through one volatile field, and each pass costs one
 * move of its cache line.
 *
 * <p>Why the report prints it: every benchmark here in which two threads hand values to each other
 * (channels, select, worker pools, pipelines) costs a few such moves per message, so its figure
 * scales with this latency. On a virtual machine the latency depends on where the hypervisor placed
 * the virtual CPUs, and can change threefold between two boots of the same machine type (two cores of
 * one chiplet, or of two sockets), where a benchmark that does not hand off between threads does not
 * change. Compare figures from two runs only if this line is close in both.
 *
 * <p>The threads are not pinned: on a machine with more than two cores the operating system picks the
 * pair. On one core the two threads cannot run at once and the probe reports nothing.
 *
 * <p>Run alone: {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.CoreToCore}.
 */
public final class CoreToCore {

    private static final int ROUND_TRIPS = 100_000;
    private static final int RUNS = 5;
    private static final Duration LIMIT = Duration.ofSeconds(2);

    private volatile long counter;

    private CoreToCore() {}

    /**
     * Prints the latency, as the report's header does.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.println("Core-to-core latency: " + describe(measure()));
    }

    /**
     * The median over {@value #RUNS} runs of the one-way latency in nanoseconds; empty on a single
     * core, or if a run takes longer than {@link #LIMIT} (the other thread was not running).
     */
    static OptionalDouble measure() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return OptionalDouble.empty();
        }
        double[] runs = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            OptionalDouble run = new CoreToCore().run();
            if (run.isEmpty()) {
                return run;
            }
            runs[i] = run.getAsDouble();
        }
        Arrays.sort(runs);
        return OptionalDouble.of(runs[RUNS / 2]);
    }

    /** How the report prints it: {@code "215 ns one way (two threads passing a counter; median of 5)"}. */
    static String describe(OptionalDouble latency) {
        return latency.isPresent()
                ? String.format(Locale.ROOT, "%.0f ns one way (two threads passing a counter; median of %d)",
                        latency.getAsDouble(), RUNS)
                : "not measured (one core, or the probe's threads did not run at once)";
    }

    /** One run: the other thread answers each odd value with the next even one. */
    private OptionalDouble run() {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long last = 2L * ROUND_TRIPS;
        Thread echo = Thread.ofPlatform().daemon().name("core-to-core-echo").start(() -> {
            for (long v = 1; v < last; v += 2) {
                if (!await(v, deadline)) {
                    return;
                }
                counter = v + 1;
            }
        });
        long start = System.nanoTime();
        boolean done = true;
        for (long v = 0; v < last && done; v += 2) {
            done = await(v, deadline);
            if (done) {
                counter = v + 1;
            }
        }
        done = done && await(last, deadline);
        long elapsed = System.nanoTime() - start;
        counter = Long.MIN_VALUE; // releases the echo thread if this side gave up
        try {
            echo.join(LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
        return done ? OptionalDouble.of(elapsed / (2.0 * ROUND_TRIPS)) : OptionalDouble.empty();
    }

    /** Spins until the counter reads {@code v}; false once the deadline passes or the run is abandoned. */
    private boolean await(long v, long deadline) {
        for (int spins = 0; ; spins++) {
            long c = counter;
            if (c == v) {
                return true;
            }
            if (c == Long.MIN_VALUE || ((spins & 0xFFF) == 0 && System.nanoTime() - deadline > 0L)) {
                return false;
            }
            Thread.onSpinWait();
        }
    }
}
