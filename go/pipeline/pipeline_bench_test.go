package pipeline

// In the shape of PipelineBenchmark (benchmarks/src/main/java/dev/go4j/patterns/pipeline/): the
// figure is ns per message. stages: 100 000 messages, THREE_STAGE (source, map, map, sink) or
// MERGE_4 (four sources of 25 000 merged); parallelMap: 10 000 messages through MapOrdered or
// MapUnordered with n = 16, each call consumeCPU(256).
// Run with: go test -run XXX -bench Pipeline -benchmem ./pipeline/

import (
	"context"
	"fmt"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

const (
	messages = 100_000
	mapped   = 10_000
)

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

func BenchmarkPipeline(b *testing.B) {
	all, quarter, small := ints(messages), ints(messages/4), ints(mapped)
	inc := func(n int) (int, error) { return n + 1, nil }
	for _, shape := range []string{"THREE_STAGE", "MERGE_4"} {
		shape := shape
		b.Run(fmt.Sprintf("stages/impl=GO4J/shape=%s", shape), func(b *testing.B) {
			start := time.Now()
			for i := 0; i < b.N; i++ {
				g, ctx := errgroup.WithContext(context.Background())
				var out <-chan int
				if shape == "THREE_STAGE" {
					out = Map(ctx, g, Map(ctx, g, Source(ctx, g, all), inc), inc)
				} else {
					out = Merge(ctx, g, Source(ctx, g, quarter), Source(ctx, g, quarter), Source(ctx, g, quarter), Source(ctx, g, quarter))
				}
				n := 0
				for range out {
					n++
				}
				if err := g.Wait(); err != nil || n != messages {
					b.Fatal(n, err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*messages), "ns/msg")
		})
	}
	for _, order := range []string{"ORDERED", "UNORDERED"} {
		order := order
		b.Run(fmt.Sprintf("parallelMap/impl=GO4J/order=%s", order), func(b *testing.B) {
			cpu := func(n int) (int, error) { consumeCPU(256); return n, nil }
			start := time.Now()
			for i := 0; i < b.N; i++ {
				g, ctx := errgroup.WithContext(context.Background())
				var out <-chan int
				if order == "ORDERED" {
					out = MapOrdered(ctx, g, Source(ctx, g, small), 16, cpu)
				} else {
					out = MapUnordered(ctx, g, Source(ctx, g, small), 16, cpu)
				}
				n := 0
				for range out {
					n++
				}
				if err := g.Wait(); err != nil || n != mapped {
					b.Fatal(n, err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*mapped), "ns/msg")
		})
	}
}
