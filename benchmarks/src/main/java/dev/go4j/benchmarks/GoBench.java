package dev.go4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Reads the output of {@code go test -bench}: Go's benchmark format, one result a line,
 * {@code BenchmarkName/sub-8   1000000   1234 ns/op   16 B/op   1 allocs/op}: the name (with the
 * {@code -GOMAXPROCS} suffix Go adds when it is above 1), the iteration count, then value-unit pairs.
 * Every other line ({@code goos:}, {@code PASS}, {@code ok ...}) is ignored but {@code cpu:}, which
 * names the processor. With {@code -count n}, a name has n lines: they become one mean and its 99.9 %
 * confidence interval, as JMH computes its error, so the two sides are judged alike.
 */
final class GoBench {

    /**
     * Go's figure for one benchmark.
     *
     * @param name the name without the {@code -GOMAXPROCS} suffix
     * @param nanosPerOp the mean of the runs' ns/op
     * @param error the half-width of the 99.9 % confidence interval of that mean; NaN for one run
     * @param runs how many lines (runs) it is the mean of
     */
    record Result(String name, double nanosPerOp, double error, int runs) {}

    /** One benchmark line: the name, the iteration count, then the rest. */
    private static final Pattern LINE = Pattern.compile("^(Benchmark\\S*)\\s+(\\d+)\\s+(.*)$");
    private static final Pattern PROCS = Pattern.compile("-\\d+$");

    private GoBench() {}

    /** The ns/op of one line, keyed by the benchmark's name, or empty if it is not a result line. */
    static Optional<Map.Entry<String, Double>> parseLine(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] fields = m.group(3).trim().split("\\s+");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1].equals("ns/op")) {
                try {
                    double ns = Double.parseDouble(fields[i]);
                    return Optional.of(Map.entry(PROCS.matcher(m.group(1)).replaceFirst(""), ns));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Every benchmark of {@code lines}, in first-seen order, its runs folded into one result. */
    static Map<String, Result> parse(List<String> lines) {
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        for (String line : lines) {
            parseLine(line).ifPresent(e -> runs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        Map<String, Result> results = new LinkedHashMap<>();
        runs.forEach((name, ns) -> {
            ListStatistics s = new ListStatistics(ns.stream().mapToDouble(Double::doubleValue).toArray());
            double error = ns.size() > 1 ? s.getMeanErrorAt(0.999) : Double.NaN;
            results.put(name, new Result(name, s.getMean(), error, ns.size()));
        });
        return results;
    }

    /** The processor named on Go's {@code cpu:} line, if there is one. */
    static Optional<String> cpu(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("cpu: ")).map(l -> l.substring(5).strip()).findFirst();
    }
}
