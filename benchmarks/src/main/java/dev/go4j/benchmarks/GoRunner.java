package dev.go4j.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the Go twins' benchmarks when a Go toolchain is on the {@code PATH}:
 * {@code go test -run XXX -bench '^(BenchmarkA|BenchmarkB)$' -benchtime T -count N ./...} in the
 * {@code go/} module, its output saved as it is (benchstat reads it) and parsed by {@link GoBench}.
 */
final class GoRunner {

    private GoRunner() {}

    /** The {@code go} executable on the {@code PATH}, if there is one. */
    static Optional<Path> goOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("go", "go.exe")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code go/} module of this project: in the working directory or one of its parents. */
    static Optional<Path> findModule() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("go").resolve("go.mod"))) {
                return Optional.of(d.resolve("go"));
            }
        }
        return Optional.empty();
    }

    /** The {@code go test} command line that runs {@code functions} with {@code settings}. */
    static List<String> command(Path go, Comparison.Settings settings, Set<String> functions) {
        List<String> cmd = new ArrayList<>(List.of(go.toString(), "test", "-run", "XXX",
                "-bench", "^(" + String.join("|", functions) + ")$",
                "-benchtime", settings.goBenchtime, "-count", Integer.toString(settings.goCount),
                "-timeout", "120m", "./..."));
        return cmd;
    }

    /**
     * Runs {@code command} in {@code module}, writes its output to {@code out}, and returns its lines.
     *
     * @throws IOException if it cannot start, or it fails (the message holds the end of its output)
     */
    static List<String> run(List<String> command, Path module, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        int status = p.waitFor();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (status != 0) {
            List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            throw new IOException("go test exited with status " + status + ":\n  " + String.join("\n  ", tail));
        }
        return lines;
    }
}
