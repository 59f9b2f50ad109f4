package cache

import (
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is the tests' time: it moves only when advanced.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeTicker is the janitor's ticker: it ticks when the test sends on tick.
type fakeTicker struct {
	tick    chan time.Time
	every   time.Duration // what the janitor asked for; 0 if it never asked
	started bool
	stopped bool // set by the janitor's goroutine before it returns; read after Close
}

func (f *fakeTicker) newTicker(d time.Duration) (<-chan time.Time, func()) {
	f.started, f.every = true, d
	return f.tick, func() { f.stopped = true }
}

// tickAndWait makes the janitor sweep once and returns when the sweep is over: the janitor takes a
// tick only between sweeps, so the second send completes after the first sweep has.
func (f *fakeTicker) tickAndWait() {
	f.tick <- t0
	f.tick <- t0
}

func panicValue(t *testing.T, f func()) (v interface{}) {
	t.Helper()
	defer func() {
		if v = recover(); v == nil {
			t.Fatal("no panic")
		}
	}()
	f()
	return nil
}
