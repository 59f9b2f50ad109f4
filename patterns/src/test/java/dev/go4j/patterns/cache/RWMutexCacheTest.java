package dev.go4j.patterns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The literal Go port: the {@link CacheContract}, and its janitor goroutine and FIFO eviction. */
class RWMutexCacheTest extends CacheContract {

    @Override
    <K, V> Cache<K, V> build(CacheBuilder b) {
        return b.buildRWMutex();
    }

    @Test
    void closeEndsTheJanitorGoroutineBeforeItReturns() {
        Thread janitor = ((RWMutexCache<String, String>) cache).janitor();
        assertThat(janitor.isAlive()).isTrue();
        cache.close();
        assertThat(janitor.isAlive()).as("close() joins the janitor").isFalse();
    }

    @Test
    void anExpiredEntryStaysInTheMapUntilTheJanitorSweeps() {
        cache.set("k", "v", Duration.ofMillis(100));
        at(Duration.ofMillis(500));
        assertThat(cache.get("k")).isNull();
        assertThat(cache.size()).as("Go's Get leaves deletion to the janitor").isEqualTo(1);
    }

    @Test
    void theJanitorIntervalDefaultsToTheDefaultTtl() {
        Cache<String, String> c = make(Cache.builder().defaultTtl(Duration.ofSeconds(3)).clock(clock));
        c.set("k", "v", Duration.ofSeconds(1));
        at(Duration.ofSeconds(3));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.size() == 0);
    }

    @Test
    void aFullCacheEvictsTheEntryWrittenLongestAgo() {
        Cache<String, String> c = make(builder().maximumSize(3));
        c.set("a", "1");
        c.set("b", "2");
        c.set("c", "3");
        c.set("a", "1'"); // rewritten: now the youngest
        c.set("d", "4");
        assertThat(c.get("b")).as("FIFO by last write").isNull();
        assertThat(c.get("a")).isEqualTo("1'");
        assertThat(c.get("c")).isEqualTo("3");
        assertThat(c.get("d")).isEqualTo("4");
    }
}
