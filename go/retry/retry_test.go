package retry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// The rules of go4j's RetryPolicy (dev.go4j.patterns.retry), tested with a fake After that records
// each wait and fires at once, and fixed random draws: exact delay sequences, no sleeping.

// fixed returns a rnd that draws fraction f of each range.
func fixed(f float64) func(int64) int64 {
	return func(n int64) int64 {
		v := int64(float64(n-1) * f)
		if v > n-1 {
			v = n - 1
		}
		return v
	}
}

func millis(b Backoff, rnd func(int64) int64, n int) []int64 {
	var out []int64
	var prev time.Duration
	for i := 0; i < n; i++ {
		prev = b.Delay(i, prev, rnd)
		out = append(out, prev.Milliseconds())
	}
	return out
}

func eq(t *testing.T, got, want []int64) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

const ms = time.Millisecond

func TestExponentialNoJitter_DoublesUntilTheCap(t *testing.T) {
	eq(t, millis(Backoff{None, 100 * ms, time.Second}, fixed(0), 6), []int64{100, 200, 400, 800, 1000, 1000})
}

func TestFullJitter_IsUniformFromZeroToTheExponentialDelay(t *testing.T) {
	b := Backoff{Full, 100 * ms, time.Second}
	eq(t, millis(b, fixed(0), 3), []int64{0, 0, 0})
	eq(t, millis(b, fixed(1), 6), []int64{100, 200, 400, 800, 1000, 1000})
	eq(t, millis(b, fixed(0.5), 5), []int64{50, 100, 200, 400, 500})
}

func TestEqualJitter_IsHalfTheDelayPlusAUniformHalf(t *testing.T) {
	b := Backoff{Equal, 100 * ms, time.Second}
	eq(t, millis(b, fixed(0), 6), []int64{50, 100, 200, 400, 500, 500})
	eq(t, millis(b, fixed(1), 5), []int64{100, 200, 400, 800, 1000})
}

func TestDecorrelatedJitter_DrawsBetweenBaseAndThreeTimesThePrevious(t *testing.T) {
	b := Backoff{Decorrelated, 100 * ms, time.Second}
	eq(t, millis(b, fixed(1), 4), []int64{300, 900, 1000, 1000})
	eq(t, millis(b, fixed(0), 3), []int64{100, 100, 100})
	eq(t, millis(b, fixed(0.5), 3), []int64{200, 350, 575})
}

func TestNeverOverflows_AndNeverNegative_AtExtremes(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, j := range []Jitter{None, Full, Equal, Decorrelated} {
		b := Backoff{j, math.MaxInt64 / 2, math.MaxInt64}
		var prev time.Duration
		for _, i := range []int{0, 1, 2, 62, 63, 64, 1000, math.MaxInt32} {
			prev = b.Delay(i, prev, r.Int63n)
			if prev < 0 {
				t.Fatalf("%v: negative delay at retry %d", j, i)
			}
		}
	}
	if d := (Backoff{None, 1, math.MaxInt64}).Delay(70, 0, fixed(0)); d != math.MaxInt64 {
		t.Fatalf("got %v, want the cap", d)
	}
}

// fakeAfter records each wait and fires at once.
type fakeAfter struct{ waits []time.Duration }

func (f *fakeAfter) after(d time.Duration) <-chan time.Time {
	f.waits = append(f.waits, d)
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

func failing(n int) (func(context.Context) error, *int) {
	calls := 0
	return func(context.Context) error {
		calls++
		if calls <= n {
			return fmt.Errorf("boom %d", calls)
		}
		return nil
	}, &calls
}

func TestWaitsExactlyTheBackoffDelays_OnTheClock(t *testing.T) {
	f := &fakeAfter{}
	fn, calls := failing(3)
	err := Do(context.Background(), Policy{Attempts: 4, Backoff: Backoff{None, time.Second, 10 * time.Second}, After: f.after}, fn)
	if err != nil || *calls != 4 {
		t.Fatalf("err %v, calls %d", err, *calls)
	}
	if fmt.Sprint(f.waits) != "[1s 2s 4s]" {
		t.Fatalf("waits %v", f.waits)
	}
}

func TestGivingUp_ReturnsTheLastFailure_WithTheEarlierOnes_AndTheAttemptCount(t *testing.T) {
	fn, _ := failing(10)
	err := Do(context.Background(), Policy{Attempts: 3, After: (&fakeAfter{}).after}, fn)
	var g *GiveUpError
	if !errors.As(err, &g) || g.Attempts != 3 || len(g.Errs) != 3 {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "3 attempts") || errors.Unwrap(err).Error() != "boom 3" {
		t.Fatalf("got %q", err)
	}
}

func TestPermanent_StopsAtOnce_WithTheUnwrappedCause(t *testing.T) {
	cause := errors.New("bad request")
	calls := 0
	err := Do(context.Background(), Policy{Attempts: 5}, func(context.Context) error {
		calls++
		return Permanent(cause)
	})
	if calls != 1 || !errors.Is(err, cause) {
		t.Fatalf("calls %d, err %v", calls, err)
	}
}

func TestCancelDuringAWait_StopsAtOnce_WithTheContextError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	never := func(time.Duration) <-chan time.Time { cancel(); return nil }
	fn, calls := failing(10)
	err := Do(ctx, Policy{Attempts: 5, Backoff: Backoff{None, time.Hour, time.Hour}, After: never}, fn)
	if !errors.Is(err, context.Canceled) || *calls != 1 {
		t.Fatalf("err %v, calls %d", err, *calls)
	}
}

func TestNextWaitPastTheDeadline_GivesUpAtOnce_WithTheLastFailure(t *testing.T) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Hour))
	defer cancel()
	dl, _ := ctx.Deadline()
	now := func() time.Time { return dl.Add(-90 * time.Minute) } // 1.5 h left
	fn, calls := failing(10)
	f := &fakeAfter{}
	err := Do(ctx, Policy{Attempts: 5, Backoff: Backoff{None, time.Hour, 10 * time.Hour}, After: f.after, Now: now}, fn)
	var g *GiveUpError
	if !errors.As(err, &g) || g.Reason != "deadline" || *calls != 2 {
		t.Fatalf("err %v, calls %d", err, *calls)
	}
}

type unavailable struct{ hint time.Duration }

func (u unavailable) Error() string             { return "503" }
func (u unavailable) RetryAfter() time.Duration { return u.hint }

func TestRetryAfterHint_ReplacesTheBackoffDelay(t *testing.T) {
	f := &fakeAfter{}
	calls := 0
	err := Do(context.Background(), Policy{Attempts: 3, Backoff: Backoff{None, time.Second, time.Second}, After: f.after},
		func(context.Context) error {
			calls++
			if calls == 1 {
				return fmt.Errorf("call: %w", unavailable{7 * time.Second})
			}
			return nil
		})
	if err != nil || fmt.Sprint(f.waits) != "[7s]" {
		t.Fatalf("err %v, waits %v", err, f.waits)
	}
}

func TestRetryOnPredicate_RejectsAFailure_StopsAtOnce(t *testing.T) {
	fn, calls := failing(10)
	err := Do(context.Background(), Policy{Attempts: 5, Retryable: func(error) bool { return false }}, fn)
	var g *GiveUpError
	if !errors.As(err, &g) || g.Reason != "not retryable" || *calls != 1 {
		t.Fatalf("err %v", err)
	}
}

func TestRetry_ClassicHelper(t *testing.T) {
	fn, calls := failing(2)
	if err := Retry(context.Background(), 3, time.Microsecond, fn); err != nil || *calls != 3 {
		t.Fatalf("err %v, calls %d", err, *calls)
	}
}
