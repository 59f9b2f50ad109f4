// Package cache is the Go twin of go4j's dev.go4j.patterns.cache: the in-memory cache with a time to
// live that Go backends write by hand, with the rules the Java tests pin and the benchmark of the
// same name.
//
//	Go (this package)   Java (dev.go4j.patterns.cache)   idea
//	Cache               the literal Go port              map + sync.RWMutex, expiry on read, a janitor goroutine
//	Sharded             the sharded variant              the same, split over N maps by key hash
//	—                   the ConcurrentHashMap flavour    Java only: Go's sync.Map has no per-entry expiry
//
// Both flavours deduplicate GetOrLoad with golang.org/x/sync/singleflight. Time comes from an
// injectable clock and the janitor from an injectable ticker, so the tests are exact and never sleep.
//
// Keys are strings, as in the Go caches this mirrors (patrickmn/go-cache and the many like it);
// values are generic (Go 1.18).
package cache
