package errgroup_test

// ErrGroup cost, in the shape of ErrGroupBenchmark (benchmarks/src/main/java/dev/go4j/errgroup/):
// start `tasks` goroutines that each burn consumeCPU(64), then Wait. One op is one whole fan-out.
// impl=ERR_GROUP is golang.org/x/sync/errgroup; impl=WAIT_GROUP is the bare sync.WaitGroup with no
// error handling, the floor. Go has no invokeAll or allOf. Run with:
// go test -run XXX -bench ErrGroup -benchmem ./errgroup/

import (
	"fmt"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
)

const work = 64 // CPU tokens per task, as ErrGroupBenchmark.WORK

func BenchmarkErrGroup(b *testing.B) {
	for _, n := range []int{10, 100} {
		n := n
		b.Run(fmt.Sprintf("impl=ERR_GROUP/tasks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var g errgroup.Group
				for j := 0; j < n; j++ {
					g.Go(func() error { consumeCPU(work); return nil })
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("impl=WAIT_GROUP/tasks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				wg.Add(n)
				for j := 0; j < n; j++ {
					go func() { defer wg.Done(); consumeCPU(work) }()
				}
				wg.Wait()
			}
		})
	}
}

// consumeCPU burns about as much CPU per token as JMH's Blackhole.consumeCPU (see go/sync).
func consumeCPU(tokens int) {
	x := uint64(tokens) | 1
	for i := 0; i < tokens; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	if x == 42 {
		println(x)
	}
}
