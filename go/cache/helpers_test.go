package cache

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

const long = 10 * time.Second // bound of every "eventually"; never reached when the tests pass

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

// waitBlocked waits until n goroutines whose stacks run fn are parked in the scheduler state (as a
// goroutine dump names it; "a|b" accepts either name, for states that newer Go renamed); see
// go/chan/helpers_test.go.
func waitBlocked(t *testing.T, n int, state, fn string) {
	t.Helper()
	deadline := time.Now().Add(long)
	for {
		got := countBlocked(state, fn)
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %d of %d goroutines in %s reached state [%s]", got, n, fn, state)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond) // back off: goroutine dumps stop the world
	}
}

func countBlocked(state, fn string) int {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		header, _, _ := strings.Cut(string(g), "\n")
		if !strings.Contains(string(g), fn) {
			continue
		}
		for _, s := range strings.Split(state, "|") {
			if strings.Contains(header, "["+s+"]") || strings.Contains(header, "["+s+",") {
				count++
				break
			}
		}
	}
	return count
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
