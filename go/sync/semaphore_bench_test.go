package sync

// Semaphore cost, in the shape of SemaphoreBenchmark (benchmarks/src/main/java/dev/go4j/sync/):
// goroutines in parallel acquire one unit, burn consumeCPU(16), release it, on a semaphore of
// `permits` units. The JMH run uses 4 threads; here RunParallel starts 2*GOMAXPROCS goroutines
// (4 on a 2-core machine). impl=WEIGHTED is golang.org/x/sync/semaphore.Weighted;
// impl=CHANNEL is Go's plain idiom, a buffered channel of tokens (no weights, no FIFO promise).
// One op is one acquire-work-release. Run with:
// go test -run XXX -bench Semaphore -benchmem ./sync/

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/sync/semaphore"
)

func BenchmarkSemaphore(b *testing.B) {
	for _, permits := range []int{1, 4} {
		permits := permits
		b.Run(fmt.Sprintf("impl=WEIGHTED/permits=%d", permits), func(b *testing.B) {
			s := semaphore.NewWeighted(int64(permits))
			ctx := context.Background()
			b.SetParallelism(2)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := s.Acquire(ctx, 1); err != nil {
						b.Fatal(err)
					}
					consumeCPU(16)
					s.Release(1)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=CHANNEL/permits=%d", permits), func(b *testing.B) {
			tokens := make(chan struct{}, permits)
			b.SetParallelism(2)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					tokens <- struct{}{}
					consumeCPU(16)
					<-tokens
				}
			})
		})
	}
}
