package dev.go4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.go4j.examples.breaker.BreakerExample;
import dev.go4j.examples.cache.CacheExample;
import dev.go4j.examples.channels.ChannelsExample;
import dev.go4j.examples.context.ContextExample;
import dev.go4j.examples.errgroup.ErrGroupExample;
import dev.go4j.examples.http.HttpExample;
import dev.go4j.examples.pipeline.PipelineExample;
import dev.go4j.examples.ratelimit.RateLimitExample;
import dev.go4j.examples.retry.RetryExample;
import dev.go4j.examples.select.SelectExample;
import dev.go4j.examples.shutdown.ShutdownExample;
import dev.go4j.examples.singleflight.SingleFlightExample;
import dev.go4j.examples.sync.SyncExample;
import dev.go4j.examples.time.TimeExample;
import dev.go4j.examples.workerpool.WorkerPoolExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every docs page has a runnable pair: a Java {@code main} in this module and a Go {@code Example}
 * function with an {@code // Output:} comment in {@code go/<dir>/example_test.go}. This test runs each
 * Java program and compares what it prints with the Output block read from the Go source, so the Java
 * side cannot drift from the Go side; {@code go test} pins the Go side to the same block (run here too
 * when {@code go} is on the PATH).
 */
class ExamplesMatchGoTest {

    /** One docs page, its Go example and its Java program. */
    record Pair(String page, String goDir, String goExample, Class<?> javaMain) {
        @Override
        public String toString() {
            return page;
        }
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("channels", "chan", "Example_channels", ChannelsExample.class),
            new Pair("select", "chan", "Example_selectCases", SelectExample.class),
            new Pair("context", "context", "Example_context", ContextExample.class),
            new Pair("sync", "sync", "Example_sync", SyncExample.class),
            new Pair("time", "time", "Example_time", TimeExample.class),
            new Pair("errgroup", "errgroup", "Example_errgroup", ErrGroupExample.class),
            new Pair("singleflight", "singleflight", "Example_singleflight", SingleFlightExample.class),
            new Pair("workerpool", "workerpool", "Example_workerpool", WorkerPoolExample.class),
            new Pair("pipeline", "pipeline", "Example_pipeline", PipelineExample.class),
            new Pair("ratelimit", "ratelimit", "Example_ratelimit", RateLimitExample.class),
            new Pair("cache", "cache", "Example_cache", CacheExample.class),
            new Pair("retry", "retry", "Example_retry", RetryExample.class),
            new Pair("breaker", "breaker", "Example_breaker", BreakerExample.class),
            new Pair("shutdown", "shutdown", "Example_shutdown", ShutdownExample.class),
            new Pair("http", "http", "Example_http", HttpExample.class));

    /** Pages that are not about one construct: the index, and how to test. */
    static final Set<String> PAGES_WITHOUT_A_PROGRAM = Set.of("README", "testing");

    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    static Stream<Pair> pairs() {
        return PAIRS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void javaProgramPrintsTheGoExampleOutput(Pair pair) throws Exception {
        String expected = goOutput(REPO.resolve("go").resolve(pair.goDir()).resolve("example_test.go"),
                pair.goExample());
        assertThat(expected).as("the Output block of %s", pair.goExample()).isNotEmpty();
        assertThat(run(pair.javaMain())).isEqualTo(expected);
    }

    @Test
    void everyDocsPageHasAPairAndSaysHowToRunIt() throws IOException {
        Set<String> pages;
        try (Stream<Path> files = Files.list(REPO.resolve("docs"))) {
            pages = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .filter(n -> !PAGES_WITHOUT_A_PROGRAM.contains(n))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> paired = PAIRS.stream().map(Pair::page).collect(Collectors.toCollection(TreeSet::new));
        assertThat(paired).as("docs pages with a runnable pair").isEqualTo(pages);
        for (Pair pair : PAIRS) {
            String page = Files.readString(REPO.resolve("docs").resolve(pair.page() + ".md"));
            assertThat(page).as("docs/%s.md links its programs", pair.page())
                    .contains("-Dexec.mainClass=" + pair.javaMain().getName())
                    .contains(pair.goExample());
        }
    }

    @Test
    void goTestPassesTheSameOutputBlocks(@TempDir Path dir) throws Exception {
        assumeTrue(goOnPath(), "go is not on the PATH: the Go half is checked by `cd go && go test ./...`");
        List<String> missing = missingReplacements(REPO.resolve("go").resolve("go.mod"));
        assumeTrue(missing.isEmpty(), () -> "go/go.mod replaces modules with directories that are not here "
                + missing + ": see go/README.md for the two commands that fetch them instead");
        List<String> command = new ArrayList<>(List.of("go", "test", "-run",
                PAIRS.stream().map(Pair::goExample).distinct().collect(Collectors.joining("|", "^(", ")$"))));
        PAIRS.stream().map(p -> "./" + p.goDir() + "/").distinct().forEach(command::add);
        Path log = dir.resolve("go-test.log");
        Process go = new ProcessBuilder(command).directory(REPO.resolve("go").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(go.waitFor(5, TimeUnit.MINUTES)).as("go test finished within 5 minutes").isTrue();
        } finally {
            go.destroyForcibly(); // a no-op once it has exited
        }
        assertThat(go.exitValue()).as("go test exit status; output:%n%s", Files.readString(log)).isZero();
    }

    @Test
    void goOutputIsReadAsGoTestReadsIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("example_test.go");
        Files.writeString(file, String.join("\n",
                "package p",
                "",
                "func Example_inline() {",
                "\tfmt.Println(\"eu\")",
                "\t// Output: eu",
                "}",
                "",
                "func Example_block() {",
                "\t// a comment that is not the output",
                "\tfmt.Println(\"a\")",
                "\t// Output:",
                "\t// a  ",
                "\t//",
                "\t//   indented",
                "}",
                ""));
        assertThat(goOutput(file, "Example_inline")).isEqualTo("eu");
        assertThat(goOutput(file, "Example_block")).isEqualTo("a\n\n  indented");
    }

    @Test
    void theGoHalfIsSkippedWhenAReplacedModuleIsNotInstalled(@TempDir Path dir) throws IOException {
        Path goMod = dir.resolve("go.mod");
        Files.writeString(goMod, String.join("\n",
                "module m",
                "replace golang.org/x/time => " + dir,
                "replace golang.org/x/sync => " + dir.resolve("absent"),
                ""));
        assertThat(missingReplacements(goMod)).containsExactly(dir.resolve("absent").toString());
    }

    /** Runs {@code main} with no arguments and returns what it printed, trimmed as Go trims it. */
    static String run(Class<?> main) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } finally {
            System.out.flush();
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
    }

    /**
     * The text of the {@code // Output:} comment of {@code func name()} in a gofmt-ed Go file, as
     * {@code go test} reads it: comment markers and one following space removed, trailing spaces of each
     * line removed, the whole trimmed.
     */
    static String goOutput(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = lines.indexOf("func " + name + "() {");
        assertThat(start).as("%s declares func %s()", file, name).isNotNegative();
        int end = start + 1;
        while (!lines.get(end).equals("}")) { // gofmt puts a top-level function's closing brace alone
            end++;
        }
        int output = -1;
        for (int i = start; i < end; i++) {
            String t = lines.get(i).strip();
            assertThat(t).as("%s: use an ordered Output block", name).doesNotStartWith("// Unordered output:");
            if (t.startsWith("// Output:")) {
                output = i;
            }
        }
        assertThat(output).as("%s has an Output comment", name).isNotNegative();
        List<String> text = new ArrayList<>();
        text.add(lines.get(output).strip().substring("// Output:".length()).strip());
        for (int i = output + 1; i < end; i++) {
            String t = lines.get(i).strip();
            assertThat(t).as("%s: the Output comment ends the function", name).startsWith("//");
            t = t.substring(2);
            text.add((t.startsWith(" ") ? t.substring(1) : t).stripTrailing());
        }
        return String.join("\n", text).strip();
    }

    /** The directories that {@code replace ... => /dir} lines of a go.mod name and that do not exist. */
    static List<String> missingReplacements(Path goMod) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(goMod)) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 4 && words[0].equals("replace") && words[2].equals("=>")
                    && words[3].startsWith("/") && !Files.isDirectory(Path.of(words[3]))) {
                missing.add(words[3]);
            }
        }
        return missing;
    }

    static boolean goOnPath() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "go")));
    }
}
