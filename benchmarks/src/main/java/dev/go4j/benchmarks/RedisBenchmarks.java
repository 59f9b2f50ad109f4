package dev.go4j.benchmarks;

import java.io.File;

/** Whether the benchmarks that start their own {@code redis-server} can run on this machine. */
final class RedisBenchmarks {
    /** The package of the benchmarks that need {@code redis-server}. */
    static final String PACKAGE = "dev.go4j.redis";

    private RedisBenchmarks() {}

    /** Whether {@code redis-server} is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (new File(d, "redis-server").canExecute()) {
                return true;
            }
        }
        return false;
    }
}
