package channel

// The cost of a select that need not block, in the shapes of the JMH benchmarks in
// benchmarks/src/main/java/dev/go4j/chan/:
//
//	BenchmarkSelectReady    SelectReadyBenchmark    2 and 4 ready cases: buffered channels of one
//	                                                value each; the value received is sent back to
//	                                                its channel, so every case stays ready
//	BenchmarkSelectDefault  SelectDefaultBenchmark  2 empty channels and a default
//	BenchmarkSelectParked   SelectParkedBenchmark   2 and 4 unbuffered channels, one producer each;
//	                                                the consumer asks one producer (round robin) for
//	                                                a value, then selects: no case is ready yet, so
//	                                                the select parks and the producer's send wakes it
//
// One op is one select (for SelectReady: one select plus the buffered send that refills the
// channel). Single goroutine: this is the ready path, with no hand-off and no parking. A Go
// select's cases are fixed in the source, so the 2- and 4-case shapes are two loops; the Java
// twin builds one Select per shape and runs it b.N times. Run with:
// go test -run XXX -bench Select -benchmem ./chan/

import (
	"sync"
	"testing"
)

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

func BenchmarkSelectParked(b *testing.B) {
	b.Run("2", func(b *testing.B) {
		chans, requests, done := startProducers(b.N, 2)
		b.ResetTimer()
		var sum int64
		for m := 0; m < b.N; m++ {
			requests[m%2] <- m // the slot is free: the last request was served
			var v int
			select {
			case v = <-chans[0]:
			case v = <-chans[1]:
			}
			checkAsked(b, v, m)
			sum += int64(v)
		}
		b.StopTimer()
		<-done
		checkSum(b, sum)
	})
	b.Run("4", func(b *testing.B) {
		chans, requests, done := startProducers(b.N, 4)
		b.ResetTimer()
		var sum int64
		for m := 0; m < b.N; m++ {
			requests[m%4] <- m
			var v int
			select {
			case v = <-chans[0]:
			case v = <-chans[1]:
			case v = <-chans[2]:
			case v = <-chans[3]:
			}
			checkAsked(b, v, m)
			sum += int64(v)
		}
		b.StopTimer()
		<-done
		checkSum(b, sum)
	})
}

// startProducers starts one producer per case: producer i answers each request on requests[i]
// (capacity 1) by sending it back on its unbuffered channel chans[i]. It serves its share of n
// requests, then done is closed when every producer has ended.
func startProducers(n, cases int) (chans, requests []chan int, done chan struct{}) {
	chans, requests, done = make([]chan int, cases), make([]chan int, cases), make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < cases; i++ {
		ch, req := make(chan int), make(chan int, 1)
		chans[i], requests[i] = ch, req
		share := n / cases
		if i < n%cases {
			share++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < share; k++ {
				ch <- <-req
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return chans, requests, done
}

func checkAsked(b *testing.B, v, m int) {
	if v != m {
		b.Fatalf("asked for %d, received %d", m, v)
	}
}

func checkSum(b *testing.B, sum int64) {
	if want := int64(b.N) * int64(b.N-1) / 2; sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
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
