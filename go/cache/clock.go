package cache

import (
	"fmt"
	"time"
)

// Option configures New and NewSharded.
type Option func(*config)

type config struct {
	maxSize   int
	now       func() time.Time
	newTicker func(d time.Duration) (tick <-chan time.Time, stop func())
}

// WithMaxSize caps the number of entries: a Set of a new key into a full cache first evicts one (see
// shard.evictLocked). Zero, the default, means no cap. It panics if n is negative.
func WithMaxSize(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("cache: maxSize = %d, must be zero (no cap) or more", n))
	}
	return func(c *config) { c.maxSize = n }
}

// withClock replaces time.Now and time.NewTicker; the tests pass fakes.
func withClock(now func() time.Time, newTicker func(time.Duration) (<-chan time.Time, func())) Option {
	return func(c *config) { c.now, c.newTicker = now, newTicker }
}

func newConfig(ttl time.Duration, opts []Option) config {
	checkTTL(ttl)
	c := config{now: time.Now, newTicker: func(d time.Duration) (<-chan time.Time, func()) {
		t := time.NewTicker(d)
		return t.C, t.Stop
	}}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func checkTTL(ttl time.Duration) {
	if ttl <= 0 {
		panic(fmt.Sprintf("cache: ttl = %v, must be positive", ttl))
	}
}

// clock turns instants into int64 nanoseconds since the cache was made: 8 bytes an entry instead of
// a time.Time's 24, and time.Time.Sub keeps the monotonic reading, so a wall-clock step neither
// expires nor revives entries.
type clock struct {
	now   func() time.Time
	epoch time.Time
}

func (c clock) nanos() int64 { return int64(c.now().Sub(c.epoch)) }

// janitor is the goroutine that sweeps expired entries on a ticker until its stop channel is closed:
// go-cache's janitor, the pattern every Go TTL cache copies.
type janitor struct {
	stop chan struct{}
	done chan struct{}
}

// startJanitor starts the sweeper, or returns nil if every <= 0 (no janitor: expired entries stay
// until read, overwritten or swept by DeleteExpired).
func startJanitor(cfg config, every time.Duration, sweep func()) *janitor {
	if every <= 0 {
		return nil
	}
	j := &janitor{stop: make(chan struct{}), done: make(chan struct{})}
	tick, stopTicker := cfg.newTicker(every)
	go func() {
		defer close(j.done)
		defer stopTicker()
		for {
			select {
			case <-tick:
				sweep()
			case <-j.stop:
				return
			}
		}
	}()
	return j
}

// close stops the janitor and waits for its goroutine to return; the caller makes it run once.
func (j *janitor) close() {
	if j == nil {
		return
	}
	close(j.stop)
	<-j.done
}
