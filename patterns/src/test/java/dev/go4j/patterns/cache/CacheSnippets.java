package dev.go4j.patterns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Cache}, {@link CacheBuilder} and {@link ConcurrentTtlCache}; each one runs here. */
class CacheSnippets {

    private final AtomicInteger queries = new AtomicInteger();

    private String queryUser(String id) {
        queries.incrementAndGet();
        return "user-" + id;
    }

    @Test
    void build() {
        ManualClock clock = new ManualClock();
        // @start region=build
        try (Cache<String, String> sessions = Cache.builder()   // c := cache.New(5*time.Minute, time.Minute)
                .defaultTtl(Duration.ofMinutes(5))
                .maximumSize(10_000)
                .ttlJitter(0.1)                                 // 4.5 to 5.5 minutes: no expiry stampede
                .clock(clock)                                   // a ManualClock in tests; Clock.system() by default
                .build()) {
            sessions.set("alice", "token-1");                   // c.Set("alice", "token-1", cache.DefaultExpiration)
            sessions.set("bob", "token-2", Duration.ofSeconds(30));
            String token = sessions.get("alice");               // token, ok := c.Get("alice")
            assertThat(token).isEqualTo("token-1");
            clock.advance(Duration.ofSeconds(30));
            assertThat(sessions.get("bob")).isNull();           // expired exactly at its deadline
        }
        // @end
    }

    @Test
    void getOrLoad() throws Exception {
        try (Cache<String, String> users = Cache.builder().defaultTtl(Duration.ofMinutes(1)).build()) {
            // @start region=getOrLoad
            // v, err, _ := g.Do(id, func() (any, error) { if v, ok := c.Get(id); ok { return v, nil }; ... })
            String user = users.getOrLoad("42", () -> queryUser("42")); // one query however many callers miss at once
            String again = users.getOrLoad("42", () -> queryUser("42")); // a hit: no query
            // @end
            assertThat(user).isEqualTo("user-42").isEqualTo(again);
            assertThat(queries).hasValue(1);
        }
    }
}
