package ratelimit

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// minTick is the shortest refill period: Go timers are not worth ticking faster, so a higher rate
// adds several tokens per tick instead.
const minTick = time.Millisecond

// ChannelTokenBucket is the token bucket of Go tutorials and the literal port in go4j
// (ChannelTokenBucket): a buffered channel holds the tokens (its capacity is the burst) and a
// goroutine on a time.Ticker puts tokens in, dropping those that do not fit. Taking a token is a
// channel receive: non-blocking in Allow, blocking in Wait.
//
// A new bucket is full. Each tick adds perTick tokens, with the period chosen so that
// perTick/period is the rate: one token every 1/perSecond for rates up to 1000 per second, more
// tokens per 1 ms tick above. Stop ends the goroutine; a stopped bucket is never refilled.
//
// AllowN for n > 1 is not atomic against concurrent callers: it receives tokens one by one and puts
// them back if it cannot get all n, so two callers that each need most of the tokens can both be
// refused (and a token put back while the ticker refilled the channel is dropped, as the ticker would
// have dropped it). A single-token Allow has no such issue.
type ChannelTokenBucket struct {
	tokens   chan struct{}
	perTick  int
	period   time.Duration
	lastTick atomic.Int64 // UnixNano of the last refill (or of creation): when the next one is due
	stop     chan struct{}
	done     chan struct{} // closed when the refill goroutine has returned
	stopOnce sync.Once
}

// NewChannelTokenBucket returns a full bucket of burst tokens and starts the goroutine that refills
// it at perSecond tokens per second; call Stop to end it. It panics unless perSecond is positive
// and finite and burst is at least one.
func NewChannelTokenBucket(perSecond float64, burst int) *ChannelTokenBucket {
	checkRate(perSecond, burst)
	// perTick tokens every period, with perTick whole and the period at least minTick.
	perTick := int(math.Ceil(perSecond * minTick.Seconds()))
	period := time.Duration(float64(perTick) / perSecond * float64(time.Second))
	b := newChannelTokenBucket(perTick, period, burst, time.Now())
	ticker := time.NewTicker(period)
	go b.run(ticker.C, ticker.Stop)
	return b
}

// newChannelTokenBucket makes a full bucket with no goroutine; the tests drive run with their own
// tick channel.
func newChannelTokenBucket(perTick int, period time.Duration, burst int, now time.Time) *ChannelTokenBucket {
	b := &ChannelTokenBucket{
		tokens:  make(chan struct{}, burst),
		perTick: perTick,
		period:  period,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		b.tokens <- struct{}{}
	}
	b.lastTick.Store(now.UnixNano())
	return b
}

// run is the refill goroutine: on every tick, perTick tokens in, the overflow dropped.
func (b *ChannelTokenBucket) run(tick <-chan time.Time, stopTicker func()) {
	defer close(b.done)
	defer stopTicker()
	for {
		select {
		case t := <-tick:
			b.refill(t)
		case <-b.stop:
			return
		}
	}
}

// refill is one tick: perTick tokens in, those that do not fit dropped.
func (b *ChannelTokenBucket) refill(t time.Time) {
	b.lastTick.Store(t.UnixNano())
	for i := 0; i < b.perTick; i++ {
		select {
		case b.tokens <- struct{}{}:
		default: // full: the rest of this tick's tokens are dropped
			return
		}
	}
}

// Stop ends the refill goroutine and its ticker; it returns once the goroutine has returned. The
// tokens left can still be taken. Stop may be called more than once.
func (b *ChannelTokenBucket) Stop() {
	b.stopOnce.Do(func() { close(b.stop) })
	<-b.done
}

// Allow takes one token if there is one; it never blocks.
func (b *ChannelTokenBucket) Allow() bool {
	select {
	case <-b.tokens:
		return true
	default:
		return false
	}
}

// AllowN takes n tokens if there are n, and reports whether it did; it never blocks. AllowN(0) is
// always true, and more than the burst is always false. It panics if n is negative.
func (b *ChannelTokenBucket) AllowN(n int) bool {
	checkN(n)
	if n > cap(b.tokens) {
		return false
	}
	for got := 0; got < n; got++ {
		select {
		case <-b.tokens:
		default:
			b.giveBack(got)
			return false
		}
	}
	return true
}

// WaitN takes n tokens, waiting for the ticks that bring them until ctx is done, with the rules of
// x/time/rate: more than the burst is an error, and a wait that cannot end before the context's
// deadline (judged from the tokens there and the next tick) fails at once. Waiters are served in
// the order they block (Go's channel receive queue); a canceled one gives back what it took.
func (b *ChannelTokenBucket) WaitN(ctx context.Context, n int) error {
	return b.waitN(ctx, n, time.Now())
}

func (b *ChannelTokenBucket) waitN(ctx context.Context, n int, now time.Time) error {
	checkN(n)
	if n > cap(b.tokens) {
		return fmt.Errorf("rate: Wait(n=%d) exceeds limiter's burst %d", n, cap(b.tokens))
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
	}
	if deadline, ok := ctx.Deadline(); ok && b.earliest(n, now).After(deadline) {
		return fmt.Errorf("rate: Wait(n=%d) would exceed context deadline", n)
	}
	for got := 0; got < n; got++ {
		select {
		case <-b.tokens:
		case <-ctx.Done():
			b.giveBack(got)
			return ctx.Err()
		}
	}
	return nil
}

// earliest is when n tokens can be there at the soonest: now if they are, else after the ticks
// that bring the missing ones (the first due one period after the last).
func (b *ChannelTokenBucket) earliest(n int, now time.Time) time.Time {
	missing := n - len(b.tokens) // racy by nature: other callers take and the ticker adds meanwhile
	if missing <= 0 {
		return now
	}
	ticks := (missing + b.perTick - 1) / b.perTick
	next := time.Unix(0, b.lastTick.Load()).Add(b.period)
	return next.Add(time.Duration(ticks-1) * b.period)
}

// giveBack returns n taken tokens; a token that does not fit (the ticker refilled meanwhile) is
// dropped, since the bucket is full without it.
func (b *ChannelTokenBucket) giveBack(n int) {
	for i := 0; i < n; i++ {
		select {
		case b.tokens <- struct{}{}:
		default:
			return
		}
	}
}
