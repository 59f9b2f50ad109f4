package ratelimit

import (
	"math/rand"
	"testing"
	"time"
)

// The rules of the sliding-window limiters, twins of go4j's SlidingLogLimiter and
// SlidingWindowLimiter: limit grants per window, at fixed instants.

const (
	limit  = 5
	window = time.Second
)

func TestSlidingLogGrantsTheLimitThenRejectsUntilTheOldestGrantLeavesTheWindow(t *testing.T) {
	l := NewSlidingLogLimiter(limit, window)
	for i := 0; i < limit; i++ {
		if !l.AllowN(t0, 1) {
			t.Fatalf("grant %d refused", i)
		}
	}
	if l.AllowN(t0.Add(window-time.Nanosecond), 1) {
		t.Fatal("granted while the window still holds the limit")
	}
	if !l.AllowN(t0.Add(window), limit) {
		t.Fatal("a grant at t counts in [t, t+window): at t+window all were free")
	}
}

func TestSlidingLogFreesExactlyTheGrantsThatLeftTheWindow(t *testing.T) {
	l := NewSlidingLogLimiter(limit, window)
	l.AllowN(t0, 2)
	l.AllowN(t0.Add(window/2), 3)
	at := t0.Add(window) // the 2 from t0 have left, the 3 from t0+window/2 have not
	if l.AllowN(at, 3) {
		t.Fatal("3 granted with 2 free")
	}
	if !l.AllowN(at, 2) {
		t.Fatal("the 2 free refused (or the refused call took some)")
	}
	if l.AllowN(at, 1) {
		t.Fatal("granted past the limit")
	}
}

func TestSlidingLogZeroMoreThanTheLimitAndNegative(t *testing.T) {
	l := NewSlidingLogLimiter(limit, window)
	if l.AllowN(t0, limit+1) {
		t.Fatal("more than the limit granted")
	}
	l.AllowN(t0, limit)
	if !l.AllowN(t0, 0) {
		t.Fatal("AllowN(0) refused")
	}
	panicValue(t, func() { l.AllowN(t0, -1) })
	panicValue(t, func() { NewSlidingLogLimiter(0, window) })
	panicValue(t, func() { NewSlidingLogLimiter(1, 0) })
}

// Exact means exact: no span of one window (half-open) ever holds more than limit grants, and the
// log grants whenever that rule allows it.
func TestSlidingLogIsExactOverARandomWalk(t *testing.T) {
	l := NewSlidingLogLimiter(limit, window)
	r := rand.New(rand.NewSource(7))
	var grants []time.Time
	now := t0
	for step := 0; step < 5000; step++ {
		n := 1 + r.Intn(2)
		inWindow := 0
		for _, g := range grants {
			if now.Sub(g) < window {
				inWindow++
			}
		}
		want := inWindow+n <= limit
		if got := l.AllowN(now, n); got != want {
			t.Fatalf("step %d at +%v: AllowN(%d) = %v with %d in the window", step, now.Sub(t0), n, got, inWindow)
		}
		if want {
			for i := 0; i < n; i++ {
				grants = append(grants, now)
			}
		}
		now = now.Add(time.Duration(r.Int63n(int64(window / 4))))
	}
}

func TestSlidingWindowGrantsTheLimitInTheFirstWindow(t *testing.T) {
	l := NewSlidingWindowLimiter(limit, window)
	if !l.AllowN(t0, limit) {
		t.Fatal("the limit refused")
	}
	if l.AllowN(t0.Add(window-time.Nanosecond), 1) {
		t.Fatal("granted past the limit in the first window")
	}
}

func TestSlidingWindowWeighsThePreviousWindowByItsOverlap(t *testing.T) {
	l := NewSlidingWindowLimiter(10, window)
	l.AllowN(t0, 10)
	// A quarter into the next window: the previous one still covers three quarters of the sliding
	// window, so it counts 10 * 0.75 = 7.5; 2 more fit (9.5), a third does not (10.5).
	at := t0.Add(window + window/4)
	if !l.AllowN(at, 2) {
		t.Fatal("2 refused with an estimate of 7.5")
	}
	if l.AllowN(at, 1) {
		t.Fatal("granted past the limit: the estimate is 9.5")
	}
	// Three quarters in: the previous window counts 2.5, the current one 2.
	if !l.AllowN(t0.Add(window+3*window/4), 5) {
		t.Fatal("5 refused with an estimate of 4.5")
	}
}

func TestSlidingWindowForgetsAWindowOlderThanThePreviousOne(t *testing.T) {
	l := NewSlidingWindowLimiter(limit, window)
	l.AllowN(t0, limit)
	if !l.AllowN(t0.Add(2*window), limit) {
		t.Fatal("two windows later the old grants still count")
	}
}

func TestSlidingWindowZeroMoreThanTheLimitAndNegative(t *testing.T) {
	l := NewSlidingWindowLimiter(limit, window)
	if l.AllowN(t0, limit+1) {
		t.Fatal("more than the limit granted")
	}
	l.AllowN(t0, limit)
	if !l.AllowN(t0, 0) {
		t.Fatal("AllowN(0) refused")
	}
	panicValue(t, func() { l.AllowN(t0, -1) })
	panicValue(t, func() { NewSlidingWindowLimiter(1, -time.Second) })
}

// The approximation's bound: with requests spread by a random walk, a sliding window never holds
// more than twice the limit (the estimate may undercount a bursty previous window) and the limiter
// still grants about the limit per window.
func TestSlidingWindowStaysWithinTwiceTheLimitAndGrantsAboutTheLimit(t *testing.T) {
	l := NewSlidingWindowLimiter(limit, window)
	r := rand.New(rand.NewSource(11))
	var grants []time.Time
	now := t0
	for step := 0; step < 5000; step++ {
		if l.AllowN(now, 1) {
			grants = append(grants, now)
			inWindow := 0
			for _, g := range grants {
				if now.Sub(g) < window {
					inWindow++
				}
			}
			if inWindow > 2*limit {
				t.Fatalf("at +%v: %d grants in one window", now.Sub(t0), inWindow)
			}
		}
		now = now.Add(time.Duration(r.Int63n(int64(window / 10))))
	}
	windows := now.Sub(t0).Seconds() / window.Seconds()
	if per := float64(len(grants)) / windows; per < 0.8*limit || per > 1.2*limit {
		t.Fatalf("%.2f grants per window, want about %d", per, limit)
	}
}
