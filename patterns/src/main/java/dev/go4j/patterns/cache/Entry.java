package dev.go4j.patterns.cache;

/**
 * One immutable cache entry: a value and the {@link dev.go4j.time.Clock#nanoTime()} instant from which
 * it is expired; or, with a null value, the placeholder a load puts in the map while it runs.
 *
 * <p>Why a class and not a record: the maps compare entries in {@code remove(k, e)} and
 * {@code replace(k, old, e)}, and those must mean "this very entry" (a CAS on the entry), never "an
 * entry with the same value and deadline". A record's {@code equals} would let two placeholders, or an
 * entry and its same-valued successor, stand for each other. Identity equality is Object's.
 */
final class Entry<V> {
    /** The value; null only in a placeholder. */
    final V value;
    /** Monotonic nanos from which the entry is expired (compared by subtraction). */
    final long expiresAt;

    Entry(V value, long expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    /** A fresh placeholder: a load for its key is in flight; each load has its own. */
    static <V> Entry<V> placeholder() {
        return new Entry<>(null, 0L);
    }

    boolean isPlaceholder() {
        return value == null;
    }

    /** Expired at {@code now}: the deadline itself is already expired (visible until, never from). */
    boolean expiredAt(long now) {
        return now - expiresAt >= 0L;
    }

    /** Holds a value that is still visible at {@code now}. */
    boolean liveAt(long now) {
        return value != null && now - expiresAt < 0L;
    }

    @Override
    public String toString() {
        return value == null ? "Entry[loading]" : "Entry[" + value + ", expiresAt=" + expiresAt + "]";
    }
}
