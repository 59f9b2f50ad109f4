package dev.go4j.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests: started on a free loopback port with a temporary directory,
 * no persistence, stopped (and its directory removed) by {@link #close()}. When {@code redis-server}
 * is not installed the tests are skipped with a message saying how to install it, unless the system
 * property {@code go4j.redis.required} is {@code true} (CI sets it), which fails them instead.
 */
final class RedisServer implements AutoCloseable {
    static final String INSTALL_HINT = "redis-server is not on PATH: the Redis tests need a real server."
            + " Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)."
            + " Set -Dgo4j.redis.required=true to fail instead of skipping.";

    private final Path dir;
    private final String executable;
    private int port;
    private Process process;

    private RedisServer(String executable) throws IOException {
        this.executable = executable;
        this.dir = Files.createTempDirectory("go4j-redis-");
    }

    /** Starts a server on a free port, or skips the calling test if redis-server is missing. */
    static RedisServer start() throws IOException, InterruptedException {
        String exe = find();
        if (exe == null) {
            if (Boolean.getBoolean("go4j.redis.required")) {
                throw new IllegalStateException(INSTALL_HINT);
            }
            System.err.println("WARNING: SKIPPED: " + INSTALL_HINT); // loud in the build log, not only in the report
            assumeTrue(false, INSTALL_HINT);
        }
        RedisServer server = new RedisServer(exe);
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int candidate = freePort();
            try {
                server.launch(candidate);
                return server;
            } catch (IOException bindFailed) { // another process took the port between probe and bind
                last = bindFailed;
            }
        }
        server.close();
        throw new IOException("could not start redis-server on a free port", last);
    }

    /** The path of redis-server on PATH, or null. */
    static String find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (as a crash would: no save) and starts a fresh one on the same port. */
    void restart() throws IOException, InterruptedException {
        stop();
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) { // the port may linger for a moment
            try {
                launch(port);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100); // not a test assertion: backing off before rebinding a port
            }
        }
        throw new IOException("could not restart redis-server on port " + port, last);
    }

    /** Stops the server; the port stays reserved for a {@link #restart()}. */
    void stop() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroy(); // SIGTERM: redis-server shuts down (no save: persistence is off)
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    private void launch(int candidate) throws IOException, InterruptedException {
        Path log = dir.resolve("redis-" + candidate + ".log");
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(List.of(executable,
                "--port", Integer.toString(candidate),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--protected-mode", "yes",
                "--logfile", log.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with " + p.exitValue() + " on port " + candidate
                        + ": " + tail(log));
            }
            if (ping(candidate)) {
                this.port = candidate;
                this.process = p;
                return;
            }
            Thread.sleep(20); // not a test assertion: polling a child process's readiness
        }
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("redis-server did not answer PING on port " + candidate + ": " + tail(log));
    }

    private static boolean ping(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
