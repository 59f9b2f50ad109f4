// Package ratelimit is the Go twin of go4j's dev.go4j.patterns.ratelimit: the rate limiters a Go
// backend writes or imports, with the rules the Java tests pin and the benchmarks of the same names.
//
//	Go (this package)        Java (dev.go4j.patterns.ratelimit)   idea
//	ChannelTokenBucket       ChannelTokenBucket                   a time.Ticker refills a buffered channel
//	LockingTokenBucket       LockingTokenBucket                   lazy refill under a sync.Mutex
//	AtomicTokenBucket        AtomicTokenBucket                    GCRA: one int64 moved by CAS
//	rate.Limiter (x/time)    Limiter                              golang.org/x/time/rate, imported
//	SlidingLogLimiter        SlidingLogLimiter                    exact: the log of grant instants
//	SlidingWindowLimiter     SlidingWindowLimiter                 approximate: two fixed-window counters
//	KeyedLimiter             KeyedRateLimiter                     a rate.Limiter per key, idle sweep, a cap
//
// The time-based limiters take the instant as an argument (AllowN(now, n)), as x/time/rate does, so
// the tests run at fixed instants and never sleep; Allow is AllowN(time.Now(), 1). WaitN blocks on a
// timer and gives back what it reserved when its context is done. The zero value of a limiter is not
// usable: make each with its New function.
//
// The x/time/rate package is the real one (go.mod requires golang.org/x/time v0.3.0); see the
// module's README for running it offline from Debian's golang-golang-x-time-dev.
package ratelimit
