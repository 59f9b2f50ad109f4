package ratelimit

import (
	"context"
	"math"
	"sync/atomic"
	"time"
)

// AtomicTokenBucket is a lock-free token bucket in the form of GCRA (the generic cell rate
// algorithm of ATM networks, the one Redis-based limiters use): its whole state is one int64, the
// theoretical arrival time (TAT) of the next token, moved by compare-and-swap. It is the twin of
// go4j's AtomicTokenBucket.
//
// A request for n tokens at instant now pushes TAT to max(TAT, now) + n*interval, and is granted if
// that lands no further ahead of now than burst*interval (tau). A full bucket is a TAT in the past;
// an empty one is a TAT tau ahead of now. The rules are those of LockingTokenBucket: a new bucket
// grants burst tokens at once, then perSecond per second, and an idle one fills to burst only.
//
// Rates above one token per nanosecond are not representable (interval would be zero); they are
// treated as one per nanosecond.
type AtomicTokenBucket struct {
	tat      atomic.Int64 // ns since epoch; Go 1.19's typed atomics
	interval int64        // ns per token
	tau      int64        // burst * interval
	burst    int
	epoch    time.Time // the origin of the ns scale (with a monotonic reading, from time.Now)
}

// NewAtomicTokenBucket returns a full bucket of burst tokens refilled at perSecond tokens per
// second. It panics unless perSecond is positive and finite and burst is at least one.
func NewAtomicTokenBucket(perSecond float64, burst int) *AtomicTokenBucket {
	checkRate(perSecond, burst)
	interval := int64(math.Round(float64(time.Second) / perSecond))
	if interval < 1 {
		interval = 1
	}
	b := &AtomicTokenBucket{interval: interval, tau: int64(burst) * interval, burst: burst, epoch: time.Now()}
	// Far in the past: full, whatever instants the caller passes (a test's fixed dates included).
	b.tat.Store(math.MinInt64 / 2)
	return b
}

// Allow is AllowN(time.Now(), 1).
func (b *AtomicTokenBucket) Allow() bool { return b.AllowN(time.Now(), 1) }

// AllowN takes n tokens at instant now if they are all there, and reports whether it did; it takes
// nothing otherwise and never blocks. AllowN(now, 0) is always true. It panics if n is negative.
//
// A refusal costs one atomic load and no write, so a flood of refused calls does not bounce the
// cache line between cores.
func (b *AtomicTokenBucket) AllowN(now time.Time, n int) bool {
	checkN(n)
	if n == 0 {
		return true // even while waiters owe tokens (x/time/rate refuses then)
	}
	if n > b.burst {
		return false
	}
	t := b.nanos(now)
	inc := int64(n) * b.interval
	for {
		tat := b.tat.Load()
		next := max64(tat, t) + inc
		if next-t > b.tau {
			return false
		}
		if b.tat.CompareAndSwap(tat, next) {
			return true
		}
		// Lost the race to another caller (or to a caller in the past): recompute from its TAT.
	}
}

// WaitN takes n tokens, waiting for them until ctx is done; see waitN for the rules (x/time/rate's).
func (b *AtomicTokenBucket) WaitN(ctx context.Context, n int) error {
	return waitN(ctx, b, n, time.Now, realTimer)
}

func (b *AtomicTokenBucket) capacity() int { return b.burst }

func (b *AtomicTokenBucket) reserveN(now time.Time, n int, maxWait time.Duration) (time.Time, bool) {
	if n > b.burst {
		return time.Time{}, false
	}
	t := b.nanos(now)
	inc := int64(n) * b.interval
	for {
		tat := b.tat.Load()
		next := max64(tat, t) + inc
		wait := max64(next-b.tau-t, 0) // the tokens are ours once TAT is within tau of the clock
		if time.Duration(wait) > maxWait {
			return time.Time{}, false
		}
		if b.tat.CompareAndSwap(tat, next) {
			return now.Add(time.Duration(wait)), true
		}
	}
}

func (b *AtomicTokenBucket) unreserveN(now, act time.Time, n int) {
	if !now.Before(act) {
		return // the tokens were due: they count as used
	}
	// Pull TAT back by what we reserved. As in LockingTokenBucket, a later reservation keeps its
	// promised instant, so the bucket may run ahead of the rate by at most n tokens.
	b.tat.Add(-int64(n) * b.interval)
}

// nanos places an instant on the bucket's scale; time.Time.Sub uses the monotonic readings when both
// instants have one, so a wall-clock step does not refill or drain the bucket.
func (b *AtomicTokenBucket) nanos(t time.Time) int64 { return int64(t.Sub(b.epoch)) }

// max64: Go 1.21 has the built-in max.
func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
