package dev.go4j.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmarks' own {@code redis-server}: a free loopback port, a temporary directory, no
 * persistence; {@link #close()} stops it and removes the directory. {@link #available()} says whether
 * {@code redis-server} is on the PATH ({@code Comparison} leaves the Redis benchmarks out when it is
 * not, unless {@code -Dgo4j.redis.required=true}).
 */
final class BenchRedisServer implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    private BenchRedisServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Whether redis-server is on the PATH. */
    static boolean available() {
        return find() != null;
    }

    private static String find() {
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

    /** Starts a server on a free port, retrying when another process takes the port first. */
    static BenchRedisServer start() throws IOException, InterruptedException {
        String exe = find();
        if (exe == null) {
            throw new IllegalStateException("redis-server is not on PATH (apt-get install redis-server)");
        }
        Path dir = Files.createTempDirectory("go4j-bench-redis-");
        for (int attempt = 0; attempt < 10; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (p.isAlive() && System.nanoTime() - deadline < 0) {
                if (ping(port)) {
                    return new BenchRedisServer(dir, p, port);
                }
                Thread.sleep(20);
            }
            p.destroyForcibly().waitFor(); // exited (port taken) or never answered: try another port
        }
        throw new IOException("could not start redis-server on a free port");
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

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
