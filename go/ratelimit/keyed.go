package ratelimit

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// KeyedLimiter is the per-client limiter of Go servers: a map from key (a client IP, an API key) to
// its own *rate.Limiter, created on first sight, with the two guards production needs: entries idle
// for longer than idle are swept away, and the map never holds more than maxKeys entries. It is the
// twin of go4j's KeyedRateLimiter.
//
// The entries are kept in a list in order of last use (container/list, most recent at the front),
// so both guards cost O(1) per entry removed: the sweep walks from the back while entries are idle,
// and a new key that finds the map full first sweeps, then evicts the least recently used key. An
// evicted key that comes back starts with a full bucket: the cap bounds memory, and a flood of new
// keys can cost the quietest clients their history rather than lock every new client out.
//
// Sweeping is on demand (Sweep) and on a ticker (SweepEvery, run on a goroutine the caller owns).
type KeyedLimiter struct {
	limit   rate.Limit
	burst   int
	maxKeys int
	idle    time.Duration

	mu      sync.Mutex
	entries map[string]*list.Element // of *keyedEntry
	lru     *list.List               // front: most recently used
}

type keyedEntry struct {
	key  string
	lim  *rate.Limiter
	seen time.Time
}

// NewKeyedLimiter returns a limiter that gives each key rate.NewLimiter(limit, burst), keeps at most
// maxKeys keys and lets Sweep remove those unused for idle or longer. It panics unless maxKeys is at
// least one and idle is positive.
func NewKeyedLimiter(limit rate.Limit, burst, maxKeys int, idle time.Duration) *KeyedLimiter {
	if maxKeys < 1 {
		panic(fmt.Sprintf("ratelimit: maxKeys = %d, must be at least 1", maxKeys))
	}
	if idle <= 0 {
		panic(fmt.Sprintf("ratelimit: idle = %v, must be positive", idle))
	}
	return &KeyedLimiter{
		limit: limit, burst: burst, maxKeys: maxKeys, idle: idle,
		entries: make(map[string]*list.Element), lru: list.New(),
	}
}

// Allow is AllowN(time.Now(), key, 1).
func (k *KeyedLimiter) Allow(key string) bool { return k.AllowN(time.Now(), key, 1) }

// AllowN takes n tokens from key's limiter at instant now (see rate.Limiter.AllowN). It panics if n
// is negative.
func (k *KeyedLimiter) AllowN(now time.Time, key string, n int) bool {
	checkN(n)
	return k.limiter(now, key).AllowN(now, n)
}

// Limiter returns key's limiter, creating it if needed, and marks key used at instant now; use it
// for Wait or Reserve on one key.
func (k *KeyedLimiter) Limiter(now time.Time, key string) *rate.Limiter { return k.limiter(now, key) }

func (k *KeyedLimiter) limiter(now time.Time, key string) *rate.Limiter {
	k.mu.Lock()
	defer k.mu.Unlock()
	if el, ok := k.entries[key]; ok {
		e := el.Value.(*keyedEntry)
		e.seen = now
		k.lru.MoveToFront(el)
		return e.lim
	}
	if len(k.entries) >= k.maxKeys {
		k.sweepLocked(now)
		if len(k.entries) >= k.maxKeys { // nobody idle: evict the least recently used
			k.removeLocked(k.lru.Back())
		}
	}
	e := &keyedEntry{key: key, lim: rate.NewLimiter(k.limit, k.burst), seen: now}
	k.entries[key] = k.lru.PushFront(e)
	return e.lim
}

// Sweep removes the keys unused since now-idle or earlier and returns how many it removed.
func (k *KeyedLimiter) Sweep(now time.Time) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.sweepLocked(now)
}

func (k *KeyedLimiter) sweepLocked(now time.Time) int {
	removed := 0
	for el := k.lru.Back(); el != nil; el = k.lru.Back() {
		if now.Sub(el.Value.(*keyedEntry).seen) < k.idle {
			break // the rest were used more recently
		}
		k.removeLocked(el)
		removed++
	}
	return removed
}

func (k *KeyedLimiter) removeLocked(el *list.Element) {
	delete(k.entries, el.Value.(*keyedEntry).key)
	k.lru.Remove(el)
}

// Len returns the number of keys held.
func (k *KeyedLimiter) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.entries)
}

// SweepEvery sweeps every period until ctx is done; run it on its own goroutine:
//
//	go lim.SweepEvery(ctx, time.Minute)
func (k *KeyedLimiter) SweepEvery(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	k.sweepOn(ctx, t.C)
}

// sweepOn sweeps at each tick's instant; the tests send the ticks.
func (k *KeyedLimiter) sweepOn(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case now := <-tick:
			k.Sweep(now)
		case <-ctx.Done():
			return
		}
	}
}
