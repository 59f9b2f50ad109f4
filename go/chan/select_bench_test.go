package channel

// The cost of a select that need not block, in the shapes of the JMH benchmarks in
// benchmarks/src/main/java/dev/go4j/chan/:
//
//	BenchmarkSelectReady    SelectReadyBenchmark    2 and 4 ready cases: buffered channels of one
//	                                                value each; the value received is sent back to
//	                                                its channel, so every case stays ready
//	BenchmarkSelectDefault  SelectDefaultBenchmark  2 empty channels and a default
//
// One op is one select (for SelectReady: one select plus the buffered send that refills the
// channel). Single goroutine: this is the ready path, with no hand-off and no parking. A Go
// select's cases are fixed in the source, so the 2- and 4-case shapes are two loops; the Java
// twin builds one Select per shape and runs it b.N times. Run with:
// go test -run XXX -bench Select -benchmem ./chan/

import "testing"

func BenchmarkSelectReady(b *testing.B) {
	b.Run("2", func(b *testing.B) {
		b.ReportAllocs()
		c0, c1 := readyChan(), readyChan()
		var count [2]int
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			select {
			case v := <-c0:
				count[0]++
				c0 <- v
			case v := <-c1:
				count[1]++
				c1 <- v
			}
		}
		b.StopTimer()
		checkFired(b, count[:])
	})
	b.Run("4", func(b *testing.B) {
		b.ReportAllocs()
		c0, c1, c2, c3 := readyChan(), readyChan(), readyChan(), readyChan()
		var count [4]int
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			select {
			case v := <-c0:
				count[0]++
				c0 <- v
			case v := <-c1:
				count[1]++
				c1 <- v
			case v := <-c2:
				count[2]++
				c2 <- v
			case v := <-c3:
				count[3]++
				c3 <- v
			}
		}
		b.StopTimer()
		checkFired(b, count[:])
	})
}

func BenchmarkSelectDefault(b *testing.B) {
	b.ReportAllocs()
	c0, c1 := make(chan int, 1), make(chan int, 1)
	defaults := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		select {
		case <-c0:
		case <-c1:
		default:
			defaults++
		}
	}
	b.StopTimer()
	if defaults != b.N {
		b.Fatalf("default ran %d times of %d", defaults, b.N)
	}
}

// readyChan returns a buffered channel holding one value: a receive case on it is ready.
func readyChan() chan int {
	c := make(chan int, 1)
	c <- 1
	return c
}

// checkFired fails the benchmark unless exactly b.N cases fired in all, spread over every case
// (a select that starved a case would not be measuring Go's random choice).
func checkFired(b *testing.B, count []int) {
	total := 0
	for _, c := range count {
		total += c
	}
	if total != b.N {
		b.Fatalf("cases fired %d times, want %d", total, b.N)
	}
	if b.N >= 1000 {
		for k, c := range count {
			if c == 0 {
				b.Fatalf("case %d never fired in %d selects: %v", k, b.N, count)
			}
		}
	}
}
