package dev.go4j.benchmarks;

import dev.go4j.chan.ChannelFootprint;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The comparison: runs the JMH benchmarks of this jar with one of three settings, and the Go twins'
 * benchmarks with the same settings when {@code go} is on the {@code PATH}; prints one progress line
 * per benchmark run, then, last, one table: for every benchmark and parameter set, each
 * implementation's score ± error, its ratio to go4j's row in the same run (a tie marked {@code ~}),
 * Go's figure beside the rows that have a twin, and a note on noisy rows; then the channel footprint
 * table. The report, with one chart per benchmark and the machine, JDK, commit and settings, is
 * written to {@code report/report.md} beside {@code benchmarks.jar}, in {@code target/}, with JMH's
 * raw results ({@code jmh-result.json}) and Go's ({@code go-bench.txt}, which benchstat reads).
 *
 * <p>Usage: {@code Comparison [-smoke | -quick | -full] [-nogo] [regex ...]}
 * <ul>
 *   <li>{@code -quick} (the default): 1 fork, 1 x 500 ms warm-up, 3 x 500 ms measurement; Go: 3 runs
 *       of 500 ms. A first look, a few minutes.</li>
 *   <li>{@code -full}: 3 forks, 5 x 2 s warm-up, 5 x 2 s measurement; Go: 10 runs of 2 s: the figures
 *       to publish.</li>
 *   <li>{@code -smoke}: 1 fork, no warm-up, 1 x 200 ms; Go: one iteration each. Proves every benchmark
 *       runs and verifies its checksum (CI). Its numbers mean nothing.</li>
 *   <li>{@code -nogo}: do not run the Go twins even if {@code go} is installed.</li>
 *   <li>{@code regex}: run only the benchmarks whose name it finds (JMH's {@code include}), and
 *       their Go twins; the footprint table is shown if one finds
 *       {@code dev.go4j.chan.ChannelFootprint}.</li>
 * </ul>
 * Exit status: 0 on success (a failing Go run is reported, not fatal), 1 if a benchmark failed or
 * none matched, 2 on a usage error.
 *
 * <p>Run: {@code ./mvnw -Pbench} (quick), {@code ./mvnw -Pbench -Dbench.args=-full}, or
 * {@code java -cp benchmarks/target/benchmarks.jar dev.go4j.benchmarks.Comparison -smoke Select}.
 */
public final class Comparison {

    private static final String FOOTPRINT = ChannelFootprint.class.getName();
    /** Quiets the JDK's warning about jctools' and JOL's use of sun.misc.Unsafe (JDK 23+), once per fork. */
    static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    /** How long and how often to measure, on both sides. */
    enum Settings {
        SMOKE(1, 0, TimeValue.NONE, 1, TimeValue.milliseconds(200), "1x", 1),
        QUICK(1, 1, TimeValue.milliseconds(500), 3, TimeValue.milliseconds(500), "500ms", 3),
        FULL(3, 5, TimeValue.seconds(2), 5, TimeValue.seconds(2), "2s", 10);

        final int forks;
        final int warmups;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue iterationTime;
        final String goBenchtime;
        final int goCount;

        Settings(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
                String goBenchtime, int goCount) {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
            this.goBenchtime = goBenchtime;
            this.goCount = goCount;
        }

        ChainedOptionsBuilder apply(ChainedOptionsBuilder b) {
            b.forks(forks).warmupIterations(warmups).measurementIterations(iterations).measurementTime(iterationTime);
            return warmups > 0 ? b.warmupTime(warmupTime) : b;
        }

        /** A guess at one benchmark run's length, for the first ETA: the iterations plus a JVM start. */
        long estimateNanos() {
            long perFork = warmups * warmupTime.convertTo(TimeUnit.NANOSECONDS)
                    + iterations * iterationTime.convertTo(TimeUnit.NANOSECONDS) + 1_500_000_000L;
            return forks * perFork;
        }

        String describe() {
            return forks + (forks == 1 ? " fork, " : " forks, ")
                    + (warmups == 0 ? "no warm-up" : warmups + " x " + warmupTime + " warm-up") + ", "
                    + iterations + " x " + iterationTime + " measurement";
        }

        String describeGo() {
            return "-benchtime " + goBenchtime + " -count " + goCount;
        }
    }

    private Comparison() {}

    /**
     * Runs the comparison.
     *
     * @param args {@code -smoke}, {@code -quick} or {@code -full}, {@code -nogo}, then optional
     *     benchmark regexes
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Settings settings = Settings.QUICK;
        boolean runGo = true;
        List<String> includes = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "-smoke" -> settings = Settings.SMOKE;
                case "-quick" -> settings = Settings.QUICK;
                case "-full" -> settings = Settings.FULL;
                case "-nogo" -> runGo = false;
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
        System.exit(run(settings, includes, runGo));
    }

    private static void usage(String error, int status) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: Comparison [-smoke | -quick | -full] [-nogo] [benchmark regex ...]");
        System.exit(status);
    }

    private static int run(Settings settings, List<String> includes, boolean runGo) {
        PrintStream out = System.out;
        Path dir = outputDirectory().resolve("report");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            System.err.println("could not create " + dir + ": " + e);
            return 1;
        }
        List<String> patterns = includes.isEmpty() ? List.of(".*") : includes;
        ChainedOptionsBuilder options = settings.apply(new OptionsBuilder())
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh-result.json").toString());
        patterns.forEach(options::include);
        if (Runtime.version().feature() >= 23) {
            options.jvmArgsPrepend(ALLOW_UNSAFE); // prepend: the benchmarks' own @Fork(jvmArgsAppend) stay
        }
        List<String> excludes = new ArrayList<>();
        if (!RedisBenchmarks.available()) {
            if (Boolean.getBoolean("go4j.redis.required")) {
                System.err.println("FAILED: redis-server is not on PATH and go4j.redis.required is set;"
                        + " install it (apt-get install redis-server)");
                return 1;
            }
            System.err.println("NOTE: redis-server is not on PATH: the Redis benchmarks (" + RedisBenchmarks.PACKAGE
                    + ") are left out. Install it (apt-get install redis-server) to run them.");
            excludes.add(RedisBenchmarks.PACKAGE.replace(".", "\\.") + "\\.");
        }
        excludes.forEach(options::exclude);
        Map<String, String> environment = environment(settings);
        int total = countRuns(patterns, excludes);
        out.printf("go4j comparison (%s): %d benchmark runs, %s.%n", settings.name().toLowerCase(Locale.ROOT), total,
                settings.describe());
        long start = System.nanoTime();
        Progress progress = new Progress(out, total, settings.estimateNanos());
        Collection<RunResult> results;
        try {
            results = new Runner(options.build(), progress).run();
        } catch (RunnerException e) {
            System.err.println(progress.lastOutput());
            System.err.println("FAILED: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
            return 1;
        }
        if (results.isEmpty()) {
            System.err.println("FAILED: no benchmark matches " + includes);
            return 1;
        }
        List<Measurement> rows = measurements(results);
        Map<String, GoBench.Result> go = runGo ? runGo(settings, rows, dir, environment, out) : Map.of();
        Report report = new Report(rows, go);
        String footprint = includes.isEmpty()
                || includes.stream().anyMatch(r -> Pattern.compile(r).matcher(FOOTPRINT).find()) ? footprint() : "";
        Map<String, String> charts;
        try {
            charts = report.charts(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not draw the charts: " + e);
            charts = Map.of();
        }
        environment.put("Time taken", Progress.duration(System.nanoTime() - start));
        Path md = dir.resolve("report.md");
        try {
            Files.writeString(md, markdown(settings, environment, report, charts, footprint), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write " + md + ": " + e);
            return 1;
        }
        out.println();
        out.println(header(settings, environment));
        out.print(Report.LEGEND);
        out.println();
        out.print(report.table().toText());
        out.print(footprint);
        out.printf("%nReport with charts: %s (%s)%n", md, Progress.duration(System.nanoTime() - start));
        return 0;
    }

    /** How many benchmark runs (benchmark x parameter set) the patterns select, for the progress line. */
    static int countRuns(List<String> patterns, List<String> excludes) {
        int runs = 0;
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), patterns, excludes)) {
            int n = 1;
            if (e.getParams().hasValue()) {
                for (String[] values : e.getParams().get().values()) {
                    n *= Math.max(1, values.length);
                }
            }
            runs += n;
        }
        return runs;
    }

    /** One measurement per result, with its implementation parameter and baseline found. */
    static List<Measurement> measurements(Collection<RunResult> results) {
        List<Measurement> rows = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Map<String, String> all = new LinkedHashMap<>();
            for (String key : p.getParamsKeys()) {
                all.put(key, p.getParam(key));
            }
            Optional<Implementations.Param> implParam = Implementations.of(p.getBenchmark(), all);
            String implKey = implParam.map(Implementations.Param::name).orElse(null);
            String impl = implKey == null ? "" : all.get(implKey);
            StringBuilder others = new StringBuilder();
            all.forEach((k, v) -> {
                if (!k.equals(implKey)) {
                    others.append(others.isEmpty() ? "" : " ").append(k).append('=').append(v);
                }
            });
            boolean baseline = implParam.map(i -> i.baseline().equals(impl)).orElse(true);
            Result<?> score = r.getPrimaryResult();
            rows.add(new Measurement(shortName(p.getBenchmark()), others.toString(), impl, baseline,
                    score.getScore(), score.getScoreError(), score.getScoreUnit(), p.getThreads(), all));
        }
        return rows;
    }

    private static Map<String, GoBench.Result> runGo(Settings settings, List<Measurement> rows, Path dir,
            Map<String, String> environment, PrintStream out) {
        Set<String> benchmarks = new LinkedHashSet<>();
        rows.forEach(m -> benchmarks.add(m.benchmark()));
        Set<String> functions = GoTwins.goFunctions(benchmarks);
        Optional<Path> go = GoRunner.goOnPath();
        Optional<Path> module = GoRunner.findModule();
        if (functions.isEmpty()) {
            return Map.of();
        }
        if (go.isEmpty() || module.isEmpty()) {
            out.println(go.isEmpty() ? "Go twins: skipped (no go on the PATH)" : "Go twins: skipped (no go/go.mod found)");
            environment.put("Go", "not run (" + (go.isEmpty() ? "no go on the PATH" : "no go/ module") + ")");
            return Map.of();
        }
        List<String> command = GoRunner.command(go.get(), settings, functions);
        out.printf("Go twins: %d benchmarks, go test %s ./... in %s%n", functions.size(), settings.describeGo(),
                module.get());
        long start = System.nanoTime();
        try {
            List<String> lines = GoRunner.run(command, module.get(), dir.resolve("go-bench.txt"));
            Map<String, GoBench.Result> results = GoBench.parse(lines);
            out.printf("Go twins: %d results in %s%n", results.size(), Progress.duration(System.nanoTime() - start));
            environment.put("Go", goVersion(go.get()) + ", `go " + String.join(" ", command.subList(1, command.size()))
                    + "` (GOMAXPROCS = all cores)");
            GoBench.cpu(lines).ifPresent(cpu -> environment.putIfAbsent("CPU (Go)", cpu));
            return results;
        } catch (IOException e) {
            out.println("Go twins: FAILED, the table has no Go column. " + e.getMessage());
            environment.put("Go", "failed: " + e.getMessage().lines().findFirst().orElse(""));
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static String goVersion(Path go) {
        return command(List.of(go.toString(), "version"), null).orElse("go").replaceFirst("^go version ", "");
    }

    /** Where, when, on what: the commit, the date, the JDK, the machine and the settings. */
    static Map<String, String> environment(Settings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        Path root = GoRunner.findModule().map(Path::getParent).orElse(Path.of("").toAbsolutePath());
        String commit = command(List.of("git", "rev-parse", "--short=12", "HEAD"), root).orElse("unknown");
        boolean dirty = command(List.of("git", "status", "--porcelain", "--untracked-files=no"), root)
                .map(s -> !s.isBlank()).orElse(false);
        env.put("Commit", commit + (dirty ? " (with uncommitted changes)" : ""));
        env.put("Date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)));
        env.put("JDK", System.getProperty("java.vm.name") + ' ' + Runtime.version() + " ("
                + System.getProperty("java.vm.vendor") + ")");
        env.put("JMH", org.openjdk.jmh.util.Version.getPlainVersion());
        env.put("OS", System.getProperty("os.name") + ' ' + System.getProperty("os.version") + ' '
                + System.getProperty("os.arch"));
        env.put("CPU", cpuModel().orElse(System.getProperty("os.arch")));
        env.put("Cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            env.put("Memory", String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (double) (1L << 30)));
        }
        env.put("Load average at start", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        env.put("Core-to-core latency at start", CoreToCore.describe(CoreToCore.measure()));
        env.put("Settings", settings.name().toLowerCase(Locale.ROOT) + ": " + settings.describe()
                + (Runtime.version().feature() >= 23 ? "; forks get " + ALLOW_UNSAFE : ""));
        return env;
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first line of a short command's output, or empty if it cannot run or fails. */
    private static Optional<String> command(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? Optional.of(output.lines().findFirst().orElse("").strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String header(Settings settings, Map<String, String> environment) {
        StringBuilder sb = new StringBuilder("# go4j comparison (" + settings.name().toLowerCase(Locale.ROOT) + ")\n");
        environment.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        if (settings == Settings.SMOKE) {
            sb.append("Smoke run: proves the benchmarks run; the numbers are meaningless.\n");
        }
        return sb.toString();
    }

    static String markdown(Settings settings, Map<String, String> environment, Report report,
            Map<String, String> charts, String footprint) {
        StringBuilder sb = new StringBuilder();
        sb.append("# go4j comparison (").append(settings.name().toLowerCase(Locale.ROOT)).append(")\n\n");
        Table env = new Table("", "");
        environment.forEach(env::row);
        sb.append(env.toMarkdown()).append('\n');
        if (settings == Settings.SMOKE) {
            sb.append("**Smoke run: proves the benchmarks run; the numbers are meaningless.**\n\n");
        }
        sb.append("How to read it:\n\n```\n").append(Report.LEGEND).append("```\n");
        sb.append("Raw results: [jmh-result.json](jmh-result.json) (JMH Visualizer reads it)")
                .append(environment.getOrDefault("Go", "").startsWith("not") || !environment.containsKey("Go")
                        ? "" : ", [go-bench.txt](go-bench.txt) (benchstat reads it)")
                .append(".\n");
        sb.append(report.markdown(charts));
        if (!footprint.isEmpty()) {
            sb.append(footprint.replaceFirst("^\\n", ""));
        }
        return sb.toString();
    }

    static String footprint() {
        StringBuilder sb = new StringBuilder("\n## Bytes per empty channel (JOL)\n\n```\n");
        sb.append(footprintTable().toText());
        ChannelFootprint.goReference().forEach(l -> sb.append(l).append('\n'));
        return sb.append("```\n").toString();
    }

    static Table footprintTable() {
        List<ChannelFootprint.Row> rows = ChannelFootprint.measure();
        Table t = new Table("Channel", "Implementation", ">Bytes", ">vs go4j");
        for (ChannelFootprint.Row r : rows) {
            long base = rows.stream()
                    .filter(b -> b.kind().equals(r.kind()) && b.implementation().equals("GO4J"))
                    .mapToLong(ChannelFootprint.Row::bytes).findFirst().orElse(0L);
            t.row(r.kind(), r.implementation(), Long.toString(r.bytes()),
                    base == 0L ? "" : String.format(Locale.ROOT, "%.2f", (double) r.bytes() / base));
        }
        return t;
    }

    /** {@code dev.go4j.chan.SelectReadyBenchmark.select} to {@code SelectReadyBenchmark.select}. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
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
