package dev.go4j.patterns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The literal Go port over lock-striped shards: the same {@link CacheContract}. */
class ShardedRWMutexCacheTest extends CacheContract {

    static final int SHARDS = 4;

    @Override
    <K, V> Cache<K, V> build(CacheBuilder b) {
        return b.buildShardedRWMutex(SHARDS);
    }

    @Test
    void theMaximumSizeIsSplitExactlyBetweenTheShards() {
        Cache<Integer, Integer> c = make(builder().maximumSize(10)); // 3 + 3 + 2 + 2
        for (int i = 0; i < 1_000; i++) {
            c.set(i, i);
        }
        assertThat(c.size()).isEqualTo(10);
    }
}
