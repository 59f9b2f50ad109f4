package ratelimit

import (
	"context"
	"fmt"
	"math"
	"time"
)

// reserver is what the clock-driven buckets offer waitN: tokens taken now, to be used at a later
// instant, and a way to give them back.
type reserver interface {
	capacity() int
	// reserveN takes n tokens at now if they come within maxWait, and says when they may be used.
	reserveN(now time.Time, n int, maxWait time.Duration) (act time.Time, ok bool)
	// unreserveN gives back n tokens reserved for act, as far as they were not used yet.
	unreserveN(now, act time.Time, n int)
}

// timerFunc makes a timer; the tests pass a fake one that fires when they say so.
type timerFunc func(d time.Duration) (c <-chan time.Time, stop func() bool)

func realTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// waitN is WaitN for every reserver, with x/time/rate's rules and messages: more than the burst is
// an error, a done context is its error, a wait that would end after the context's deadline fails at
// once (taking nothing), and a context done while waiting gives the reserved tokens back.
func waitN(ctx context.Context, r reserver, n int, now func() time.Time, newTimer timerFunc) error {
	checkN(n)
	if b := r.capacity(); n > b {
		return fmt.Errorf("rate: Wait(n=%d) exceeds limiter's burst %d", n, b)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
	}
	t := now()
	maxWait := time.Duration(math.MaxInt64)
	if deadline, ok := ctx.Deadline(); ok {
		maxWait = deadline.Sub(t)
	}
	act, ok := r.reserveN(t, n, maxWait)
	if !ok {
		return fmt.Errorf("rate: Wait(n=%d) would exceed context deadline", n)
	}
	delay := act.Sub(t)
	if delay <= 0 {
		return nil
	}
	c, stop := newTimer(delay)
	defer stop()
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		// Gave up: hand the tokens back so that the next caller need not wait for them.
		r.unreserveN(now(), act, n)
		return ctx.Err()
	}
}

// checkN panics on a negative n: a programming error, as go4j's IllegalArgumentException.
// (x/time/rate does not check, and AllowN(t, -1) there adds a token.)
func checkN(n int) {
	if n < 0 {
		panic(fmt.Sprintf("ratelimit: n = %d, must be zero or more", n))
	}
}

// checkRate panics unless perSecond is positive and burst is at least one.
func checkRate(perSecond float64, burst int) {
	if !(perSecond > 0) || math.IsInf(perSecond, 1) {
		panic(fmt.Sprintf("ratelimit: perSecond = %v, must be positive and finite", perSecond))
	}
	if burst < 1 {
		panic(fmt.Sprintf("ratelimit: burst = %d, must be at least 1", burst))
	}
}
