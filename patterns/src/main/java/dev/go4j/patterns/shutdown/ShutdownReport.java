package dev.go4j.patterns.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Shutdown} did: every step in the order it ran, how each ended and how long it took.
 *
 * <p>Thread safety: immutable.
 *
 * @param took the whole shutdown, from the trigger to the last step, on the coordinator's clock
 * @param steps every registered step, in the order it ran (drain steps in registration order)
 * @since 0.1.0
 */
public record ShutdownReport(Duration took, List<Step> steps) {

    /**
     * Copies {@code steps}.
     *
     * @param took the whole shutdown
     * @param steps the steps
     * @throws NullPointerException if an argument is null
     */
    public ShutdownReport {
        Objects.requireNonNull(took, "took");
        steps = List.copyOf(steps);
    }

    /**
     * The phases of a shutdown, in the order they run.
     *
     * @since 0.1.0
     */
    public enum Phase {
        /** Steps that stop taking new work, run one after another in registration order. */
        STOP_ACCEPTING,
        /** Steps that wait for in-flight work, run together under one deadline. */
        DRAIN,
        /** Steps that release resources, run one after another, last registered first. */
        CLOSE
    }

    /**
     * How a step ended.
     *
     * @since 0.1.0
     */
    public enum Outcome {
        /** It returned normally. */
        COMPLETED,
        /** It threw; the failure is in {@link Step#failure()}. */
        FAILED,
        /** Its deadline passed first; its thread was interrupted and the shutdown moved on. */
        TIMED_OUT
    }

    /**
     * One step's result.
     *
     * @param name the name it was registered with
     * @param phase its phase
     * @param outcome how it ended
     * @param took how long it ran (up to its deadline, for a step that timed out)
     * @param failure what it threw, or null
     * @since 0.1.0
     */
    public record Step(String name, Phase phase, Outcome outcome, Duration took, Throwable failure) {}

    /**
     * Whether every step completed.
     *
     * @return true if no step failed or timed out
     */
    public boolean clean() {
        return steps.stream().allMatch(s -> s.outcome() == Outcome.COMPLETED);
    }

    /**
     * The step with this name.
     *
     * @param name a registered name
     * @return its result
     * @throws IllegalArgumentException if no step has that name
     */
    public Step step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step named \"" + name + "\""));
    }

    /**
     * One line per step: phase, name, outcome, duration and failure.
     *
     * @return the report as text
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("shutdown took ").append(took.toMillis()).append(" ms");
        for (Step s : steps) {
            b.append("\n  ").append(s.phase()).append(' ').append(s.name()).append(": ").append(s.outcome())
                    .append(" in ").append(s.took().toMillis()).append(" ms");
            if (s.failure() != null) {
                b.append(" (").append(s.failure()).append(')');
            }
        }
        return b.toString();
    }
}
