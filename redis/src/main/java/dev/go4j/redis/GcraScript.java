package dev.go4j.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua script that decides: GCRA on integer microseconds, in one call. Two texts share one body:
 * the production script reads the server's clock ({@code TIME}) and lets the key expire when the
 * bucket is full again; a second text, reachable only from this package, reads "now" from an argument
 * (and sets no expiry, which Redis would count in real time) so that tests can replay decisions at
 * fixed instants. No public path sends a client clock to Redis.
 */
final class GcraScript {
    /* The script, line by line (docs/ratelimit.md explains it for readers):
     *
     *   KEYS[1] the bucket's key; ARGV[1] T, the emission interval in microseconds; ARGV[2] burst;
     *   ARGV[3] n, the permits asked for (0 <= n <= burst, checked by the client).
     *   State: one string, tat, the theoretical arrival time in microseconds since the Unix epoch:
     *   the bucket is empty from tat - tau on, full from tat on (tau = T * burst).
     *   Every value is an integer below 2^53, so Lua's doubles hold it exactly: now is about 2^51
     *   (year 2026), tau <= 2^50 (checked by the client), tat <= now + tau.
     */

    /** Effects replication (the default from Redis 5 on; needed on 3.2 and 4 to write after TIME). */
    private static final String PRELUDE = """
            if redis.replicate_commands then redis.replicate_commands() end
            """;

    /** Production: now is the server's clock, seconds and microseconds from TIME. */
    private static final String SERVER_NOW = """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
            """;

    /** Tests only: now is ARGV[4], microseconds. */
    private static final String PINNED_NOW = """
            local now = tonumber(ARGV[4])
            """;

    private static final String BODY = """
            local interval = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local n = tonumber(ARGV[3])
            local tau = interval * burst
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            local next = tat + n * interval
            local allow_at = next - tau
            if allow_at > now then
              return {0, math.max(0, math.floor((now + tau - tat) / interval)), allow_at - now, tat - now}
            end
            """;

    /** Production: store the new tat, expiring when the bucket is full again (tat <= now). */
    private static final String STORE_EXPIRING = """
            if next > now then
              redis.call('SET', KEYS[1], string.format('%d', next), 'PX', math.ceil((next - now) / 1000))
            end
            return {1, math.floor((now + tau - next) / interval), 0, next - now}
            """;

    /** Tests only: a pinned now does not move with real time, so the key must not expire in real time. */
    private static final String STORE_PINNED = """
            if next > now then
              redis.call('SET', KEYS[1], string.format('%d', next))
            end
            return {1, math.floor((now + tau - next) / interval), 0, next - now}
            """;

    /** The script every limiter runs: now from the server's TIME. */
    static final GcraScript SERVER_CLOCK = new GcraScript(PRELUDE + SERVER_NOW + BODY + STORE_EXPIRING);
    /**
     * The same decision with now from ARGV[4], for replaying decisions at fixed instants in tests; it
     * stores the state without an expiry, since Redis expires keys in real time.
     */
    static final GcraScript PINNED_CLOCK = new GcraScript(PRELUDE + PINNED_NOW + BODY + STORE_PINNED);

    final String source;
    final String sha1;

    private GcraScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** The SHA-1 hex digest Redis names a script by ({@code EVALSHA}, {@code SCRIPT EXISTS}). */
    static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}
