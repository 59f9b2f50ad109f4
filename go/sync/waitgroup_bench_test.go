package sync

// WaitGroup costs, in the shapes of the JMH benchmarks in benchmarks/src/main/java/dev/go4j/sync/:
//
//	BenchmarkWaitGroup       WaitGroupBenchmark       fan out n goroutines (consumeCPU(64) each), then Wait
//	BenchmarkWaitGroupCycle  WaitGroupCycleBenchmark  Add(1) n times, Done n times, Wait: no goroutines
//
// One op is one whole fan-out (or cycle). The Java WAIT_GROUP_GO variant is wg.Go here (the Go
// backport); Go has no CountDownLatch or Phaser. Run with:
// go test -run XXX -bench WaitGroup -benchmem ./sync/

import (
	"fmt"
	"sync"
	"testing"
)

const work = 64 // CPU tokens per task, as WaitGroupBenchmark.WORK

func BenchmarkWaitGroup(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		n := n
		b.Run(fmt.Sprintf("impl=WAIT_GROUP/tasks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				wg.Add(n)
				for j := 0; j < n; j++ {
					go func() {
						defer wg.Done()
						consumeCPU(work)
					}()
				}
				wg.Wait()
			}
		})
		b.Run(fmt.Sprintf("impl=WAIT_GROUP_GO/tasks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for j := 0; j < n; j++ {
					Go(&wg, func() { consumeCPU(work) })
				}
				wg.Wait()
			}
		})
	}
}

func BenchmarkWaitGroupCycle(b *testing.B) {
	for _, n := range []int{1, 10} {
		n := n
		b.Run(fmt.Sprintf("impl=WAIT_GROUP/tasks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for j := 0; j < n; j++ {
					wg.Add(1)
				}
				for j := 0; j < n; j++ {
					wg.Done()
				}
				wg.Wait()
			}
		})
	}
}
