package dev.go4j.sync;

import static dev.go4j.sync.Once.onceFunc;
import static dev.go4j.sync.Once.onceValue;
import static dev.go4j.sync.Once.onceValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples published in the Javadoc of {@link Once}; each one runs here. */
class OnceSnippets {

    /** A service whose connection is opened by the first request, whichever thread makes it. */
    static final class Service {
        private final AtomicInteger opened = new AtomicInteger();
        // @start region=once
        private final Once connectOnce = new Once();     // var connectOnce sync.Once
        private String connection;                       // plain field: Once publishes it

        String connection() {
            connectOnce.run(() -> connection = connect()); // connectOnce.Do(func() { conn = connect() })
            return connection;
        }
        // @end

        private String connect() {
            opened.incrementAndGet();
            return "connection-" + opened.get();
        }
    }

    @Test
    void once() throws Exception {
        Service service = new Service();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 8; i++) {
            wg.go(() -> assertThat(service.connection()).isEqualTo("connection-1"));
        }
        wg.await();
        assertThat(service.opened).hasValue(1);
    }

    @Test
    void onceFuncExample() {
        AtomicInteger flushes = new AtomicInteger();
        // @start region=onceFunc
        Runnable closeOnce = onceFunc(flushes::incrementAndGet); // closeOnce := sync.OnceFunc(flush)
        closeOnce.run();                                          // flushes
        closeOnce.run();                                          // does nothing
        // @end
        assertThat(flushes).hasValue(1);
    }

    @Test
    void onceValueExample() {
        // @start region=onceValue
        Supplier<Map<String, String>> config = onceValue(() -> Map.of("region", "eu")); // sync.OnceValue(load)
        String region = config.get().get("region");       // loads on the first call, cached after
        // @end
        assertThat(region).isEqualTo("eu");
        assertThat(config.get()).isSameAs(config.get());
    }

    @Test
    void onceValuesExample(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("settings.txt");
        Files.writeString(path, "debug=true");
        // @start region=onceValues
        Once.CheckedSupplier<String, IOException> settings =  // settings := sync.OnceValues(func() (string, error) {
                onceValues(() -> Files.readString(path));     //     b, err := os.ReadFile(path); return string(b), err })
        String text = settings.get();                         // text, err := settings()
        // @end
        assertThat(text).isEqualTo("debug=true");
        Files.delete(path);
        assertThat(settings.get()).isEqualTo("debug=true"); // not read again

        Once.CheckedSupplier<String, IOException> missing = onceValues(() -> Files.readString(path));
        IOException failure = null;
        try {
            missing.get();
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        Files.writeString(path, "created later");
        IOException replayed = failure;
        assertThatThrownBy(missing::get).isSameAs(replayed); // the error is kept, not retried
    }
}
