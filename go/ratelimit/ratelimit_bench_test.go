package ratelimit

// Rate limiter cost, in the shapes of RateLimiterTryAcquireBenchmark and KeyedRateLimiterBenchmark
// (benchmarks/src/main/java/dev/go4j/patterns/ratelimit/). One op is one Allow (Java: tryAcquire()),
// reading the clock as production code does (time.Now(); Java: System.nanoTime()).
//
//	impl=CHANNEL         ChannelTokenBucket.Allow: a non-blocking channel receive
//	impl=LOCKING         LockingTokenBucket.Allow: lazy refill under a sync.Mutex
//	impl=ATOMIC          AtomicTokenBucket.Allow: GCRA by CAS
//	impl=LIMITER         x/time/rate's Limiter.Allow (the real package)
//	impl=SLIDING_LOG     SlidingLogLimiter.Allow (limit = burst per window = burst/rate)
//	impl=SLIDING_WINDOW  SlidingWindowLimiter.Allow (the same mapping)
//
//	load=GRANTS   1e9 permits per second, burst 1e6: (almost) every call is granted
//	load=REJECTS  1 permit per second, burst 1: (almost) every call is refused
//
// threads=1 and threads=2 are goroutines that share the limiter and split the b.N calls, so ns/op
// is wall time per call (the inverse of JMH's summed throughput in thrpt mode). Each result also
// reports grants/op (JMH: @AuxCounters), to check that a load does what it says. Run with:
//
//	go test -run XXX -bench 'RateLimiterTryAcquire|KeyedRateLimiter' -benchmem ./ratelimit/
//
// (Go 1.24's b.Loop would replace the b.N loops; this module stays on 1.19.)

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

type load struct {
	name      string
	perSecond float64
	burst     int
}

var loads = []load{
	{"GRANTS", 1e9, 1_000_000},
	{"REJECTS", 1, 1},
}

type impl struct {
	name string
	make func(l load) (allow func() bool, stop func())
}

func windowOf(l load) time.Duration {
	return time.Duration(float64(l.burst) / l.perSecond * float64(time.Second))
}

var impls = []impl{
	{"CHANNEL", func(l load) (func() bool, func()) {
		b := NewChannelTokenBucket(l.perSecond, l.burst)
		return b.Allow, b.Stop
	}},
	{"LOCKING", func(l load) (func() bool, func()) {
		return NewLockingTokenBucket(l.perSecond, l.burst).Allow, func() {}
	}},
	{"ATOMIC", func(l load) (func() bool, func()) {
		return NewAtomicTokenBucket(l.perSecond, l.burst).Allow, func() {}
	}},
	{"LIMITER", func(l load) (func() bool, func()) {
		return rate.NewLimiter(rate.Limit(l.perSecond), l.burst).Allow, func() {}
	}},
	{"SLIDING_LOG", func(l load) (func() bool, func()) {
		return NewSlidingLogLimiter(l.burst, windowOf(l)).Allow, func() {}
	}},
	{"SLIDING_WINDOW", func(l load) (func() bool, func()) {
		return NewSlidingWindowLimiter(l.burst, windowOf(l)).Allow, func() {}
	}},
}

func BenchmarkRateLimiterTryAcquire(b *testing.B) {
	for _, im := range impls {
		for _, l := range loads {
			for _, threads := range []int{1, 2} {
				im, l, threads := im, l, threads
				b.Run(fmt.Sprintf("impl=%s/load=%s/threads=%d", im.name, l.name, threads), func(b *testing.B) {
					allow, stop := im.make(l)
					defer stop()
					b.ReportAllocs()
					granted := inParallel(b, threads, func(int) func() bool { return allow })
					b.ReportMetric(float64(granted)/float64(b.N), "grants/op")
				})
			}
		}
	}
}

// KeyedRateLimiterBenchmark's shape: a million distinct client keys, in turn, through a KeyedLimiter
// capped at 10 000 keys, so that nearly every call creates a limiter and evicts one (the churn of a
// flood of new clients). Each key's limiter is 10 per second with a burst of 10.
const (
	distinctKeys = 1_000_000
	maxKeys      = 10_000
)

func BenchmarkKeyedRateLimiter(b *testing.B) {
	keys := make([]string, distinctKeys)
	for i := range keys {
		keys[i] = "client-" + strconv.Itoa(i)
	}
	for _, threads := range []int{1, 2} {
		threads := threads
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			k := NewKeyedLimiter(10, 10, maxKeys, time.Minute)
			b.ReportAllocs()
			granted := inParallel(b, threads, func(g int) func() bool {
				i := g * distinctKeys / threads // each goroutine starts at its own place in the keys
				return func() bool {
					i++
					if i == distinctKeys {
						i = 0
					}
					return k.Allow(keys[i])
				}
			})
			b.ReportMetric(float64(granted)/float64(b.N), "grants/op")
			if k.Len() > maxKeys {
				b.Fatalf("%d keys held, cap %d", k.Len(), maxKeys)
			}
		})
	}
}

// inParallel runs b.N calls split over threads goroutines (op(g) makes goroutine g's call) and
// returns how many returned true.
func inParallel(b *testing.B, threads int, op func(g int) func() bool) int64 {
	var granted int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := 0; g < threads; g++ {
		n := b.N / threads
		if g == 0 {
			n += b.N % threads
		}
		call := op(g)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var mine int64
			for i := 0; i < n; i++ {
				if call() {
					mine++
				}
			}
			atomic.AddInt64(&granted, mine)
		}()
	}
	b.ResetTimer()
	close(start)
	wg.Wait()
	b.StopTimer()
	return granted
}
