package dev.go4j.benchmarks;

import dev.go4j.chan.ChannelFootprint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The comparison table: runs the JMH benchmarks of this jar with one of three settings and prints,
 * for every benchmark and parameter set, each implementation's score and its ratio to go4j's in the
 * same run, then the channel footprint table. The same report goes to {@code comparison.md} (and the
 * raw JMH results to {@code comparison.json}) beside {@code benchmarks.jar}, in {@code target/}.
 *
 * <p>Usage: {@code Comparison [-smoke | -quick | -full] [regex ...]}
 * <ul>
 *   <li>{@code -quick} (the default): 1 fork, 1 x 500 ms warm-up, 3 x 500 ms measurement. A first look,
 *       a few minutes.</li>
 *   <li>{@code -full}: 3 forks, 5 x 2 s warm-up, 5 x 2 s measurement: the figures to publish.</li>
 *   <li>{@code -smoke}: 1 fork, no warm-up, 1 x 200 ms: proves every benchmark runs and verifies its
 *       checksum (CI). Its numbers mean nothing.</li>
 *   <li>{@code regex}: run only the benchmarks whose name it finds (JMH's {@code include}); the
 *       footprint table is shown if one finds {@code dev.go4j.chan.ChannelFootprint}.</li>
 * </ul>
 * Exit status: 0 on success, 1 if a benchmark failed or none matched, 2 on a usage error.
 *
 * <p>Ratios: in each benchmark, the parameter named {@value #IMPL_PARAM} lists the implementations
 * and the value {@value #BASELINE} is go4j. "vs go4j" is this implementation's time per operation
 * divided by go4j's in the same run (for throughput modes, go4j's throughput divided by this one's):
 * above 1.00, go4j is faster.
 *
 * <p>Run: {@code ./mvnw -Pbench} (quick), {@code ./mvnw -Pbench -Dbench.args=-full}, or
 * {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.Comparison -smoke Select}.
 */
public final class Comparison {

    static final String IMPL_PARAM = "impl";
    static final String BASELINE = "GO4J";
    private static final String FOOTPRINT = ChannelFootprint.class.getName();

    /** How long and how often to measure. */
    enum Settings {
        SMOKE(1, 0, TimeValue.NONE, 1, TimeValue.milliseconds(200)),
        QUICK(1, 1, TimeValue.milliseconds(500), 3, TimeValue.milliseconds(500)),
        FULL(3, 5, TimeValue.seconds(2), 5, TimeValue.seconds(2));

        final int forks;
        final int warmups;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue iterationTime;

        Settings(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime) {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
        }

        ChainedOptionsBuilder apply(ChainedOptionsBuilder b) {
            b.forks(forks).warmupIterations(warmups).measurementIterations(iterations).measurementTime(iterationTime);
            return warmups > 0 ? b.warmupTime(warmupTime) : b;
        }

        String describe() {
            return forks + (forks == 1 ? " fork, " : " forks, ")
                    + (warmups == 0 ? "no warm-up" : warmups + " x " + warmupTime + " warm-up") + ", "
                    + iterations + " x " + iterationTime + " measurement";
        }
    }

    private Comparison() {}

    /**
     * Runs the comparison.
     *
     * @param args {@code -smoke}, {@code -quick} or {@code -full}, then optional benchmark regexes
     */
    public static void main(String[] args) {
        Settings settings = Settings.QUICK;
        List<String> includes = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "-smoke" -> settings = Settings.SMOKE;
                case "-quick" -> settings = Settings.QUICK;
                case "-full" -> settings = Settings.FULL;
                case "-h", "-help", "--help" -> usage(null, 0);
                default -> {
                    if (a.startsWith("-")) {
                        usage("unknown option " + a, 2);
                    }
                    try {
                        Pattern.compile(a);
                    } catch (PatternSyntaxException e) {
                        usage("not a regular expression: " + a + " (" + e.getDescription() + ")", 2);
                    }
                    includes.add(a);
                }
            }
        }
        System.exit(run(settings, includes));
    }

    private static void usage(String error, int status) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: Comparison [-smoke | -quick | -full] [benchmark regex ...]");
        System.exit(status);
    }

    private static int run(Settings settings, List<String> includes) {
        Path dir = outputDirectory();
        ChainedOptionsBuilder options = settings.apply(new OptionsBuilder())
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("comparison.json").toString());
        includes.forEach(options::include);
        if (includes.isEmpty()) {
            options.include(".*");
        }
        if (!RedisBenchmarks.available()) {
            if (Boolean.getBoolean("go4j.redis.required")) {
                System.err.println("FAILED: redis-server is not on PATH and go4j.redis.required is set;"
                        + " install it (apt-get install redis-server)");
                return 1;
            }
            System.err.println("NOTE: redis-server is not on PATH: the Redis benchmarks (" + RedisBenchmarks.PACKAGE
                    + ") are left out. Install it (apt-get install redis-server) to run them.");
            options.exclude(RedisBenchmarks.PACKAGE.replace(".", "\\.") + "\\.");
        }
        long start = System.nanoTime();
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            System.err.println("FAILED: " + e.getMessage());
            return 1;
        }
        if (results.isEmpty()) {
            System.err.println("FAILED: no benchmark matches " + includes);
            return 1;
        }
        String report = report(settings, includes, results);
        System.out.println();
        System.out.print(report);
        Path md = dir.resolve("comparison.md");
        try {
            Files.writeString(md, report);
            System.out.printf("%nWritten to %s in %d s%n", md, (System.nanoTime() - start) / 1_000_000_000L);
        } catch (IOException e) {
            System.err.println("could not write " + md + ": " + e);
            return 1;
        }
        return 0;
    }

    static String report(Settings settings, List<String> includes, Collection<RunResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# go4j comparison (").append(settings.name().toLowerCase(Locale.ROOT)).append(")\n\n");
        sb.append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(", ").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs. ")
                .append(settings.describe()).append(".\n");
        if (settings == Settings.SMOKE) {
            sb.append("\nSmoke run: proves the benchmarks run; the numbers are meaningless.\n");
        }
        sb.append("\nvs go4j: this implementation's time per operation / go4j's, in the same run;"
                + " above 1.00, go4j is faster.\n\n");
        sb.append("```\n").append(scores(results).toText()).append("```\n");
        if (includes.isEmpty() || includes.stream().anyMatch(r -> Pattern.compile(r).matcher(FOOTPRINT).find())) {
            sb.append("\n## Bytes per empty channel (JOL)\n\n```\n").append(footprint().toText());
            ChannelFootprint.goReference().forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n");
        }
        return sb.toString();
    }

    /** One row per result, grouped by benchmark and parameters other than the implementation. */
    static Table scores(Collection<RunResult> results) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : results) {
            groups.computeIfAbsent(groupKey(r.getParams()), k -> new ArrayList<>()).add(r);
        }
        Table t = new Table("Benchmark", "Params", "Implementation", ">Score", ">Error", "Units", ">vs go4j");
        for (List<RunResult> group : groups.values()) {
            RunResult base = group.stream()
                    .filter(r -> BASELINE.equals(r.getParams().getParam(IMPL_PARAM)))
                    .findFirst().orElse(null);
            for (RunResult r : group) {
                BenchmarkParams p = r.getParams();
                Result<?> score = r.getPrimaryResult();
                String impl = p.getParam(IMPL_PARAM);
                t.row(shortName(p.getBenchmark()), otherParams(p), impl == null ? "" : impl,
                        number(score.getScore()), number(score.getScoreError()), score.getScoreUnit(),
                        base == null ? "" : String.format(Locale.ROOT, "%.2f", ratio(r, base)));
            }
        }
        return t;
    }

    /** How many times faster go4j ({@code base}) is than {@code r}. */
    private static double ratio(RunResult r, RunResult base) {
        double score = r.getPrimaryResult().getScore();
        double baseScore = base.getPrimaryResult().getScore();
        return r.getParams().getMode() == Mode.Throughput ? baseScore / score : score / baseScore;
    }

    static Table footprint() {
        List<ChannelFootprint.Row> rows = ChannelFootprint.measure();
        Table t = new Table("Channel", "Implementation", ">Bytes", ">vs go4j");
        for (ChannelFootprint.Row r : rows) {
            long base = rows.stream()
                    .filter(b -> b.kind().equals(r.kind()) && b.implementation().equals(BASELINE))
                    .mapToLong(ChannelFootprint.Row::bytes).findFirst().orElse(0L);
            t.row(r.kind(), r.implementation(), Long.toString(r.bytes()),
                    base == 0L ? "" : String.format(Locale.ROOT, "%.2f", (double) r.bytes() / base));
        }
        return t;
    }

    private static String groupKey(BenchmarkParams p) {
        return p.getBenchmark() + ' ' + p.getMode() + ' ' + otherParams(p);
    }

    private static String otherParams(BenchmarkParams p) {
        StringBuilder sb = new StringBuilder();
        for (String key : p.getParamsKeys()) {
            if (!key.equals(IMPL_PARAM)) {
                sb.append(sb.isEmpty() ? "" : " ").append(key).append('=').append(p.getParam(key));
            }
        }
        return sb.toString();
    }

    /** {@code dev.go4j.chan.SelectReadyBenchmark.select} to {@code SelectReadyBenchmark.select}. */
    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    /** The directory that holds benchmarks.jar ({@code target/}), or else the working directory. */
    private static Path outputDirectory() {
        CodeSource src = Comparison.class.getProtectionDomain().getCodeSource();
        if (src != null) {
            try {
                Path dir = Path.of(src.getLocation().toURI()).getParent(); // of target/benchmarks.jar or target/classes
                if (dir != null && Files.isWritable(dir)) {
                    return dir;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file location: fall back to the working directory
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
