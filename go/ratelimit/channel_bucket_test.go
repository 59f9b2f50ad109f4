package ratelimit

import (
	"context"
	"errors"
	"testing"
	"time"

	"go4j.dev/go/internal/parked"
)

// ChannelTokenBucket's own rules: the goroutine on the ticker, Stop, and WaitN's blocking receive.
// The tick channel is the test's: a tick happens when the test sends one.

const waitFn = "ratelimit.(*ChannelTokenBucket).waitN"

// startedBucket is an empty bucket (burst taken) whose refill goroutine reads ticks from the
// returned channel.
func startedBucket(t *testing.T) (*ChannelTokenBucket, chan<- time.Time) {
	b := newChannelTokenBucket(1, period, burst, t0)
	tick := make(chan time.Time)
	go b.run(tick, func() {})
	t.Cleanup(b.Stop)
	if !b.AllowN(burst) {
		t.Fatal("a new bucket is not full")
	}
	return b, tick
}

func TestChannelBucketTickerGoroutinePutsATokenInOnEachTick(t *testing.T) {
	b, tick := startedBucket(t)
	tick <- t0.Add(period)
	select {
	case <-b.tokens: // a blocking receive: returns once the goroutine has put the token in
	case <-time.After(long):
		t.Fatal("no token after a tick")
	}
}

func TestChannelBucketTicksIntoAFullBucketAreDropped(t *testing.T) {
	b := newChannelTokenBucket(3, period, burst, t0)
	b.refill(t0.Add(period))
	if len(b.tokens) != burst {
		t.Fatalf("%d tokens, want the burst %d", len(b.tokens), burst)
	}
}

func TestChannelBucketPicksTokensPerTickForAHighRate(t *testing.T) {
	for _, c := range []struct {
		perSecond float64
		perTick   int
		period    time.Duration
	}{
		{10, 1, 100 * time.Millisecond},
		{1000, 1, time.Millisecond},
		{1500, 2, time.Second * 2 / 1500},
		{1e9, 1_000_000, time.Millisecond},
	} {
		b := NewChannelTokenBucket(c.perSecond, 1)
		b.Stop()
		if b.perTick != c.perTick || b.period != c.period {
			t.Errorf("%v/s: %d per %v, want %d per %v", c.perSecond, b.perTick, b.period, c.perTick, c.period)
		}
	}
}

func TestChannelBucketStopEndsTheGoroutineAndNoTickRefills(t *testing.T) {
	b := NewChannelTokenBucket(1e6, 1) // a tick every millisecond
	b.Stop()                           // returns only once the goroutine has returned
	select {
	case <-b.done:
	default:
		t.Fatal("the goroutine still runs")
	}
	b.Stop() // twice is fine
	if !b.Allow() {
		t.Fatal("the token left was lost")
	}
	if b.Allow() {
		t.Fatal("a stopped bucket was refilled")
	}
}

func TestChannelBucketWaitBlocksUntilATickBringsAToken(t *testing.T) {
	b, tick := startedBucket(t)
	errs := make(chan error, 1)
	go func() { errs <- b.waitN(context.Background(), 1, t0) }()
	parked.WaitFor(t, 1, waitFn, "select")
	tick <- t0.Add(period)
	if err := result(t, errs); err != nil {
		t.Fatal(err)
	}
	if b.Allow() {
		t.Fatal("the waiter left the token in the bucket")
	}
}

func TestChannelBucketWaitersAreServedInTheOrderTheyBlocked(t *testing.T) {
	b, tick := startedBucket(t)
	first, second := make(chan error, 1), make(chan error, 1)
	go func() { first <- b.waitN(context.Background(), 1, t0) }()
	parked.WaitFor(t, 1, waitFn, "select")
	go func() { second <- b.waitN(context.Background(), 1, t0) }()
	parked.WaitFor(t, 2, waitFn, "select")
	tick <- t0.Add(period)
	if err := result(t, first); err != nil {
		t.Fatal(err)
	}
	notReturned(t, second)
	tick <- t0.Add(2 * period)
	if err := result(t, second); err != nil {
		t.Fatal(err)
	}
}

func TestChannelBucketWaitMoreThanTheBurstIsAnError(t *testing.T) {
	b := newChannelTokenBucket(1, period, burst, t0)
	err := b.waitN(context.Background(), burst+1, t0)
	if err == nil || err.Error() != "rate: Wait(n=6) exceeds limiter's burst 5" {
		t.Fatalf("err = %v", err)
	}
}

func TestChannelBucketWaitPastTheDeadlineFailsAtOnceAndTakesNothing(t *testing.T) {
	b := newChannelTokenBucket(1, period, burst, t0)
	b.AllowN(burst - 1)
	// One token there, two missing: the second tick is due at t0 + 2 periods.
	err := b.waitN(withDeadline(t0.Add(2*period-time.Nanosecond)), 3, t0)
	if err == nil || err.Error() != "rate: Wait(n=3) would exceed context deadline" {
		t.Fatalf("err = %v", err)
	}
	if len(b.tokens) != 1 {
		t.Fatal("the failed wait took the token that was there")
	}
}

func TestChannelBucketWaitWithinTheDeadlineWaits(t *testing.T) {
	b, tick := startedBucket(t)
	errs := make(chan error, 1)
	go func() { errs <- b.waitN(withDeadline(t0.Add(period)), 1, t0) }()
	parked.WaitFor(t, 1, waitFn, "select")
	tick <- t0.Add(period)
	if err := result(t, errs); err != nil {
		t.Fatal(err)
	}
}

func TestChannelBucketCancelWhileWaitingGivesBackWhatItTook(t *testing.T) {
	b := newChannelTokenBucket(1, period, burst, t0)
	b.AllowN(burst - 1) // one token left: the waiter takes it, then blocks for the second
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() { errs <- b.waitN(ctx, 2, t0) }()
	parked.WaitFor(t, 1, waitFn, "select")
	if len(b.tokens) != 0 {
		t.Fatal("the waiter blocked without taking the token there")
	}
	cancel()
	if err := result(t, errs); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if len(b.tokens) != 1 {
		t.Fatalf("%d tokens after the canceled wait, want the 1 it had taken", len(b.tokens))
	}
}

func TestChannelBucketAllowNPutsBackWhatItTookWhenShort(t *testing.T) {
	b := newChannelTokenBucket(1, period, burst, t0)
	b.AllowN(burst - 2)
	if b.AllowN(3) {
		t.Fatal("3 granted from 2")
	}
	if len(b.tokens) != 2 {
		t.Fatalf("%d tokens, want the 2 that were there", len(b.tokens))
	}
}
