package singleflight_test

// SingleFlight cost, in the shape of SingleFlightBenchmark
// (benchmarks/src/main/java/dev/go4j/singleflight/): goroutines in parallel call for a random one
// of `keys` keys; a load burns consumeCPU(1024), so callers for the same key overlap and share.
// RunParallel starts 2*GOMAXPROCS goroutines (4 on a 2-core machine, as the JMH run's 4 threads).
// impl=SINGLE_FLIGHT is golang.org/x/sync/singleflight; impl=NO_DEDUP loads every time. One op is
// one call. Run with:
// go test -run XXX -bench SingleFlight -benchmem ./singleflight/

import (
	"fmt"
	"math/rand"
	"strconv"
	"testing"

	"golang.org/x/sync/singleflight"
)

const load = 1024 // CPU tokens per load, as SingleFlightBenchmark.LOAD

func loadKey(key string) (interface{}, error) {
	consumeCPU(load)
	return key, nil
}

func BenchmarkSingleFlight(b *testing.B) {
	for _, keys := range []int{1, 16} {
		names := make([]string, keys)
		for i := range names {
			names[i] = strconv.Itoa(i)
		}
		b.Run(fmt.Sprintf("impl=SINGLE_FLIGHT/keys=%d", keys), func(b *testing.B) {
			var g singleflight.Group
			b.SetParallelism(2)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewSource(rand.Int63()))
				for pb.Next() {
					key := names[r.Intn(len(names))]
					if _, err, _ := g.Do(key, func() (interface{}, error) { return loadKey(key) }); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(fmt.Sprintf("impl=NO_DEDUP/keys=%d", keys), func(b *testing.B) {
			b.SetParallelism(2)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewSource(rand.Int63()))
				for pb.Next() {
					if _, err := loadKey(names[r.Intn(len(names))]); err != nil {
						b.Fatal(err)
					}
				}
			})
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
