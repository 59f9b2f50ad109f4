package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoBenchTest {

    /** What go test -bench -benchmem -count 3 prints, between the header and the ok line. */
    static final List<String> OUTPUT = List.of(
            "goos: linux",
            "goarch: amd64",
            "pkg: go4j.dev/go/chan",
            "cpu: AMD EPYC 7B13",
            "BenchmarkChannelBuffered/1to1-2         \t12345678\t        97.6 ns/op\t       0 B/op\t       0 allocs/op",
            "BenchmarkChannelBuffered/1to1-2         \t12345678\t       102.4 ns/op\t       0 B/op\t       0 allocs/op",
            "BenchmarkChannelBuffered/1to1-2         \t12345678\t       100.0 ns/op\t       0 B/op\t       0 allocs/op",
            "BenchmarkSelectDefault                  \t10000000\t       101.9 ns/op",
            "BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load=GRANTS/threads=2-2 \t 5000000\t 35.1 ns/op\t 1.000 grants/op",
            "--- BENCH: BenchmarkSomething-2",
            "PASS",
            "ok  \tgo4j.dev/go/chan\t12.345s");

    @Test
    void aResultLineGivesTheNameWithoutGomaxprocsAndTheNanosPerOp() {
        Map.Entry<String, Double> e = GoBench.parseLine(OUTPUT.get(4)).orElseThrow();
        assertThat(e.getKey()).isEqualTo("BenchmarkChannelBuffered/1to1");
        assertThat(e.getValue()).isEqualTo(97.6);
    }

    @Test
    void aNameWithoutSuffixAndExtraMetricsAfterNanosPerOpParse() {
        assertThat(GoBench.parseLine(OUTPUT.get(7)).orElseThrow()).isEqualTo(Map.entry("BenchmarkSelectDefault", 101.9));
        assertThat(GoBench.parseLine(OUTPUT.get(8)).orElseThrow())
                .isEqualTo(Map.entry("BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load=GRANTS/threads=2", 35.1));
    }

    @Test
    void otherLinesAreNotResults() {
        for (String line : List.of(OUTPUT.get(0), OUTPUT.get(3), OUTPUT.get(9), OUTPUT.get(10), OUTPUT.get(11), "",
                "BenchmarkX-2 \t 100 \t 12 B/op")) {
            assertThat(GoBench.parseLine(line)).as(line).isEmpty();
        }
    }

    @Test
    void repeatedRunsFoldIntoTheirMeanAndA999PercentInterval() {
        Map<String, GoBench.Result> results = GoBench.parse(OUTPUT);
        assertThat(results.keySet()).containsExactly("BenchmarkChannelBuffered/1to1", "BenchmarkSelectDefault",
                "BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load=GRANTS/threads=2");
        GoBench.Result buffered = results.get("BenchmarkChannelBuffered/1to1");
        assertThat(buffered.runs()).isEqualTo(3);
        assertThat(buffered.nanosPerOp()).isCloseTo(100.0, within(1e-9));
        // sample sd = 2.4; t(0.9995, 2 df) = 31.6: the half-width is 31.6 * 2.4 / sqrt(3) = 43.8
        assertThat(buffered.error()).isCloseTo(43.8, within(0.2));
        assertThat(results.get("BenchmarkSelectDefault").error()).isNaN();
    }

    @Test
    void theCpuLineNamesTheProcessor() {
        assertThat(GoBench.cpu(OUTPUT)).contains("AMD EPYC 7B13");
        assertThat(GoBench.cpu(List.of("PASS"))).isEmpty();
    }
}
