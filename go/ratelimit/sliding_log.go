package ratelimit

import (
	"sync"
	"time"
)

// SlidingLogLimiter is the exact sliding-window limiter: it keeps the instant of every grant of the
// last window and grants n more only if the window ending now then holds at most limit. It is the
// twin of go4j's SlidingLogLimiter.
//
// A grant at instant t counts in the half-open span [t, t+window): at t+window it no longer does.
// There is no burst beyond limit and no smoothing: a full log frees up all at once, one window after
// the grants that filled it. The log is a ring of limit instants (memory: 8 bytes times limit), so a
// grant and the eviction of expired ones cost O(1) amortized.
type SlidingLogLimiter struct {
	limit  int
	window time.Duration
	epoch  time.Time

	mu   sync.Mutex
	log  []int64 // ring of grant instants (ns since epoch), oldest at head
	head int
	n    int
}

// NewSlidingLogLimiter returns a limiter of limit grants per window. It panics unless limit is at
// least one and window is positive.
func NewSlidingLogLimiter(limit int, window time.Duration) *SlidingLogLimiter {
	checkWindow(limit, window)
	return &SlidingLogLimiter{limit: limit, window: window, epoch: time.Now(), log: make([]int64, limit)}
}

// Allow is AllowN(time.Now(), 1).
func (l *SlidingLogLimiter) Allow() bool { return l.AllowN(time.Now(), 1) }

// AllowN grants n requests at instant now if the window (now-window, now] then holds at most limit
// grants, and reports whether it did; it never blocks. AllowN(now, 0) is always true; n > limit is
// always false. It panics if n is negative.
func (l *SlidingLogLimiter) AllowN(now time.Time, n int) bool {
	checkN(n)
	if n > l.limit {
		return false
	}
	t := int64(now.Sub(l.epoch))
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.n > 0 && l.log[l.head] <= t-int64(l.window) { // expired: out of the window ending now
		l.head = (l.head + 1) % l.limit
		l.n--
	}
	if l.n+n > l.limit {
		return false
	}
	for i := 0; i < n; i++ {
		l.log[(l.head+l.n)%l.limit] = t
		l.n++
	}
	return true
}

func checkWindow(limit int, window time.Duration) {
	if limit < 1 {
		panic("ratelimit: limit must be at least 1")
	}
	if window <= 0 {
		panic("ratelimit: window must be positive")
	}
}
