package cache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go4j.dev/go/internal/parked"
)

// The rules of go4j's Cache contract (dev.go4j.patterns.cache.Cache), for both flavours, at fixed
// instants: time moves only when the test advances the fake clock, and the janitor sweeps only when
// the test sends it a tick.

const (
	ttl   = time.Minute
	sweep = 10 * time.Second // the janitor's interval
)

// stringCache is what both flavours offer, for V = string.
type stringCache interface {
	Get(key string) (string, bool)
	Set(key, value string)
	SetTTL(key, value string, ttl time.Duration)
	Delete(key string) bool
	DeleteExpired() int
	Len() int
	GetOrLoad(key string, load func() (string, error)) (string, error)
	GetOrLoadContext(ctx context.Context, key string, load func() (string, error)) (string, error)
	Close()
}

type fixture struct {
	c      stringCache
	clock  *fakeClock
	ticker *fakeTicker
}

type flavour struct {
	name string
	make func(interval time.Duration, opts ...Option) stringCache
}

var flavours = []flavour{
	{"Cache", func(interval time.Duration, opts ...Option) stringCache {
		return New[string](ttl, interval, opts...)
	}},
	{"Sharded", func(interval time.Duration, opts ...Option) stringCache {
		return NewSharded[string](16, ttl, interval, opts...)
	}},
}

func forEachFlavour(t *testing.T, test func(t *testing.T, f fixture), opts ...Option) {
	for _, fl := range flavours {
		fl := fl
		t.Run(fl.name, func(t *testing.T) {
			clock := &fakeClock{t: t0}
			ticker := &fakeTicker{tick: make(chan time.Time)}
			c := fl.make(sweep, append([]Option{withClock(clock.now, ticker.newTicker)}, opts...)...)
			t.Cleanup(c.Close)
			test(t, fixture{c, clock, ticker})
		})
	}
}

func TestEntryIsVisibleUntilItsTTLAndNeverFromItsDeadlineOn(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		f.c.Set("k", "v")
		f.clock.advance(ttl - time.Nanosecond)
		if v, ok := f.c.Get("k"); !ok || v != "v" {
			t.Fatalf("a nanosecond before the deadline: %q, %v", v, ok)
		}
		f.clock.advance(time.Nanosecond)
		if v, ok := f.c.Get("k"); ok {
			t.Fatalf("at the deadline: %q still visible", v)
		}
	})
}

func TestSetAgainReplacesTheValueAndRestartsTheTTL(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		f.c.Set("k", "old")
		f.clock.advance(ttl / 2)
		f.c.Set("k", "new")
		f.clock.advance(ttl - time.Nanosecond)
		if v, ok := f.c.Get("k"); !ok || v != "new" {
			t.Fatalf("%q, %v; want the new value, live", v, ok)
		}
	})
}

func TestSetTTLOverridesTheDefault(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		f.c.SetTTL("short", "v", time.Second)
		f.c.SetTTL("long", "v", 2*ttl)
		f.clock.advance(time.Second)
		if _, ok := f.c.Get("short"); ok {
			t.Fatal("short outlived its ttl")
		}
		f.clock.advance(ttl)
		if _, ok := f.c.Get("long"); !ok {
			t.Fatal("long died at the default ttl")
		}
	})
}

func TestDeleteReportsWhetherALiveEntryWasRemoved(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		f.c.Set("live", "v")
		f.c.SetTTL("expired", "v", time.Second)
		f.clock.advance(time.Second)
		if !f.c.Delete("live") {
			t.Fatal("Delete(live) = false")
		}
		if f.c.Delete("expired") || f.c.Delete("absent") || f.c.Delete("live") {
			t.Fatal("Delete of an expired, absent or deleted key = true")
		}
		if f.c.Len() != 0 {
			t.Fatalf("Len = %d after deleting everything", f.c.Len())
		}
	})
}

func TestLenCountsExpiredEntriesUntilSwept(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		f.c.SetTTL("a", "v", time.Second)
		f.c.Set("b", "v")
		f.clock.advance(time.Second)
		if f.c.Len() != 2 {
			t.Fatalf("Len = %d, want 2: an expired entry stays until swept", f.c.Len())
		}
		if n := f.c.DeleteExpired(); n != 1 || f.c.Len() != 1 {
			t.Fatalf("DeleteExpired = %d, Len = %d; want 1, 1", n, f.c.Len())
		}
	})
}

func TestJanitorSweepsExpiredEntriesOnEachTick(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		if f.ticker.every != sweep {
			t.Fatalf("the janitor ticks every %v, want %v", f.ticker.every, sweep)
		}
		f.c.SetTTL("a", "v", time.Second)
		f.c.Set("b", "v")
		f.ticker.tickAndWait()
		if f.c.Len() != 2 {
			t.Fatal("the janitor swept a live entry")
		}
		f.clock.advance(time.Second)
		f.ticker.tickAndWait()
		if f.c.Len() != 1 {
			t.Fatalf("Len = %d after a sweep, want 1", f.c.Len())
		}
	})
}

func TestCloseStopsTheJanitorAndItsTickerAndMayBeRepeated(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		f.c.Close() // returns once the janitor's goroutine has returned
		if !f.ticker.stopped {
			t.Fatal("the janitor's ticker was not stopped")
		}
		f.c.Close()
		select {
		case f.ticker.tick <- t0:
			t.Fatal("something still reads the ticks")
		default:
		}
		f.c.Set("k", "v") // still usable, without a janitor (go-cache's rule; Java throws)
		if _, ok := f.c.Get("k"); !ok {
			t.Fatal("a closed cache lost a Set")
		}
	})
}

func TestNoJanitorWithoutACleanupInterval(t *testing.T) {
	for _, fl := range flavours {
		ticker := &fakeTicker{}
		c := fl.make(0, withClock(time.Now, ticker.newTicker))
		c.Close()
		if ticker.started {
			t.Fatalf("%s: a janitor started with interval 0", fl.name)
		}
	}
}

func TestGetOrLoadLoadsOnceAndCaches(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		loads := 0
		load := func() (string, error) { loads++; return fmt.Sprint("v", loads), nil }
		for i := 0; i < 3; i++ {
			if v, err := f.c.GetOrLoad("k", load); v != "v1" || err != nil {
				t.Fatalf("GetOrLoad = %q, %v", v, err)
			}
		}
		if loads != 1 {
			t.Fatalf("%d loads, want 1", loads)
		}
		f.clock.advance(ttl)
		if v, _ := f.c.GetOrLoad("k", load); v != "v2" {
			t.Fatalf("after the ttl: %q, want a new load", v)
		}
	})
}

func TestGetOrLoadConcurrentCallersShareOneLoad(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		const callers = 8
		var loads int32
		gate := make(chan struct{})
		load := func() (string, error) {
			atomic.AddInt32(&loads, 1)
			<-gate
			return "v", nil
		}
		var wg sync.WaitGroup
		for i := 0; i < callers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if v, err := f.c.GetOrLoad("k", load); v != "v" || err != nil {
					t.Errorf("GetOrLoad = %q, %v", v, err)
				}
			}()
		}
		// The loader is parked in the load's receive under Group.Do; every caller that joined it is
		// parked in Do's wait for the flight, a sync.WaitGroup's: "sync.WaitGroup.Wait" in a goroutine
		// dump of Go 1.24 and later, "semacquire" before.
		parked.WaitFor(t, 1, "singleflight.(*Group).doCall", "chan receive")
		parked.WaitFor(t, callers-1, "singleflight.(*Group).Do(", "semacquire", "sync.WaitGroup.Wait")
		close(gate)
		wg.Wait()
		if loads != 1 {
			t.Fatalf("%d loads for %d concurrent callers", loads, callers)
		}
	})
}

func TestGetOrLoadFailureIsNotCachedAndReachesTheCaller(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		boom := errors.New("backend down")
		if _, err := f.c.GetOrLoad("k", func() (string, error) { return "", boom }); err != boom {
			t.Fatalf("err = %v", err)
		}
		if f.c.Len() != 0 {
			t.Fatal("a failed load was cached")
		}
		if v, err := f.c.GetOrLoad("k", func() (string, error) { return "v", nil }); v != "v" || err != nil {
			t.Fatalf("after a failure, GetOrLoad = %q, %v; want a new load", v, err)
		}
	})
}

func TestGetOrLoadContextStopsWaitingButTheLoadGoesOnAndIsCached(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		gate := make(chan struct{})
		loaded := make(chan struct{})
		load := func() (string, error) { <-gate; defer close(loaded); return "v", nil }
		ctx, cancel := context.WithCancel(context.Background())
		errs := make(chan error, 1)
		go func() { _, err := f.c.GetOrLoadContext(ctx, "k", load); errs <- err }()
		parked.WaitFor(t, 1, "cache.getOrLoadContext", "select")
		cancel()
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		close(gate)
		<-loaded
		// The load returned; it stores the value right after, under the flight; GetOrLoad joins
		// the flight if it is still running or reads the value if it is over.
		if v, err := f.c.GetOrLoad("k", func() (string, error) { return "reloaded", nil }); v != "v" || err != nil {
			t.Fatalf("GetOrLoad = %q, %v; want the abandoned load's value", v, err)
		}
	})
}

func TestGetOrLoadContextOnADoneContextStartsNoLoad(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := f.c.GetOrLoadContext(ctx, "k", func() (string, error) {
			t.Error("loaded for a done context")
			return "", nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestMaxSizeIsNeverExceeded(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, f fixture) {
		for i := 0; i < 1000; i++ {
			f.c.Set(fmt.Sprint(i), "v")
			if f.c.Len() > 64 {
				t.Fatalf("Len = %d after %d sets, cap 64", f.c.Len(), i+1)
			}
		}
		f.c.Set("999", "again") // replacing a key evicts nothing
		if _, ok := f.c.Get("999"); !ok {
			t.Fatal("the last key set is gone")
		}
	}, WithMaxSize(64))
}

func TestAFullCacheEvictsAnExpiredEntryFirst(t *testing.T) {
	clock := &fakeClock{t: t0}
	for _, c := range []stringCache{
		New[string](ttl, 0, WithMaxSize(3), withClock(clock.now, nil)),
		NewSharded[string](1, ttl, 0, WithMaxSize(3), withClock(clock.now, nil)),
	} {
		c.Set("a", "v")
		c.SetTTL("b", "v", time.Second)
		c.Set("c", "v")
		clock.advance(time.Second)
		c.Set("d", "v") // full: of the (at most 5) entries sampled, b expires soonest
		for _, k := range []string{"a", "c", "d"} {
			if _, ok := c.Get(k); !ok {
				t.Fatalf("%T: %s evicted; the expired b should have been", c, k)
			}
		}
		if c.Len() != 3 {
			t.Fatalf("%T: Len = %d", c, c.Len())
		}
	}
}

func TestShardedSpreadsKeysOverItsShards(t *testing.T) {
	c := NewSharded[int](10, ttl, 0) // rounded up to 16
	if len(c.shards) != 16 {
		t.Fatalf("%d shards, want 16", len(c.shards))
	}
	for i := 0; i < 1000; i++ {
		c.Set(fmt.Sprint(i), i)
	}
	for i := range c.shards {
		if n := c.shards[i].len(); n == 0 || n > 200 {
			t.Fatalf("shard %d holds %d of 1000 keys", i, n)
		}
	}
}

func TestBadArgumentsPanicNamingTheRule(t *testing.T) {
	for want, f := range map[string]func(){
		"ttl = 0s":     func() { New[int](0, 0) },
		"ttl = -1s":    func() { New[int](ttl, 0).SetTTL("k", 1, -time.Second) },
		"shards = 0":   func() { NewSharded[int](0, ttl, 0) },
		"maxSize = -1": func() { WithMaxSize(-1) },
	} {
		if msg := fmt.Sprint(panicValue(t, f)); !strings.Contains(msg, want) {
			t.Errorf("panic %q, want it to say %q", msg, want)
		}
	}
}
