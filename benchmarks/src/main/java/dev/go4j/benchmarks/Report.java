package dev.go4j.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The comparison's rows grouped by benchmark and parameters, with go4j's row of each group as the
 * baseline and Go's twin beside the rows that have one; rendered as the console table, the Markdown
 * report and one chart per benchmark.
 */
final class Report {

    /** The legend printed above every table. */
    static final String LEGEND = """
            Score ± Error: JMH's mean and the half-width of its 99.9 % confidence interval, in Units
              (x/op: time per operation per thread, lower is better; ops/x: throughput, higher is better).
            vs go4j: this row's time per operation / go4j's row's, in the same run: above 1.00, go4j is faster.
              ~ : the two confidence intervals overlap, a tie whatever the ratio (benchstat's habit).
            Go: the Go twin's ns/op (mean ± 99.9 % interval over its runs) in this row's unit; for a
              benchmark on n threads, Go's wall time per operation × n, which is JMH's measure.
            Note: noise = the error is larger than the score; no figure of that row means anything.
            """;

    private final Map<String, List<Measurement>> groups = new LinkedHashMap<>();
    private final Map<String, GoBench.Result> go;

    /**
     * @param rows every measurement, in the order run
     * @param go Go's results by name (empty if Go was not run)
     */
    Report(List<Measurement> rows, Map<String, GoBench.Result> go) {
        for (Measurement m : rows) {
            groups.computeIfAbsent(m.benchmark() + ' ' + m.params() + ' ' + m.unit(), k -> new ArrayList<>()).add(m);
        }
        this.go = go;
    }

    /** go4j's row of {@code group}, or null if it was not run. */
    static Measurement baseline(List<Measurement> group) {
        return group.stream().filter(Measurement::baseline).findFirst().orElse(null);
    }

    /** Go's figure for a row, converted to the row's unit, if the row has a twin that ran. */
    Optional<double[]> goFigure(Measurement m) {
        return GoTwins.goName(m.benchmark(), m.allParams()).map(go::get).map(r -> {
            double ns = r.nanosPerOp() * m.threads();
            double value = Units.fromNanosPerOp(ns, m.unit());
            double relative = r.error() / r.nanosPerOp();
            return new double[] {value, value * relative};
        });
    }

    /** The table: one row per measurement. */
    Table table() {
        Table t = new Table("Benchmark", "Params", "Implementation", ">Score", ">Error", "Units", ">vs go4j", ">Go",
                "Note");
        for (List<Measurement> group : groups.values()) {
            Measurement base = baseline(group);
            for (Measurement m : group) {
                t.row(m.benchmark(), m.params(), m.impl(), number(m.score()), number(m.error()), m.unit(),
                        m.ratioCell(base), goFigure(m).map(Report::withError).orElse(""), note(m, base));
            }
        }
        return t;
    }

    static String note(Measurement m, Measurement base) {
        List<String> notes = new ArrayList<>();
        if (m.isNoise()) {
            notes.add("noise");
        }
        if (base == null) {
            notes.add("no go4j row");
        }
        return String.join(", ", notes);
    }

    /** The benchmarks (short names) in the order run. */
    Set<String> benchmarks() {
        Set<String> names = new LinkedHashSet<>();
        groups.values().forEach(g -> names.add(g.get(0).benchmark()));
        return names;
    }

    /** The groups of one benchmark, in the order run. */
    List<List<Measurement>> groupsOf(String benchmark) {
        return groups.values().stream().filter(g -> g.get(0).benchmark().equals(benchmark)).toList();
    }

    /**
     * Draws one chart per benchmark into {@code dir}: a category per parameter set, a bar per
     * implementation with its error bar, go4j first and highlighted, Go's twin of go4j's row beside it.
     *
     * @return the file names, by benchmark
     */
    Map<String, String> charts(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String benchmark : benchmarks()) {
            List<List<Measurement>> gs = groupsOf(benchmark);
            List<String> categories = gs.stream().map(g -> label(g.get(0).params(), false)).toList();
            String xTitle = label(gs.get(0).get(0).params(), true);
            List<String> impls = new ArrayList<>();
            gs.forEach(g -> g.stream().sorted((a, b) -> Boolean.compare(b.baseline(), a.baseline()))
                    .forEach(m -> {
                        if (!impls.contains(m.impl())) {
                            impls.add(m.impl());
                        }
                    }));
            List<Charts.Series> series = new ArrayList<>();
            for (String impl : impls) {
                List<Double> values = new ArrayList<>();
                List<Double> errors = new ArrayList<>();
                boolean base = false;
                for (List<Measurement> g : gs) {
                    Optional<Measurement> m = g.stream().filter(x -> x.impl().equals(impl)).findFirst();
                    values.add(m.map(Measurement::score).orElse(null));
                    errors.add(m.map(Measurement::error).orElse(0.0));
                    base |= m.map(Measurement::baseline).orElse(false);
                }
                String name = (impl.isEmpty() ? benchmark : impl) + (base ? " (go4j)" : "");
                series.add(new Charts.Series(name, values, errors, base ? Charts.Kind.GO4J : Charts.Kind.OTHER));
                if (base) {
                    goSeries(gs).ifPresent(series::add);
                }
            }
            Measurement first = gs.get(0).get(0);
            String file = benchmark + ".png";
            Charts.bars(dir.resolve(file), benchmark, xTitle, first.unit() + (first.higherIsBetter()
                    ? " (higher is better)" : " (lower is better)"), categories, series);
            files.put(benchmark, file);
        }
        return files;
    }

    /**
     * A chart's label for parameters {@code "form=WITH_CANCEL parent=BACKGROUND"}: their values
     * ({@code "WITH_CANCEL / BACKGROUND"}) under the bars, or their names ({@code "form / parent"})
     * as the axis title.
     */
    static String label(String params, boolean names) {
        if (params.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String kv : params.split(" ")) {
            int eq = kv.indexOf('=');
            parts.add(eq < 0 ? kv : names ? kv.substring(0, eq) : kv.substring(eq + 1));
        }
        return String.join(" / ", parts);
    }

    private Optional<Charts.Series> goSeries(List<List<Measurement>> gs) {
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        boolean any = false;
        for (List<Measurement> g : gs) {
            Optional<double[]> f = Optional.ofNullable(baseline(g)).flatMap(this::goFigure);
            values.add(f.map(v -> v[0]).orElse(null));
            errors.add(f.map(v -> v[1]).orElse(0.0));
            any |= f.isPresent();
        }
        return any ? Optional.of(new Charts.Series("Go", values, errors, Charts.Kind.GO)) : Optional.empty();
    }

    /** The Markdown body: per benchmark, its chart (if drawn) and its rows. */
    String markdown(Map<String, String> charts) {
        StringBuilder sb = new StringBuilder();
        for (String benchmark : benchmarks()) {
            sb.append("\n## ").append(benchmark).append("\n\n");
            String chart = charts.get(benchmark);
            if (chart != null) {
                sb.append("![").append(benchmark).append("](").append(chart).append(")\n\n");
            }
            Table t = new Table("Params", "Implementation", ">Score ± Error", "Units", ">vs go4j", ">Go", "Note");
            for (List<Measurement> g : groupsOf(benchmark)) {
                Measurement base = baseline(g);
                for (Measurement m : g) {
                    String impl = m.baseline() ? "**" + m.impl() + "**" : m.impl();
                    t.row(m.params().isEmpty() ? "—" : m.params(), impl,
                            number(m.score()) + (Double.isNaN(m.error()) ? "" : " ± " + number(m.error())), m.unit(),
                            m.ratioCell(base), goFigure(m).map(Report::withError).orElse(""), note(m, base));
                }
            }
            sb.append(t.toMarkdown());
        }
        return sb.toString();
    }

    private static String withError(double[] figure) {
        return number(figure[0]) + (Double.isNaN(figure[1]) ? "" : " ± " + number(figure[1]));
    }

    /** Three significant figures or so, {@code -} for NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 || a == 0 ? "%.2f" : "%.2g", v);
    }
}
