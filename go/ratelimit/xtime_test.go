package ratelimit

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// The behaviours of golang.org/x/time/rate (v0.3.0) that go4j's Limiter port pins in its own tests:
// the edge values of the limit and the burst, reservations and their cancellation, and WaitN's
// errors. They run on the real package, at fixed instants.

func TestXTimeEveryIsTheInverseOfTheInterval(t *testing.T) {
	if got := rate.Every(period); got != rateHz {
		t.Fatalf("Every(%v) = %v, want %v", period, got, rateHz)
	}
	if got := rate.Every(0); got != rate.Inf {
		t.Fatalf("Every(0) = %v, want Inf", got)
	}
}

func TestXTimeZeroLimitGrantsTheBurstOnceThenNothingEver(t *testing.T) {
	lim := rate.NewLimiter(0, 3)
	for i := 0; i < 3; i++ {
		if !lim.AllowN(t0, 1) {
			t.Fatalf("event %d of the burst refused", i)
		}
	}
	if lim.AllowN(t0.Add(time.Hour), 1) {
		t.Fatal("a zero limit refilled")
	}
}

func TestXTimeZeroValueLimiterRefusesEverything(t *testing.T) {
	var lim rate.Limiter
	if lim.AllowN(t0, 1) || lim.AllowN(t0.Add(time.Hour), 1) {
		t.Fatal("the zero Limiter (limit 0, burst 0) granted an event")
	}
}

func TestXTimeInfiniteLimitGrantsAnythingAndIgnoresTheBurst(t *testing.T) {
	lim := rate.NewLimiter(rate.Inf, 0)
	if !lim.AllowN(t0, 1_000_000) {
		t.Fatal("Inf refused")
	}
	if err := lim.WaitN(context.Background(), 1_000_000); err != nil {
		t.Fatalf("WaitN on Inf: %v", err)
	}
	if r := lim.ReserveN(t0, 1_000_000); !r.OK() || r.DelayFrom(t0) != 0 {
		t.Fatal("a reservation on Inf waits")
	}
}

func TestXTimeZeroBurstRefusesEveryEventButZero(t *testing.T) {
	lim := rate.NewLimiter(rateHz, 0)
	if lim.AllowN(t0, 1) || lim.AllowN(t0.Add(time.Hour), 1) {
		t.Fatal("a zero burst granted an event")
	}
	if !lim.AllowN(t0, 0) {
		t.Fatal("AllowN(0) refused")
	}
	err := lim.WaitN(context.Background(), 1)
	if err == nil || err.Error() != "rate: Wait(n=1) exceeds limiter's burst 0" {
		t.Fatalf("err = %v", err)
	}
}

func TestXTimeTokensComeBackContinuously(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	lim.AllowN(t0, burst)
	if got := lim.TokensAt(t0.Add(period * 3 / 2)); got < 1.5-1e-9 || got > 1.5+1e-9 {
		t.Fatalf("TokensAt(+1.5 periods) = %v, want 1.5", got)
	}
}

func TestXTimeReserveNTakesTokensAheadAndSaysHowLongToWait(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	lim.AllowN(t0, burst)
	r := lim.ReserveN(t0, 2)
	if !r.OK() || r.DelayFrom(t0) != 2*period {
		t.Fatalf("OK %v, delay %v; want true, %v", r.OK(), r.DelayFrom(t0), 2*period)
	}
	if lim.AllowN(t0.Add(2*period), 1) {
		t.Fatal("the reserved tokens were granted again")
	}
	if r := lim.ReserveN(t0, burst+1); r.OK() || r.DelayFrom(t0) != rate.InfDuration {
		t.Fatal("a reservation past the burst is OK")
	}
}

func TestXTimeCancelAtBeforeTheReservationActsRestoresItsTokens(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	lim.AllowN(t0, burst)
	r := lim.ReserveN(t0, 2)
	r.CancelAt(t0)
	if !lim.AllowN(t0.Add(2*period), 2) {
		t.Fatal("the canceled reservation's tokens were not restored")
	}
}

func TestXTimeCancelAtAfterTheReservationActedRestoresNothing(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	lim.AllowN(t0, burst)
	r := lim.ReserveN(t0, 1)
	r.CancelAt(t0.Add(2 * period)) // it acted at t0+period: the token was used
	if lim.AllowN(t0.Add(2*period), 2) {
		t.Fatal("a used reservation's token came back on cancel")
	}
}

func TestXTimeCancelAtRestoresNothingThatLaterReservationsCountOn(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	lim.AllowN(t0, burst)
	first := lim.ReserveN(t0, 1)  // acts at t0+period
	second := lim.ReserveN(t0, 1) // acts at t0+2*period, counting on the first one's place
	first.CancelAt(t0)
	if second.DelayFrom(t0) != 2*period {
		t.Fatal("the later reservation moved")
	}
	if lim.AllowN(t0.Add(period), 1) {
		t.Fatal("the token the later reservation counts on was granted at t0+period")
	}
}

func TestXTimeWaitNPastTheBurstIsAnError(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	err := lim.WaitN(context.Background(), burst+1)
	if err == nil || err.Error() != "rate: Wait(n=6) exceeds limiter's burst 5" {
		t.Fatalf("err = %v", err)
	}
}

func TestXTimeWaitNPastTheDeadlineFailsAtOnceAndTakesNothing(t *testing.T) {
	lim := rate.NewLimiter(1, 1)
	lim.Allow() // empty: the next token is a second away (on the real clock WaitN reads)
	// A deadline the context never reaches by itself, so the test does not race a timer.
	err := lim.WaitN(withDeadline(time.Now().Add(10*time.Millisecond)), 1)
	if err == nil || err.Error() != "rate: Wait(n=1) would exceed context deadline" {
		t.Fatalf("err = %v", err)
	}
	if r := lim.Reserve(); r.Delay() > time.Second {
		t.Fatalf("the failed wait reserved a token: the next one is %v away", r.Delay())
	}
}

func TestXTimeWaitNOnADoneContextReturnsItsError(t *testing.T) {
	lim := rate.NewLimiter(rateHz, burst)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := lim.WaitN(ctx, 1); err != context.Canceled {
		t.Fatalf("err = %v", err)
	}
}
