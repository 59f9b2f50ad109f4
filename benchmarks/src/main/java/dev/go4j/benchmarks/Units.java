package dev.go4j.benchmarks;

import java.util.Locale;

/**
 * JMH's score units to nanoseconds per operation and back, so that a Go figure ({@code ns/op}) can
 * stand beside a row in that row's own unit. Time-per-operation units ({@code ns/op}, {@code us/op},
 * {@code ms/op}, {@code s/op}) scale; throughput units ({@code ops/ns}, {@code ops/us}, {@code ops/ms},
 * {@code ops/s}, {@code ops/min}) invert.
 */
final class Units {

    private Units() {}

    /** The time per operation, in nanoseconds, of a score in {@code unit}. */
    static double toNanosPerOp(double score, String unit) {
        String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("ops/")) {
            return nanos(u.substring(4), unit) / score;
        }
        if (u.endsWith("/op")) {
            return score * nanos(u.substring(0, u.length() - 3), unit);
        }
        throw new IllegalArgumentException("unit: not a time per operation nor a throughput: " + unit);
    }

    /** A time per operation in nanoseconds, expressed in {@code unit}. */
    static double fromNanosPerOp(double nanosPerOp, String unit) {
        String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("ops/")) {
            return nanos(u.substring(4), unit) / nanosPerOp;
        }
        if (u.endsWith("/op")) {
            return nanosPerOp / nanos(u.substring(0, u.length() - 3), unit);
        }
        throw new IllegalArgumentException("unit: not a time per operation nor a throughput: " + unit);
    }

    /** Whether a bigger score is better in {@code unit} (a throughput). */
    static boolean isThroughput(String unit) {
        return unit.trim().toLowerCase(Locale.ROOT).startsWith("ops/");
    }

    private static double nanos(String timeUnit, String unit) {
        return switch (timeUnit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> throw new IllegalArgumentException("unit: unknown time unit in " + unit);
        };
    }
}
