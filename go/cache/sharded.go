package cache

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Sharded is Cache split over a power-of-two number of shards, each a map under its own
// sync.RWMutex, chosen by a hash of the key: writers to different shards do not contend, and a read
// lock's shared counter is bounced between cores by the readers of one shard only. It is the twin of
// go4j's sharded cache. The rules are Cache's; one janitor sweeps the shards in turn, locking one at
// a time, and WithMaxSize caps each shard at maxSize/shards entries (at least one), so that the
// whole never exceeds maxSize when maxSize >= shards.
type Sharded[V any] struct {
	ttl       time.Duration
	clock     clock
	seed      maphash.Seed
	mask      uint64
	shards    []shard[V]
	loads     singleflight.Group
	janitor   *janitor
	closeOnce sync.Once
}

// NewSharded returns a sharded cache of shards shards (rounded up to a power of two); see New for
// ttl, cleanupInterval and the options. It panics if shards < 1 or ttl is not positive.
func NewSharded[V any](shards int, ttl, cleanupInterval time.Duration, opts ...Option) *Sharded[V] {
	if shards < 1 {
		panic(fmt.Sprintf("cache: shards = %d, must be at least 1", shards))
	}
	n := 1
	for n < shards {
		n <<= 1
	}
	cfg := newConfig(ttl, opts)
	perShard := 0
	if cfg.maxSize > 0 {
		perShard = cfg.maxSize / n
		if perShard < 1 {
			perShard = 1
		}
	}
	c := &Sharded[V]{
		ttl: ttl, clock: clock{cfg.now, cfg.now()},
		seed: maphash.MakeSeed(), mask: uint64(n - 1), shards: make([]shard[V], n),
	}
	for i := range c.shards {
		c.shards[i] = newShard[V](perShard)
	}
	c.janitor = startJanitor(cfg, cleanupInterval, func() { c.DeleteExpired() })
	return c
}

// shardOf hashes key with the runtime's own string hash (maphash.String: Go 1.19).
func (c *Sharded[V]) shardOf(key string) *shard[V] {
	return &c.shards[maphash.String(c.seed, key)&c.mask]
}

// Get returns the live value for key; ok is false if there is none or it has expired.
func (c *Sharded[V]) Get(key string) (value V, ok bool) {
	return c.shardOf(key).get(key, c.clock.nanos())
}

// Set sets key to value for the cache's ttl.
func (c *Sharded[V]) Set(key string, value V) { c.SetTTL(key, value, c.ttl) }

// SetTTL sets key to value for ttl. It panics if ttl is not positive.
func (c *Sharded[V]) SetTTL(key string, value V, ttl time.Duration) {
	checkTTL(ttl)
	now := c.clock.nanos()
	c.shardOf(key).set(key, value, now+int64(ttl), now)
}

// Delete removes key and reports whether it held a live entry.
func (c *Sharded[V]) Delete(key string) bool { return c.shardOf(key).delete(key, c.clock.nanos()) }

// DeleteExpired removes every expired entry, one shard at a time, and returns how many it removed.
func (c *Sharded[V]) DeleteExpired() int {
	now := c.clock.nanos()
	n := 0
	for i := range c.shards {
		n += c.shards[i].deleteExpired(now)
	}
	return n
}

// Len returns the number of entries held, including expired ones not yet swept. The shards are
// counted one at a time, so under concurrent writes the sum is of moments, not one moment.
func (c *Sharded[V]) Len() int {
	n := 0
	for i := range c.shards {
		n += c.shards[i].len()
	}
	return n
}

// GetOrLoad is Cache.GetOrLoad.
func (c *Sharded[V]) GetOrLoad(key string, load func() (V, error)) (V, error) {
	return getOrLoad[V](c, &c.loads, key, load)
}

// GetOrLoadContext is Cache.GetOrLoadContext.
func (c *Sharded[V]) GetOrLoadContext(ctx context.Context, key string, load func() (V, error)) (V, error) {
	return getOrLoadContext[V](ctx, c, &c.loads, key, load)
}

// Close stops the janitor and waits for its goroutine to return. Close may be called more than once.
func (c *Sharded[V]) Close() { c.closeOnce.Do(c.janitor.close) }
