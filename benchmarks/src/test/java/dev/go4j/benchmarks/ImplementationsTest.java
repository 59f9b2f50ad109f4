package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

class ImplementationsTest {

    /** A benchmark shape: the implementation parameter in a nested state, under another name. */
    public static class Marked {
        public enum Kind { JDK, @Baseline OURS, PEER }

        public enum Size { SMALL, LARGE }

        @Param
        public Size size;

        public static class Nested {
            @Param
            public Kind flavour;
        }

        public void run() {}
    }

    /** No constant is marked. */
    public static class Unmarked {
        public enum Kind { A, B }

        @Param
        public Kind impl;

        public void run() {}
    }

    @Test
    void theParameterWhoseEnumHasABaselineConstantIsTheImplementationWhateverItsName() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("size", "SMALL");
        params.put("flavour", "PEER");
        assertThat(Implementations.of(Marked.class.getName() + ".run", params))
                .contains(new Implementations.Param("flavour", "OURS"));
    }

    @Test
    void aBenchmarkWithoutABaselineConstantHasNoImplementationParameter() {
        assertThat(Implementations.of(Unmarked.class.getName() + ".run", Map.of("impl", "A"))).isEmpty();
        assertThat(Implementations.of("no.such.Benchmark.run", Map.of("impl", "A"))).isEmpty();
    }

    /**
     * Every benchmark of this module marks go4j's implementation, so every row of the comparison has
     * its ratio: a new benchmark that forgets {@link Baseline} fails here, not in a report.
     */
    @Test
    void everyBenchmarkOfThisModuleMarksGo4jsImplementation() {
        List<BenchmarkListEntry> entries = List.copyOf(BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(".*"), List.of()));
        assertThat(entries).hasSizeGreaterThan(20);
        for (BenchmarkListEntry e : entries) {
            Map<String, String[]> values = e.getParams().orElse(Map.of());
            Map<String, String> first = new LinkedHashMap<>();
            values.forEach((k, v) -> first.put(k, v[0]));
            var impl = Implementations.of(e.getUsername(), first);
            assertThat(impl).as(e.getUsername()).isPresent();
            assertThat(values.get(impl.get().name())).as(e.getUsername()).contains(impl.get().baseline());
        }
    }
}
