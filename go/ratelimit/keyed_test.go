package ratelimit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// The rules of go4j's KeyedRateLimiter: one limiter per key, idle keys swept, a hard cap on keys.

const idle = time.Minute

func TestKeyedEachKeyHasItsOwnLimiter(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 100, idle)
	if !k.AllowN(t0, "a", burst) {
		t.Fatal("a's burst refused")
	}
	if k.AllowN(t0, "a", 1) {
		t.Fatal("a granted past its burst")
	}
	if !k.AllowN(t0, "b", burst) {
		t.Fatal("b was charged for a's requests")
	}
	if !k.AllowN(t0.Add(period), "a", 1) {
		t.Fatal("a's permit did not come back at the rate")
	}
	if k.Limiter(t0, "a") != k.Limiter(t0, "a") {
		t.Fatal("two limiters for one key")
	}
}

func TestKeyedSweepRemovesKeysIdleForTheIdleTimeOrLonger(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 100, idle)
	k.AllowN(t0, "old", 1)
	k.AllowN(t0.Add(time.Second), "recent", 1)
	if n := k.Sweep(t0.Add(idle - time.Nanosecond)); n != 0 {
		t.Fatalf("swept %d keys before any was idle for %v", n, idle)
	}
	if n := k.Sweep(t0.Add(idle)); n != 1 || k.Len() != 1 {
		t.Fatalf("swept %d, %d left; want 1 swept (old), 1 left", n, k.Len())
	}
	k.AllowN(t0.Add(idle), "old", 1) // comes back with a fresh limiter
	if !k.AllowN(t0.Add(idle), "old", burst-1) {
		t.Fatal("a swept key came back without a full bucket")
	}
}

func TestKeyedUseKeepsAKeyFromBeingSwept(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 100, idle)
	k.AllowN(t0, "a", 1)
	k.AllowN(t0.Add(idle/2), "a", 1)
	if n := k.Sweep(t0.Add(idle)); n != 0 {
		t.Fatal("swept a key used half an idle time ago")
	}
}

func TestKeyedNeverHoldsMoreThanMaxKeysAndEvictsTheLeastRecentlyUsed(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 3, idle)
	for i, key := range []string{"a", "b", "c"} {
		k.AllowN(t0.Add(time.Duration(i)*time.Second), key, 1)
	}
	k.AllowN(t0.Add(3*time.Second), "a", 1) // a is now the most recent; b the least
	k.AllowN(t0.Add(4*time.Second), "d", 1)
	if k.Len() != 3 {
		t.Fatalf("%d keys, cap 3", k.Len())
	}
	if _, held := k.entries["b"]; held {
		t.Fatal("b (least recently used) was kept")
	}
	for _, key := range []string{"a", "c", "d"} {
		if _, held := k.entries[key]; !held {
			t.Fatalf("%s evicted", key)
		}
	}
}

func TestKeyedAFullMapSweepsIdleKeysBeforeEvictingLiveOnes(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 2, idle)
	k.AllowN(t0, "idle1", 1)
	k.AllowN(t0, "idle2", 1)
	k.AllowN(t0.Add(idle), "new", 1)
	if k.Len() != 1 {
		t.Fatalf("%d keys; both idle keys should have been swept", k.Len())
	}
}

func TestKeyedMillionKeysStayWithinTheCap(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 1000, idle)
	for i := 0; i < 100_000; i++ {
		k.AllowN(t0, fmt.Sprint(i), 1)
		if k.Len() > 1000 {
			t.Fatalf("%d keys after %d", k.Len(), i)
		}
	}
	if k.Len() != 1000 || k.lru.Len() != 1000 {
		t.Fatalf("map %d, list %d: out of step", k.Len(), k.lru.Len())
	}
}

func TestKeyedSweepEveryRunsOnEachTickUntilTheContextIsDone(t *testing.T) {
	k := NewKeyedLimiter(rateHz, burst, 100, idle)
	k.AllowN(t0, "a", 1)
	ctx, cancel := context.WithCancel(context.Background())
	tick := make(chan time.Time)
	done := make(chan struct{})
	go func() { k.sweepOn(ctx, tick); close(done) }()
	tick <- t0.Add(idle)
	tick <- t0.Add(idle) // the second send returns only once the first tick's sweep is over
	if k.Len() != 0 {
		t.Fatal("the tick did not sweep")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(long):
		t.Fatal("the sweeper did not stop with its context")
	}
}

func TestKeyedBadArgumentsPanic(t *testing.T) {
	panicValue(t, func() { NewKeyedLimiter(rate.Inf, 1, 0, idle) })
	panicValue(t, func() { NewKeyedLimiter(rate.Inf, 1, 1, 0) })
	panicValue(t, func() { NewKeyedLimiter(rate.Inf, 1, 1, idle).AllowN(t0, "a", -1) })
}
