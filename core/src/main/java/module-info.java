/**
 * go4j core: Go's concurrency primitives for Java 21+ — the {@code go} statement ({@link dev.go4j.Go}),
 * channels and {@code select} ({@link dev.go4j.chan}), {@code context} ({@link dev.go4j.context}),
 * {@code sync} ({@link dev.go4j.sync}), {@code x/sync}'s errgroup ({@link dev.go4j.errgroup}) and
 * singleflight ({@link dev.go4j.singleflight}), and timers with an injectable clock
 * ({@link dev.go4j.time}).
 *
 * <p>No runtime dependencies. Every blocking call parks (no polling, no thread per waiter) and answers
 * interruption the {@code java.util.concurrent} way.
 */
module dev.go4j.core {
    exports dev.go4j;
    exports dev.go4j.chan;
    exports dev.go4j.context;
    exports dev.go4j.errgroup;
    exports dev.go4j.singleflight;
    exports dev.go4j.sync;
    exports dev.go4j.time;
}
