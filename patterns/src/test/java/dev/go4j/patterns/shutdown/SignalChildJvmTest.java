package dev.go4j.patterns.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.context.Context;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A real SIGTERM ({@code kill -TERM}) sent to a child JVM: the signal reaches
 * {@link SignalContext}, the shutdown runs to the end, and a second signal halts with status 143.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SignalChildJvmTest {
    private Process child;

    @AfterEach
    void kill() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
    }

    private static String classpath() throws URISyntaxException {
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : List.of(SignalMain.class, SignalContext.class, Context.class)) {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            cp.add(p.toString());
            // Surefire patches the test classes into the module: add the sibling directories.
            if (p.getFileName().toString().equals("classes")) {
                Path tests = p.resolveSibling("test-classes");
                if (Files.isDirectory(tests)) {
                    cp.add(tests.toString());
                }
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    private BufferedReader start(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        child = new ProcessBuilder(java, "-cp", classpath(), SignalMain.class.getName(), mode)
                .redirectErrorStream(true).start();
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private void sendTerm() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static String readUntil(BufferedReader out, String line) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String l; (l = out.readLine()) != null; ) {
            seen.add(l);
            if (l.equals(line)) {
                return l;
            }
        }
        throw new AssertionError("child ended before \"" + line + "\"; it printed " + seen);
    }

    @Test
    void sigtermCancelsTheContextWithItsNameAndTheShutdownRunsToTheEnd() throws Exception {
        BufferedReader out = start("ok");
        readUntil(out, "ready");
        sendTerm();
        readUntil(out, "cause=received signal SIGTERM");
        readUntil(out, "closed resource");
        readUntil(out, "clean=true");
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
    }

    @Test
    void aSecondSigtermHaltsAtOnceWithStatus143() throws Exception {
        BufferedReader out = start("hang");
        readUntil(out, "ready");
        sendTerm();
        readUntil(out, "stopping"); // the shutdown is stuck in a close step
        sendTerm();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(128 + 15);
    }
}
