package ratelimit

import (
	"context"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// The rules of dev.go4j.patterns.ratelimit.RateLimiterContract, for every token bucket here and for
// x/time/rate's Limiter (the reference): a bucket of rate permits per second with a burst of burst,
// driven at fixed instants (time moves only when the test says).

const (
	rateHz = 10                   // permits per second: one every 100 ms
	burst  = 5                    // the most granted at once
	period = time.Second / rateHz // the time one permit takes to come back
)

// bucket is a limiter under test with its own fake time.
type bucket struct {
	allow   func(n int) bool      // AllowN at the current instant
	advance func(d time.Duration) // moves the current instant
}

type flavour struct {
	name  string
	make  func() bucket
	panic bool // panics on a negative n (x/time/rate does not check)
}

func atInstant(allowN func(now time.Time, n int) bool) bucket {
	now := t0
	return bucket{
		allow:   func(n int) bool { return allowN(now, n) },
		advance: func(d time.Duration) { now = now.Add(d) },
	}
}

// channelDriven drives a ChannelTokenBucket's refill by hand, one call per period boundary crossed.
func channelDriven(b *ChannelTokenBucket) bucket {
	var elapsed time.Duration
	return bucket{
		allow: b.AllowN,
		advance: func(d time.Duration) {
			for i := elapsed / period; i < (elapsed+d)/period; i++ {
				b.refill(t0.Add((i + 1) * period))
			}
			elapsed += d
		},
	}
}

var flavours = []flavour{
	{"ChannelTokenBucket", func() bucket { return channelDriven(newChannelTokenBucket(1, period, burst, t0)) }, true},
	{"LockingTokenBucket", func() bucket { return atInstant(NewLockingTokenBucket(rateHz, burst).AllowN) }, true},
	{"AtomicTokenBucket", func() bucket { return atInstant(NewAtomicTokenBucket(rateHz, burst).AllowN) }, true},
	{"x/time/rate.Limiter", func() bucket { return atInstant(rate.NewLimiter(rateHz, burst).AllowN) }, false},
}

func forEachFlavour(t *testing.T, test func(t *testing.T, b bucket)) {
	for _, f := range flavours {
		f := f
		t.Run(f.name, func(t *testing.T) { test(t, f.make()) })
	}
}

func TestFreshBucketGrantsItsBurstAtOnceThenRejects(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		for i := 0; i < burst; i++ {
			if !b.allow(1) {
				t.Fatalf("permit %d of the burst refused", i)
			}
		}
		if b.allow(1) {
			t.Fatal("granted past the burst")
		}
	})
}

func TestAllowNTakesAllOrNothing(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		if !b.allow(burst - 1) {
			t.Fatal("burst-1 refused")
		}
		if b.allow(2) {
			t.Fatal("2 asked, 1 left: granted")
		}
		if !b.allow(1) {
			t.Fatal("the one left was taken by the refused call")
		}
		if b.allow(1) {
			t.Fatal("granted from an empty bucket")
		}
	})
}

func TestPermitsComeBackAtTheRate(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		b.allow(burst)
		// A microsecond early, not a nanosecond: x/time/rate computes in float64 seconds and
		// truncates the wait, so it grants up to a nanosecond early.
		b.advance(period - time.Microsecond)
		if b.allow(1) {
			t.Fatal("granted before a period passed")
		}
		b.advance(time.Microsecond)
		if !b.allow(1) {
			t.Fatal("one period later: refused")
		}
		if b.allow(1) {
			t.Fatal("one period later: granted two")
		}
	})
}

func TestIdleBucketRefillsToTheBurstAndNoMore(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		b.allow(burst)
		b.advance(time.Minute)
		if !b.allow(burst) {
			t.Fatal("not refilled to the burst")
		}
		if b.allow(1) {
			t.Fatal("refilled past the burst")
		}
	})
}

func TestAllowZeroIsAlwaysGranted(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		b.allow(burst)
		if !b.allow(0) {
			t.Fatal("AllowN(0) on an empty bucket refused")
		}
	})
}

func TestMoreThanTheBurstIsNeverGranted(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		if b.allow(burst + 1) {
			t.Fatal("granted more than the burst")
		}
		if !b.allow(burst) {
			t.Fatal("the refused call took tokens")
		}
	})
}

func TestNegativeNPanicsNamingTheRule(t *testing.T) {
	for _, f := range flavours {
		if !f.panic {
			continue
		}
		b := f.make()
		v := panicValue(t, func() { b.allow(-1) })
		if msg, _ := v.(string); !strings.Contains(msg, "n = -1") {
			t.Fatalf("%s: panic %v", f.name, v)
		}
	}
}

// The accuracy rule: over any span from a fresh bucket, grants <= rate * elapsed + burst, and a
// bucket that grants (almost) nothing fails too.
func TestGrantsNeverExceedRateTimesElapsedPlusBurst(t *testing.T) {
	forEachFlavour(t, func(t *testing.T, b bucket) {
		r := rand.New(rand.NewSource(42))
		var granted int
		var elapsed time.Duration
		for step := 0; step < 5000; step++ {
			n := 1 + r.Intn(3)
			if b.allow(n) {
				granted += n
			}
			if bound := rateHz*elapsed.Seconds() + burst; float64(granted) > bound+1e-9 {
				t.Fatalf("after %v: %d granted, bound %.3f", elapsed, granted, bound)
			}
			d := time.Duration(1 + r.Int63n(int64(period/2)-1))
			b.advance(d)
			elapsed += d
		}
		if float64(granted) < 0.9*rateHz*elapsed.Seconds() {
			t.Fatalf("%d granted in %v: not a limiter", granted, elapsed)
		}
	})
}

// ---- WaitN, on the clock-driven buckets (x/time/rate's own WaitN is pinned in xtime_test.go)

type waitFlavour struct {
	name string
	make func() (reserver, func(now time.Time, n int) bool)
}

var waitFlavours = []waitFlavour{
	{"LockingTokenBucket", func() (reserver, func(time.Time, int) bool) {
		b := NewLockingTokenBucket(rateHz, burst)
		return b, b.AllowN
	}},
	{"AtomicTokenBucket", func() (reserver, func(time.Time, int) bool) {
		b := NewAtomicTokenBucket(rateHz, burst)
		return b, b.AllowN
	}},
}

func forEachWaitFlavour(t *testing.T, test func(t *testing.T, r reserver, allowN func(time.Time, int) bool)) {
	for _, f := range waitFlavours {
		f := f
		t.Run(f.name, func(t *testing.T) {
			r, allowN := f.make()
			test(t, r, allowN)
		})
	}
}

// fixed returns a clock stuck at *now.
func fixed(now *time.Time) func() time.Time { return func() time.Time { return *now } }

func TestWaitWithTokensThereReturnsAtOnce(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		now := t0
		timers := newFakeTimers()
		if err := waitN(context.Background(), r, burst, fixed(&now), timers.newTimer); err != nil {
			t.Fatal(err)
		}
		if len(timers.asked) != 0 {
			t.Fatal("a timer was started for tokens that were there")
		}
		if allowN(now, 1) {
			t.Fatal("the wait took nothing")
		}
	})
}

func TestWaitBlocksUntilThePermitComesBackAndTakesIt(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		now := t0
		allowN(now, burst)
		timers := newFakeTimers()
		errs := make(chan error, 1)
		go func() { errs <- waitN(context.Background(), r, 1, fixed(&t0), timers.newTimer) }()
		if d := timers.delay(t); d != period {
			t.Fatalf("waits %v, want %v", d, period)
		}
		notReturned(t, errs)
		timers.fire <- t0.Add(period)
		if err := result(t, errs); err != nil {
			t.Fatal(err)
		}
		if allowN(t0.Add(period), 1) {
			t.Fatal("the permit that came back is still there: the waiter took nothing")
		}
	})
}

func TestWaitMoreThanTheBurstIsAnError(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, _ func(time.Time, int) bool) {
		err := waitN(context.Background(), r, burst+1, fixed(&t0), newFakeTimers().newTimer)
		if err == nil || err.Error() != "rate: Wait(n=6) exceeds limiter's burst 5" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestWaitPastTheDeadlineFailsAtOnceAndTakesNothing(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		allowN(t0, burst)
		timers := newFakeTimers()
		err := waitN(withDeadline(t0.Add(period/2)), r, 1, fixed(&t0), timers.newTimer)
		if err == nil || err.Error() != "rate: Wait(n=1) would exceed context deadline" {
			t.Fatalf("err = %v", err)
		}
		if len(timers.asked) != 0 {
			t.Fatal("it waited")
		}
		if !allowN(t0.Add(period), 1) {
			t.Fatal("the failed wait took the next permit")
		}
	})
}

func TestWaitWithinTheDeadlineWaits(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		allowN(t0, burst)
		timers := newFakeTimers()
		errs := make(chan error, 1)
		go func() { errs <- waitN(withDeadline(t0.Add(3*period)), r, 1, fixed(&t0), timers.newTimer) }()
		if d := timers.delay(t); d != period {
			t.Fatalf("waits %v, want %v", d, period)
		}
		timers.fire <- t0.Add(period)
		if err := result(t, errs); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWaitOnADoneContextReturnsItsError(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		allowN(t0, burst)
		if err := waitN(ctx, r, 1, fixed(&t0), newFakeTimers().newTimer); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCancelWhileWaitingReturnsTheContextErrorAndGivesThePermitsBack(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		allowN(t0, burst)
		ctx, cancel := context.WithCancel(context.Background())
		timers := newFakeTimers()
		errs := make(chan error, 1)
		go func() { errs <- waitN(ctx, r, 2, fixed(&t0), timers.newTimer) }()
		if d := timers.delay(t); d != 2*period {
			t.Fatalf("waits %v, want %v", d, 2*period)
		}
		cancel()
		if err := result(t, errs); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if !allowN(t0.Add(2*period), 2) {
			t.Fatal("the canceled wait kept its permits")
		}
	})
}

func TestAllowZeroIsGrantedEvenWhileAWaiterOwesTokens(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, allowN func(time.Time, int) bool) {
		allowN(t0, burst)
		if _, ok := r.reserveN(t0, 2, time.Hour); !ok {
			t.Fatal("reservation refused")
		}
		if !allowN(t0, 0) {
			t.Fatal("AllowN(0) refused while a waiter owes 2 tokens")
		}
	})
}

func TestWaitNegativeNPanics(t *testing.T) {
	forEachWaitFlavour(t, func(t *testing.T, r reserver, _ func(time.Time, int) bool) {
		panicValue(t, func() { _ = waitN(context.Background(), r, -1, fixed(&t0), newFakeTimers().newTimer) })
	})
}

func TestNewBucketRejectsABadRateOrBurst(t *testing.T) {
	for _, f := range []func(){
		func() { NewLockingTokenBucket(0, 1) },
		func() { NewAtomicTokenBucket(-1, 1) },
		func() { NewChannelTokenBucket(10, 0) },
	} {
		panicValue(t, f)
	}
}
