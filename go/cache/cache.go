package cache

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache is the TTL cache of Go backends, the twin of go4j's literal port: a map[string]item under a
// sync.RWMutex, expiry checked on read, and a janitor goroutine that sweeps expired entries on a
// ticker until Close closes its stop channel.
//
// An entry set at instant t with time to live ttl is returned by Get until t+ttl and never from
// t+ttl on; setting a key again replaces its value and restarts its ttl. Len counts the entries held,
// expired ones not yet swept included (go-cache's ItemCount). GetOrLoad runs at most one load per key
// at a time, outside the lock, and caches only a load that succeeds.
//
// Close stops the janitor; unlike the Java port (which throws after close, as Java resources do),
// the cache stays usable, without sweeping, as go-cache does. A Cache must be made by New.
type Cache[V any] struct {
	ttl   time.Duration
	clock clock
	shard[V]
	loads     singleflight.Group
	janitor   *janitor
	closeOnce sync.Once
}

// New returns a cache whose entries live for ttl unless SetTTL says otherwise, swept every
// cleanupInterval by a janitor goroutine (none if cleanupInterval <= 0). Call Close to stop the
// janitor. It panics if ttl is not positive.
func New[V any](ttl, cleanupInterval time.Duration, opts ...Option) *Cache[V] {
	cfg := newConfig(ttl, opts)
	c := &Cache[V]{ttl: ttl, clock: clock{cfg.now, cfg.now()}, shard: newShard[V](cfg.maxSize)}
	c.janitor = startJanitor(cfg, cleanupInterval, func() { c.DeleteExpired() })
	return c
}

// Get returns the live value for key; ok is false if there is none or it has expired.
func (c *Cache[V]) Get(key string) (value V, ok bool) { return c.get(key, c.clock.nanos()) }

// Set sets key to value for the cache's ttl.
func (c *Cache[V]) Set(key string, value V) { c.SetTTL(key, value, c.ttl) }

// SetTTL sets key to value for ttl. It panics if ttl is not positive.
func (c *Cache[V]) SetTTL(key string, value V, ttl time.Duration) {
	checkTTL(ttl)
	now := c.clock.nanos()
	c.set(key, value, now+int64(ttl), now)
}

// Delete removes key and reports whether it held a live entry.
func (c *Cache[V]) Delete(key string) bool { return c.delete(key, c.clock.nanos()) }

// DeleteExpired removes every expired entry (what the janitor does on each tick) and returns how
// many it removed.
func (c *Cache[V]) DeleteExpired() int { return c.deleteExpired(c.clock.nanos()) }

// Len returns the number of entries held, including expired ones not yet swept.
func (c *Cache[V]) Len() int { return c.len() }

// GetOrLoad returns the live value for key, or loads it, caches it for the cache's ttl and returns
// it. Concurrent callers for one key share one load (singleflight); a failed load caches nothing and
// its error goes to every caller that shared it.
func (c *Cache[V]) GetOrLoad(key string, load func() (V, error)) (V, error) {
	return getOrLoad[V](c, &c.loads, key, load)
}

// GetOrLoadContext is GetOrLoad that stops waiting when ctx is done, returning ctx.Err(); the load
// goes on for the callers still waiting and is cached if it succeeds.
func (c *Cache[V]) GetOrLoadContext(ctx context.Context, key string, load func() (V, error)) (V, error) {
	return getOrLoadContext[V](ctx, c, &c.loads, key, load)
}

// Close stops the janitor and waits for its goroutine to return. Close may be called more than once.
func (c *Cache[V]) Close() { c.closeOnce.Do(c.janitor.close) }
