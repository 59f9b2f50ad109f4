package cache

import "sync"

// item is one entry: the value and the instant it expires (ns on the cache's clock).
type item[V any] struct {
	value   V
	expires int64
}

// shard is the literal Go cache: a map under a sync.RWMutex. Cache is one shard; Sharded is many.
// An entry is live while now < expires: it expires exactly at its deadline.
type shard[V any] struct {
	mu      sync.RWMutex
	items   map[string]item[V]
	maxSize int // 0: no cap
}

func newShard[V any](maxSize int) shard[V] {
	return shard[V]{items: make(map[string]item[V]), maxSize: maxSize}
}

// get returns the live value for key. An expired entry reads as absent but stays in the map (a read
// lock cannot remove it); the janitor, a Set or a Delete removes it.
func (s *shard[V]) get(key string, now int64) (V, bool) {
	s.mu.RLock()
	it, ok := s.items[key]
	s.mu.RUnlock()
	if !ok || now >= it.expires {
		var zero V
		return zero, false
	}
	return it.value, true
}

func (s *shard[V]) set(key string, value V, expires, now int64) {
	s.mu.Lock()
	if s.maxSize > 0 && len(s.items) >= s.maxSize {
		if _, replacing := s.items[key]; !replacing {
			s.evictLocked(now)
		}
	}
	s.items[key] = item[V]{value, expires}
	s.mu.Unlock()
}

// evictSamples is how many entries a full shard looks at to choose the one to evict.
const evictSamples = 5

// evictLocked makes room for one entry: of the first evictSamples entries that map iteration yields
// (Go starts each range at a random place), it removes the one that expires soonest, which is an
// expired one if it saw any. Sampling, as Redis does, keeps a Set O(1) where exact LRU or
// soonest-expiry order would need a list or a heap beside the map.
func (s *shard[V]) evictLocked(now int64) {
	var victim string
	soonest := int64(0)
	seen := 0
	for k, it := range s.items {
		if seen == 0 || it.expires < soonest {
			victim, soonest = k, it.expires
		}
		seen++
		if seen == evictSamples || it.expires <= now {
			break
		}
	}
	if seen > 0 {
		delete(s.items, victim)
	}
}

// delete removes key and reports whether it held a live entry.
func (s *shard[V]) delete(key string, now int64) bool {
	s.mu.Lock()
	it, ok := s.items[key]
	delete(s.items, key)
	s.mu.Unlock()
	return ok && now < it.expires
}

// deleteExpired removes every expired entry and returns how many.
func (s *shard[V]) deleteExpired(now int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, it := range s.items {
		if now >= it.expires {
			delete(s.items, k) // deleting during range is allowed in Go
			n++
		}
	}
	return n
}

func (s *shard[V]) len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.items)
}
