package workerpool

// In the shape of WorkerPoolBenchmark (benchmarks/src/main/java/dev/go4j/patterns/workerpool/):
// 100 000 small CPU jobs on `workers` workers, every result collected; the figure is ns per job.
// impl=GO4J is the canonical pool (Workers); impl=GO4J_POOL the Pool with a handle per job.
// Run with: go test -run XXX -bench WorkerPool -benchmem ./workerpool/

import (
	"context"
	"fmt"
	"testing"
	"time"
)

const jobs = 100_000

func work(job int) int64 {
	x := uint64(job) * 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return int64(x ^ (x >> 31))
}

func BenchmarkWorkerPool(b *testing.B) {
	var want int64
	for i := 0; i < jobs; i++ {
		want += work(i)
	}
	for _, n := range []int{4, 16} {
		n := n
		b.Run(fmt.Sprintf("impl=GO4J/workers=%d", n), func(b *testing.B) {
			start := time.Now()
			for i := 0; i < b.N; i++ {
				in := make(chan int, n)
				go func() {
					defer close(in)
					for j := 0; j < jobs; j++ {
						in <- j
					}
				}()
				var sum int64
				for r := range Workers(context.Background(), n, in, func(j int) (int64, error) { return work(j), nil }) {
					sum += r.Value
				}
				if sum != want {
					b.Fatal("checksum")
				}
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*jobs), "ns/job")
		})
		b.Run(fmt.Sprintf("impl=GO4J_POOL/workers=%d", n), func(b *testing.B) {
			p := New(n, 1024, nil)
			defer p.Close()
			tasks := make([]*Task, jobs)
			start := time.Now()
			for i := 0; i < b.N; i++ {
				for j := 0; j < jobs; j++ {
					j := j
					tasks[j], _ = p.Submit(context.Background(), func(context.Context) (any, error) { return work(j), nil })
				}
				var sum int64
				for _, t := range tasks {
					v, _ := t.Wait()
					sum += v.(int64)
				}
				if sum != want {
					b.Fatal("checksum")
				}
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*jobs), "ns/job")
		})
	}
}
