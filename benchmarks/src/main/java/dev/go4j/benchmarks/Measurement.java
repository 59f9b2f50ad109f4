package dev.go4j.benchmarks;

import java.util.Locale;
import java.util.Map;

/**
 * One row of the comparison: one implementation's score in one benchmark with one set of
 * parameters, with JMH's error (the half-width of the 99.9 % confidence interval; NaN when there was
 * one measurement only).
 *
 * @param benchmark the short name, {@code SelectReadyBenchmark.select}
 * @param params the parameters other than the implementation, {@code cases=2}, or empty
 * @param impl the implementation parameter's value, or empty if the benchmark has none
 * @param baseline whether this is go4j's row, the one the others are divided by
 * @param score the score
 * @param error the error, or NaN
 * @param unit JMH's unit, {@code ns/op} or {@code ops/us}
 * @param threads the number of JMH threads (a time per operation is per thread)
 * @param allParams every parameter, the implementation included, for the Go twin's lookup
 */
record Measurement(String benchmark, String params, String impl, boolean baseline, double score, double error,
        String unit, int threads, Map<String, String> allParams) {

    /** Whether a bigger score is better (a throughput mode). */
    boolean higherIsBetter() {
        return Units.isThroughput(unit);
    }

    /**
     * How many times faster go4j ({@code base}) is than this row: this row's time per operation over
     * go4j's, so that above 1, go4j is faster, whichever the mode.
     */
    double ratioTo(Measurement base) {
        return higherIsBetter() ? base.score / score : score / base.score;
    }

    /**
     * Whether the two 99.9 % confidence intervals overlap, so that the data cannot tell the two
     * apart (benchstat's "~"). False when either error is unknown.
     */
    boolean tiesWith(Measurement other) {
        if (Double.isNaN(error) || Double.isNaN(other.error)) {
            return false;
        }
        return score - error <= other.score + other.error && other.score - other.error <= score + error;
    }

    /** Whether the error is larger than the score: the run was too noisy to say anything. */
    boolean isNoise() {
        return error > score;
    }

    /**
     * The "vs go4j" cell: {@code 1.00} on go4j's row, the ratio otherwise, prefixed with {@code ~}
     * when the confidence intervals overlap (a tie, whatever the ratio).
     */
    String ratioCell(Measurement base) {
        if (base == null) {
            return "";
        }
        String r = String.format(Locale.ROOT, "%.2f", ratioTo(base));
        return this != base && tiesWith(base) ? "~" + r : r;
    }
}
