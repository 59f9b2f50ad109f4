package dev.go4j.patterns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idiomatic flavour: the {@link CacheContract}, and its lazy expiry and sampled eviction. */
class ConcurrentTtlCacheTest extends CacheContract {

    @Override
    <K, V> Cache<K, V> build(CacheBuilder b) {
        return b.build();
    }

    @Test
    void builtCacheIsTheConcurrentFlavour() {
        assertThat(cache).isInstanceOf(ConcurrentTtlCache.class);
    }

    @Test
    void aReadOfAnExpiredEntryRemovesIt() {
        Cache<String, String> c = make(Cache.builder().defaultTtl(TTL).clock(clock)); // no sweep at all
        c.set("k", "v", Duration.ofSeconds(1));
        c.set("other", "v");
        at(Duration.ofSeconds(1));
        assertThat(c.size()).as("expired, not read yet").isEqualTo(2);
        assertThat(c.get("k")).isNull();
        assertThat(c.size()).as("lazy expiry on read").isEqualTo(1);
        assertThat(c.get("other")).isEqualTo("v");
    }

    @Test
    void withoutAJanitorIntervalNoTimerIsScheduled() {
        Cache<String, String> c = make(Cache.builder().defaultTtl(TTL).clock(clock));
        c.set("k", "v");
        assertThat(clock.pendingTimers()).as("only the contract cache's sweep").isEqualTo(1);
    }

    @Test
    void writesSweepExpiredEntriesWithoutAnyThread() {
        Cache<Integer, Integer> c = make(Cache.builder().defaultTtl(TTL).clock(clock));
        for (int i = 0; i < 100; i++) {
            c.set(i, i, Duration.ofSeconds(1));
        }
        at(Duration.ofSeconds(1));
        // amortised clean-up: about 1 write in 64 sweeps 16 entries; enough writes of one live key sweep all
        for (int i = 0; i < 100_000 && c.size() > 1; i++) {
            c.set(-1, i);
        }
        assertThat(c.size()).as("only the live key is left").isEqualTo(1);
    }

    @Test
    void aFullCacheEvictsAnExpiredEntryFirst() {
        Cache<String, String> c = make(Cache.builder().defaultTtl(TTL).clock(clock).maximumSize(3));
        c.set("a", "1");
        c.set("b", "2", Duration.ofSeconds(1));
        c.set("c", "3");
        at(Duration.ofSeconds(1));
        c.set("d", "4");
        assertThat(c.get("b")).isNull();
        assertThat(c.get("a")).isEqualTo("1");
        assertThat(c.get("c")).isEqualTo("3");
        assertThat(c.get("d")).isEqualTo("4");
    }

    @Test
    void aFullCacheWithNothingExpiredEvictsTheEntryClosestToExpiry() {
        Cache<String, String> c = make(Cache.builder().defaultTtl(TTL).clock(clock).maximumSize(3));
        c.set("a", "1", Duration.ofSeconds(5));
        c.set("b", "2", Duration.ofSeconds(2));
        c.set("c", "3", Duration.ofSeconds(9));
        c.set("d", "4");
        assertThat(c.get("b")).isNull();
        assertThat(c.size()).isEqualTo(3);
    }
}
