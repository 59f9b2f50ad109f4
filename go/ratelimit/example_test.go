package ratelimit

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// The rate limiting page in one program, at fixed instants (no sleeping, no real clock): a token
// bucket's burst and refill, x/time/rate's AllowN and the delay of a reservation, the sliding-window
// counter's weighting of the previous window, and one bucket per key. Java twin:
// examples/.../ratelimit/RateLimitExample.java, on a ManualClock.
func Example_ratelimit() {
	t0 := time.Date(2009, 11, 10, 23, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	tries := func(n int, allow func() bool) string {
		var s []string
		for i := 0; i < n; i++ {
			s = append(s, fmt.Sprint(allow()))
		}
		return strings.Join(s, " ")
	}

	bucket := NewAtomicTokenBucket(10, 3) // 10 tokens a second, a burst of 3; starts full
	fmt.Println("bucket at 0ms:", tries(5, func() bool { return bucket.AllowN(at(0), 1) }))
	fmt.Println("bucket at 100ms:", tries(2, func() bool { return bucket.AllowN(at(100), 1) }))
	fmt.Println("bucket at 2000ms:", tries(4, func() bool { return bucket.AllowN(at(2000), 1) }))

	lim := rate.NewLimiter(10, 3)
	fmt.Println("rate.Limiter AllowN(3):", lim.AllowN(at(0), 3))
	r := lim.ReserveN(at(0), 1) // takes the next token now and says how long to wait for it
	fmt.Println("reservation ok:", r.OK(), "delay:", r.DelayFrom(at(0)))

	window := NewSlidingWindowLimiter(4, time.Second) // about 4 a second
	fmt.Println("window at 0ms:", tries(5, func() bool { return window.AllowN(at(0), 1) }))
	// Half-way through the next window the previous one counts half: 4*0.5 = 2, so 2 more fit.
	fmt.Println("window at 1500ms:", tries(3, func() bool { return window.AllowN(at(1500), 1) }))

	keyed := NewKeyedLimiter(1, 1, 100, time.Minute) // each key: 1 a second, a burst of 1
	fmt.Println("alice:", tries(2, func() bool { return keyed.AllowN(at(0), "alice", 1) }))
	fmt.Println("bob:", tries(1, func() bool { return keyed.AllowN(at(0), "bob", 1) }))
	// Output:
	// bucket at 0ms: true true true false false
	// bucket at 100ms: true false
	// bucket at 2000ms: true true true false
	// rate.Limiter AllowN(3): true
	// reservation ok: true delay: 100ms
	// window at 0ms: true true true true false
	// window at 1500ms: true true false
	// alice: true false
	// bob: true
}
