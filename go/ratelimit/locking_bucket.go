package ratelimit

import (
	"context"
	"math"
	"sync"
	"time"
)

// LockingTokenBucket is the token bucket most Go code writes by hand: a token count under a
// sync.Mutex, refilled lazily from the time elapsed since the last call (no goroutine, no ticker).
// It is the twin of go4j's LockingTokenBucket.
//
// A new bucket is full: it grants burst tokens at once, then perSecond tokens per second, and an
// idle bucket fills up to burst and no further. The count may go negative while WaitN callers wait
// for tokens they have reserved (a debt the refill pays off first).
type LockingTokenBucket struct {
	perSecond float64
	burst     int

	mu     sync.Mutex
	tokens float64   // may be negative: tokens reserved by waiters
	last   time.Time // when tokens was last brought up to date; zero until the first call
}

// NewLockingTokenBucket returns a full bucket of burst tokens refilled at perSecond tokens per
// second. It panics unless perSecond is positive and finite and burst is at least one.
func NewLockingTokenBucket(perSecond float64, burst int) *LockingTokenBucket {
	checkRate(perSecond, burst)
	return &LockingTokenBucket{perSecond: perSecond, burst: burst, tokens: float64(burst)}
}

// Allow is AllowN(time.Now(), 1).
func (b *LockingTokenBucket) Allow() bool { return b.AllowN(time.Now(), 1) }

// AllowN takes n tokens at instant now if they are all there, and reports whether it did; it takes
// nothing otherwise and never blocks. AllowN(now, 0) is always true. It panics if n is negative.
func (b *LockingTokenBucket) AllowN(now time.Time, n int) bool {
	checkN(n)
	if n == 0 {
		return true // even while waiters owe tokens (x/time/rate refuses then)
	}
	_, ok := b.reserveN(now, n, 0)
	return ok
}

// WaitN takes n tokens, waiting for them until ctx is done; see waitN for the rules (x/time/rate's).
func (b *LockingTokenBucket) WaitN(ctx context.Context, n int) error {
	return waitN(ctx, b, n, time.Now, realTimer)
}

func (b *LockingTokenBucket) capacity() int { return b.burst }

func (b *LockingTokenBucket) reserveN(now time.Time, n int, maxWait time.Duration) (time.Time, bool) {
	if n > b.burst {
		return time.Time{}, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refillLocked(now)
	left := b.tokens - float64(n)
	var wait time.Duration
	if left < 0 {
		// Rounded up: a wait truncated to zero would grant a fraction of a token early.
		wait = time.Duration(math.Ceil(-left / b.perSecond * float64(time.Second)))
	}
	if wait > maxWait {
		return time.Time{}, false
	}
	b.tokens = left
	return now.Add(wait), true
}

func (b *LockingTokenBucket) unreserveN(now, act time.Time, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !now.Before(act) {
		return // the tokens were due: they count as used
	}
	// A later reservation keeps the instant it was promised; giving our tokens back lets the
	// bucket reach them sooner, so a waiter behind us may be early by at most n tokens (x/time/rate
	// tracks the last reservation to avoid that; a hand-written bucket seldom does).
	b.refillLocked(now)
	b.tokens += float64(n)
	if b.tokens > float64(b.burst) {
		b.tokens = float64(b.burst)
	}
}

// refillLocked adds the tokens earned since last, up to the burst. A clock that steps back earns
// nothing (and does not move last back).
func (b *LockingTokenBucket) refillLocked(now time.Time) {
	if b.last.IsZero() {
		b.last = now
		return
	}
	elapsed := now.Sub(b.last)
	if elapsed <= 0 {
		return
	}
	b.last = now
	b.tokens += elapsed.Seconds() * b.perSecond
	if b.tokens > float64(b.burst) {
		b.tokens = float64(b.burst)
	}
}
