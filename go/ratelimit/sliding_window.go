package ratelimit

import (
	"sync"
	"time"
)

// SlidingWindowLimiter is the approximate sliding-window limiter (the sliding window counter
// described by Cloudflare and used by many API gateways): two fixed-window counters, the current one
// and the previous one, and the estimate
//
//	previous * (time left of the previous window inside the sliding one) / window + current
//
// which assumes the previous window's requests were spread evenly. It grants n if the estimate plus
// n is at most limit. It is the twin of go4j's SlidingWindowLimiter.
//
// The fixed windows start at the first call (so a test knows where they fall). Memory is two
// counters whatever the limit; the price is the evenness assumption, which can let through up to
// limit-1 more than an exact log in the worst case and refuse earlier in others.
type SlidingWindowLimiter struct {
	limit  int
	window time.Duration

	mu       sync.Mutex
	start    time.Time // start of the current fixed window; zero until the first call
	current  int
	previous int
}

// NewSlidingWindowLimiter returns a limiter of about limit grants per window. It panics unless limit
// is at least one and window is positive.
func NewSlidingWindowLimiter(limit int, window time.Duration) *SlidingWindowLimiter {
	checkWindow(limit, window)
	return &SlidingWindowLimiter{limit: limit, window: window}
}

// Allow is AllowN(time.Now(), 1).
func (l *SlidingWindowLimiter) Allow() bool { return l.AllowN(time.Now(), 1) }

// AllowN grants n requests at instant now if the estimated count of the sliding window ending now,
// plus n, is at most limit, and reports whether it did; it never blocks. AllowN(now, 0) is always
// true; n > limit is always false. It panics if n is negative.
func (l *SlidingWindowLimiter) AllowN(now time.Time, n int) bool {
	checkN(n)
	if n > l.limit {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advanceLocked(now)
	elapsed := now.Sub(l.start)
	if elapsed < 0 {
		elapsed = 0 // a clock stepping back stays in the current window
	}
	// float64: the weight is a fraction of the window; integer ns would overflow for long windows.
	weight := float64(l.window-elapsed) / float64(l.window)
	estimate := float64(l.previous)*weight + float64(l.current)
	if estimate+float64(n) > float64(l.limit) {
		return false
	}
	l.current += n
	return true
}

// advanceLocked moves the fixed windows up to the one that holds now.
func (l *SlidingWindowLimiter) advanceLocked(now time.Time) {
	if l.start.IsZero() {
		l.start = now
		return
	}
	passed := now.Sub(l.start) / l.window // whole windows since start
	switch {
	case passed <= 0:
		return
	case passed == 1:
		l.previous = l.current
	default: // the previous window is older than one window: it holds nothing we count
		l.previous = 0
	}
	l.current = 0
	l.start = l.start.Add(passed * l.window)
}
