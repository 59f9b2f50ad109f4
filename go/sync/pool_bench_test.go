package sync

// Pool costs, in the shapes of the JMH benchmarks in benchmarks/src/main/java/dev/go4j/sync/:
//
//	BenchmarkPool         PoolBenchmark         get a buffer, write two bytes, put it back (one goroutine)
//	BenchmarkPoolPerTask  PoolPerTaskBenchmark  16 goroutines per op, each with its own buffer
//
// The pool holds *[]byte, not []byte: putting a slice in an interface allocates its header on every
// Put (staticcheck SA6002), which would hand the ALLOCATE side an unfair win. Go has no ThreadLocal;
// its per-P private slot is what a JVM ThreadLocal cache imitates. Run with:
// go test -run XXX -bench Pool -benchmem ./sync/

import (
	"fmt"
	"sync"
	"testing"
)

var bufSink []byte

// use writes the first and last byte and publishes the buffer, as PoolBenchmark's Blackhole does.
func use(buf []byte) {
	touch(buf)
	bufSink = buf
}

// touch writes the first and last byte; for the per-task shape, where goroutines must not share a
// sink (make with a non-constant size allocates on the heap whether or not the buffer escapes).
func touch(buf []byte) {
	buf[0] = 1
	buf[len(buf)-1] = 1
}

func BenchmarkPool(b *testing.B) {
	for _, size := range []int{64, 4096, 65536} {
		size := size
		pool := sync.Pool{New: func() any { buf := make([]byte, size); return &buf }}
		b.Run(fmt.Sprintf("impl=POOL/size=%d", size), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				buf := pool.Get().(*[]byte)
				use(*buf)
				pool.Put(buf)
			}
		})
		b.Run(fmt.Sprintf("impl=ALLOCATE/size=%d", size), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				use(make([]byte, size))
			}
		})
	}
}

func BenchmarkPoolPerTask(b *testing.B) {
	const tasks = 16
	for _, size := range []int{4096, 65536} {
		size := size
		pool := sync.Pool{New: func() any { buf := make([]byte, size); return &buf }}
		b.Run(fmt.Sprintf("impl=POOL/size=%d/tasks=%d", size, tasks), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				wg.Add(tasks)
				for j := 0; j < tasks; j++ {
					go func() {
						defer wg.Done()
						buf := pool.Get().(*[]byte)
						touch(*buf)
						pool.Put(buf)
					}()
				}
				wg.Wait()
			}
		})
		b.Run(fmt.Sprintf("impl=ALLOCATE/size=%d/tasks=%d", size, tasks), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				wg.Add(tasks)
				for j := 0; j < tasks; j++ {
					go func() {
						defer wg.Done()
						touch(make([]byte, size))
					}()
				}
				wg.Wait()
			}
		})
	}
}
