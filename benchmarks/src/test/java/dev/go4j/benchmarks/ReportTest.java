package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Measurement row(String benchmark, String params, String impl, boolean base, double score, double error,
            String unit, int threads, Map<String, String> all) {
        return new Measurement(benchmark, params, impl, base, score, error, unit, threads, all);
    }

    static final List<Measurement> ROWS = List.of(
            // a go4j row under its own constant name, as WaitGroupBenchmark's WAIT_GROUP
            row("WaitGroupCycleBenchmark.addDoneWait", "tasks=1", "WAIT_GROUP", true, 50, 5, "ns/op", 1,
                    Map.of("impl", "WAIT_GROUP", "tasks", "1")),
            row("WaitGroupCycleBenchmark.addDoneWait", "tasks=1", "PHASER", false, 100, 5, "ns/op", 1,
                    Map.of("impl", "PHASER", "tasks", "1")),
            row("WaitGroupCycleBenchmark.addDoneWait", "tasks=1", "COUNT_DOWN_LATCH", false, 52, 80, "ns/op", 1,
                    Map.of("impl", "COUNT_DOWN_LATCH", "tasks", "1")),
            // 2 threads: Go's wall time per operation counts twice
            row("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "load=GRANTS", "GO4J", true, 80, 2, "ns/op", 2,
                    Map.of("impl", "GO4J", "load", "GRANTS")),
            row("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "load=GRANTS", "GUAVA", false, 300, 2, "ns/op", 2,
                    Map.of("impl", "GUAVA", "load", "GRANTS")),
            // a group whose go4j row was not run
            row("ErrGroupBenchmark.fanOutThenWait", "tasks=10", "INVOKE_ALL_VIRTUAL", false, 20, 1, "us/op", 1,
                    Map.of("impl", "INVOKE_ALL_VIRTUAL", "tasks", "10")));

    static final Map<String, GoBench.Result> GO = Map.of(
            "BenchmarkWaitGroupCycle/impl=WAIT_GROUP/tasks=1", new GoBench.Result("", 20, 1, 10),
            "BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load=GRANTS/threads=2", new GoBench.Result("", 30, 3, 10),
            "BenchmarkErrGroup/impl=ERR_GROUP/tasks=10", new GoBench.Result("", 15000, Double.NaN, 1));

    @Test
    void everyRowOfAGroupWithAGo4jRowHasItsRatioTiesAndNoiseMarked() {
        String text = new Report(ROWS, Map.of()).table().toText();
        assertThat(line(text, "WAIT_GROUP ")).contains("1.00");
        assertThat(line(text, "PHASER")).contains(" 2.00");
        assertThat(line(text, "COUNT_DOWN_LATCH")).contains("~1.04").contains("noise");
        assertThat(line(text, "GUAVA")).contains("3.75");
        assertThat(line(text, "INVOKE_ALL_VIRTUAL")).contains("no go4j row");
    }

    @Test
    void goStandsBesideRowsWithATwinInTheRowsUnitAndPerThread() {
        Report report = new Report(ROWS, GO);
        assertThat(report.goFigure(ROWS.get(0)).orElseThrow()).containsExactly(20, 1);
        assertThat(report.goFigure(ROWS.get(1))).isEmpty();
        // 30 ns wall time per operation on 2 goroutines: 60 ns per operation per thread, JMH's measure
        assertThat(report.goFigure(ROWS.get(3)).orElseThrow()).containsExactly(60, 6);
        String text = report.table().toText();
        assertThat(line(text, "WAIT_GROUP ")).contains("20.0 ± 1.00");
        assertThat(line(text, "tryAcquire2Threads  load=GRANTS  GO4J")).contains("60.0 ± 6.00");
    }

    @Test
    void goInMicrosecondsForAMicrosecondRow() {
        Measurement errGroup = row("ErrGroupBenchmark.fanOutThenWait", "tasks=10", "ERR_GROUP", true, 20, 1, "us/op", 1,
                Map.of("impl", "ERR_GROUP", "tasks", "10"));
        double[] go = new Report(List.of(errGroup), GO).goFigure(errGroup).orElseThrow();
        assertThat(go[0]).isEqualTo(15.0);
        assertThat(go[1]).isNaN();
    }

    @Test
    void oneChartPerBenchmarkAndTheMarkdownLinksIt(@TempDir Path dir) throws IOException {
        Report report = new Report(ROWS, GO);
        Map<String, String> charts = report.charts(dir);
        assertThat(charts.keySet()).containsExactly("WaitGroupCycleBenchmark.addDoneWait",
                "RateLimiterTryAcquireBenchmark.tryAcquire2Threads", "ErrGroupBenchmark.fanOutThenWait");
        for (String file : charts.values()) {
            byte[] png = Files.readAllBytes(dir.resolve(file));
            assertThat(png).hasSizeGreaterThan(1000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
        String md = report.markdown(charts);
        assertThat(md).contains("![WaitGroupCycleBenchmark.addDoneWait](WaitGroupCycleBenchmark.addDoneWait.png)")
                .contains("| tasks=1 | **WAIT_GROUP** | 50.0 ± 5.00 | ns/op | 1.00 | 20.0 ± 1.00 |  |");
    }

    @Test
    void chartLabelsAreTheParameterValuesUnderAnAxisTitledWithTheirNames() {
        assertThat(Report.label("form=WITH_CANCEL parent=BACKGROUND", false)).isEqualTo("WITH_CANCEL / BACKGROUND");
        assertThat(Report.label("form=WITH_CANCEL parent=BACKGROUND", true)).isEqualTo("form / parent");
        assertThat(Report.label("", false)).isEmpty();
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow(
                () -> new AssertionError("no line with " + containing + " in\n" + text));
    }
}
