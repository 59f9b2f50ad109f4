package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.junit.jupiter.api.Test;

class GoTwinsTest {

    @Test
    void aTwinMatchesOnItsParametersAndFillsItsPlaceholders() {
        Map<String, String> row = Map.of("impl", "GO4J", "load", "GRANTS");
        assertThat(GoTwins.goName("RateLimiterTryAcquireBenchmark.tryAcquire2Threads", row))
                .contains("BenchmarkRateLimiterTryAcquire/impl=ATOMIC/load=GRANTS/threads=2");
        assertThat(GoTwins.goName("RateLimiterTryAcquireBenchmark.tryAcquire2Threads",
                Map.of("impl", "GUAVA", "load", "GRANTS"))).isEmpty();
        assertThat(GoTwins.goName("ChannelBufferedBenchmark.transfer",
                Map.of("impl", "GO4J", "shape", "2x2", "threads", "VIRTUAL"))).contains("BenchmarkChannelBuffered/2to2");
        assertThat(GoTwins.goName("ChannelBufferedBenchmark.transfer",
                Map.of("impl", "GO4J", "shape", "2x2", "threads", "PLATFORM"))).isEmpty();
        assertThat(GoTwins.goName("ErrGroupBenchmark.fanOutThenWait", Map.of("impl", "ERR_GROUP", "tasks", "100")))
                .contains("BenchmarkErrGroup/impl=ERR_GROUP/tasks=100");
    }

    @Test
    void theFirstMatchingEntryWins() {
        List<GoTwins.Twin> table = List.of(new GoTwins.Twin("A.b", "impl=X n=1", "BenchmarkOne"),
                new GoTwins.Twin("A.b", "impl=X", "BenchmarkAny/{n}"));
        assertThat(GoTwins.find(table, "A.b", Map.of("impl", "X", "n", "1")).orElseThrow().go()).isEqualTo("BenchmarkOne");
        assertThat(GoTwins.find(table, "A.b", Map.of("impl", "X", "n", "2")).orElseThrow().goName(Map.of("n", "2")))
                .isEqualTo("BenchmarkAny/2");
        assertThat(GoTwins.find(table, "A.c", Map.of("impl", "X"))).isEmpty();
    }

    @Test
    void aPlaceholderWithoutItsParameterIsAnError() {
        GoTwins.Twin t = new GoTwins.Twin("A.b", "", "BenchmarkAny/{n}");
        assertThatThrownBy(() -> t.goName(Map.of())).hasMessageContaining("n");
    }

    @Test
    void goFunctionsAreTheTopLevelNamesOfTheRunBenchmarksTwins() {
        assertThat(GoTwins.goFunctions(Set.of("SelectReadyBenchmark.select", "OnceBenchmark.get", "NoSuch.thing")))
                .containsExactlyInAnyOrder("BenchmarkSelectReady", "BenchmarkOnce");
    }

    /** Every twin names a JMH benchmark of this module with the parameters it asks for. */
    @Test
    void everyTwinNamesAJmhBenchmarkAndItsParameterValues() {
        Map<String, Map<String, String[]>> benchmarks = new HashMap<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(".*"), List.of())) {
            benchmarks.put(Comparison.shortName(e.getUsername()), e.getParams().orElse(Map.of()));
        }
        for (GoTwins.Twin t : GoTwins.TABLE) {
            assertThat(benchmarks).as(t.java()).containsKey(t.java());
            Map<String, String[]> params = benchmarks.get(t.java());
            for (String kv : t.params().split(" ")) {
                String[] p = kv.split("=", 2);
                assertThat(params).as(t + ": parameter " + p[0]).containsKey(p[0]);
                assertThat(Arrays.asList(params.get(p[0]))).as(t + ": value of " + p[0]).contains(p[1]);
            }
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(t.go());
            while (m.find()) {
                assertThat(params).as(t + ": placeholder " + m.group(1)).containsKey(m.group(1));
            }
        }
    }

    /** Every twin names a Go benchmark function that go/ defines. */
    @Test
    void everyTwinNamesAGoBenchmarkFunctionOfTheGoModule() throws IOException {
        Path go = Path.of("..", "go");
        assertThat(go.resolve("go.mod")).exists();
        Set<String> functions;
        try (Stream<Path> files = Files.walk(go)) {
            Pattern func = Pattern.compile("^func (Benchmark\\w+)\\(b \\*testing\\.B\\)", Pattern.MULTILINE);
            functions = files.filter(f -> f.toString().endsWith("_test.go")).flatMap(f -> {
                try {
                    return func.matcher(Files.readString(f)).results().map(r -> r.group(1));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toSet());
        }
        for (GoTwins.Twin t : GoTwins.TABLE) {
            assertThat(functions).as(t.toString()).contains(t.goFunction());
        }
    }
}
