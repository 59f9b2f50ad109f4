package dev.go4j.patterns.retry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A deterministic simulation after "Exponential Backoff and Jitter" (AWS Architecture Blog, 2015):
 * {@code N} clients each need one write to a resource that admits one write at a time (optimistic
 * concurrency on one item). A write takes {@value #CALL_MICROS} µs; a write that starts while another
 * is in progress fails after the same time, and its client retries after the delay of its
 * {@link Backoff} ({@code base} {@value #CALL_MICROS} µs, {@code cap} {@value #CAP_MICROS} µs). The
 * clients arrive at random instants in the first {@value #CALL_MICROS} µs. For each strategy and each
 * {@code N} from 10 to 100 it prints the total calls and the time until the last client is done,
 * averaged over {@value #RUNS} seeded runs, as a Markdown table, writes them as CSV, and draws them
 * (XChart, headless) as a PNG of two charts: total calls, and completion time on a log scale.
 *
 * <p>The simulation runs on virtual time (an event queue), not on a clock: it is exact and takes well
 * under a second. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.go4j.patterns.retry.BackoffSimulation [out.csv [out.png]]}.
 */
public final class BackoffSimulation {
    static final long CALL_MICROS = 100;
    static final long CAP_MICROS = 1_000_000;
    static final int RUNS = 20;
    /** A client that has not succeeded after this many calls gives up (plain backoff can lock-step). */
    static final int MAX_CALLS = 10_000;

    private BackoffSimulation() {}

    /** The result of one simulation: total calls, and the instant the last client finished (µs). */
    record Result(long calls, long completionMicros) {}

    static Result run(Jitter jitter, int clients, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Backoff backoff = new Backoff(jitter, java.time.Duration.ofNanos(CALL_MICROS), java.time.Duration.ofNanos(CAP_MICROS));
        // event: {time, client, attempt, previousDelay}; time units are µs, held in the Duration's nanos
        PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (int c = 0; c < clients; c++) {
            events.add(new long[] {random.nextLong(CALL_MICROS), c, 0, -1});
        }
        long busyUntil = 0;
        long calls = 0;
        long completion = 0;
        while (!events.isEmpty()) {
            long[] e = events.poll();
            long t = e[0];
            calls++;
            if (t >= busyUntil) {
                busyUntil = t + CALL_MICROS;
                completion = Math.max(completion, busyUntil);
                continue;
            }
            int attempt = (int) e[2];
            if (attempt + 1 >= MAX_CALLS) {
                completion = Math.max(completion, t + CALL_MICROS);
                continue;
            }
            long delay = backoff.delayNanos(attempt, e[3], random);
            events.add(new long[] {t + CALL_MICROS + delay, e[1], attempt + 1, delay});
        }
        return new Result(calls, completion);
    }

    /**
     * Prints the table, writes the CSV and draws the chart.
     *
     * @param args optional paths of the CSV file (default {@code backoff-simulation.csv}) and of the
     *     PNG file (default {@code backoff-simulation.png})
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path csv = Path.of(args.length > 0 ? args[0] : "backoff-simulation.csv");
        Path png = Path.of(args.length > 1 ? args[1] : "backoff-simulation.png");
        Map<Jitter, double[]> callsByN = new LinkedHashMap<>();
        Map<Jitter, double[]> msByN = new LinkedHashMap<>();
        PrintStream out = System.out;
        Jitter[] strategies = Jitter.values();
        List<String> lines = new ArrayList<>();
        lines.add("clients,strategy,calls,completion_ms");
        StringBuilder head = new StringBuilder("| N |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Jitter j : strategies) {
            head.append(' ').append(j).append(" calls | ").append(j).append(" ms |");
            rule.append("---|---|");
        }
        out.println(head);
        out.println(rule);
        for (int n = 10; n <= 100; n += 10) {
            StringBuilder row = new StringBuilder("| " + n + " |");
            for (Jitter j : strategies) {
                long calls = 0;
                long completion = 0;
                for (int r = 0; r < RUNS; r++) {
                    Result res = run(j, n, 31L * n + r);
                    calls += res.calls();
                    completion += res.completionMicros();
                }
                double avgCalls = calls / (double) RUNS;
                double avgMs = completion / (double) RUNS / 1000.0;
                row.append(String.format(Locale.ROOT, " %.0f | %.1f |", avgCalls, avgMs));
                callsByN.computeIfAbsent(j, k -> new double[CLIENTS.length])[n / 10 - 1] = avgCalls;
                msByN.computeIfAbsent(j, k -> new double[CLIENTS.length])[n / 10 - 1] = avgMs;
                lines.add(String.format(Locale.ROOT, "%d,%s,%.1f,%.3f", n, j, avgCalls, avgMs));
            }
            out.println(row);
        }
        Files.write(csv, lines);
        XYChart calls = chart("Total calls until every client has written once", "calls", callsByN);
        XYChart time = chart("Time until the last client is done (log scale)", "ms", msByN);
        time.getStyler().setYAxisLogarithmic(true);
        BitmapEncoder.saveBitmap(List.of(calls, time), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        out.println();
        out.println("CSV written to " + csv.toAbsolutePath());
        out.println("Chart drawn to " + png.toAbsolutePath());
    }

    private static final double[] CLIENTS = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

    private static XYChart chart(String title, String yTitle, Map<Jitter, double[]> byStrategy) {
        XYChart chart = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle("clients (N)")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        byStrategy.forEach((j, ys) -> chart.addSeries(j.name(), CLIENTS, ys));
        return chart;
    }
}
