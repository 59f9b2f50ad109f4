package dev.go4j.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.StringJoiner;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's output, reduced to one line per benchmark and parameter set: its number out of all, its
 * name and parameters, and the estimated time left. Everything else JMH or a forked JVM prints is kept
 * for the benchmark in progress only, and shown by {@link #lastOutput()} if the run fails.
 */
final class Progress implements OutputFormat {

    private final PrintStream out;
    private final int total;
    private final long estimateNanos;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final long start = System.nanoTime();
    private int started;

    /**
     * @param out where the progress lines go
     * @param total how many benchmark runs (parameter sets) to expect
     * @param estimateNanos the expected time of one, for the first estimate
     */
    Progress(PrintStream out, int total, long estimateNanos) {
        this.out = out;
        this.total = total;
        this.estimateNanos = estimateNanos;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        current.reset();
        started++;
        long elapsed = System.nanoTime() - start;
        long perRun = started > 1 ? elapsed / (started - 1) : estimateNanos;
        long left = perRun * Math.max(0, total - started + 1);
        int width = Integer.toString(Math.max(total, started)).length();
        out.printf(Locale.ROOT, "[%" + width + "d/%d] %-60s ETA %s%n", started, Math.max(total, started),
                name(params), duration(left));
        out.flush();
    }

    /** The benchmark's short name and its parameters. */
    static String name(BenchmarkParams params) {
        StringJoiner j = new StringJoiner(" ");
        j.add(Comparison.shortName(params.getBenchmark()));
        for (String key : params.getParamsKeys()) {
            j.add(key + '=' + params.getParam(key));
        }
        return j.toString();
    }

    /** {@code 1h 02m}, {@code 4m 05s}, {@code 12s}. */
    static String duration(long nanos) {
        long s = Math.round(nanos / 1e9);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + "s";
    }

    /** What JMH and the forks printed during the last benchmark run. */
    String lastOutput() {
        return current.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {}

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
            IterationResult data) {}

    @Override
    public void endBenchmark(BenchmarkResult result) {}

    @Override
    public void startRun() {}

    @Override
    public void endRun(Collection<RunResult> result) {}

    @Override
    public void print(String s) {
        current.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void println(String s) {
        print(s + System.lineSeparator());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public void verbosePrintln(String s) {}

    @Override
    public void write(int b) {
        current.write(b);
    }

    @Override
    public void write(byte[] b) {
        current.writeBytes(b);
    }
}
