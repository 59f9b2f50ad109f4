package channel

// Channel throughput and latency, in the shapes of the JMH benchmarks in
// benchmarks/src/main/java/dev/go4j/chan/:
//
//	BenchmarkChannelBuffered    ChannelBufferedBenchmark    buffer 1024; 1 producer -> 1 consumer, 2 -> 2, 4 -> 4
//	BenchmarkChannelUnbuffered  ChannelUnbufferedBenchmark  rendezvous; 1 producer -> 1 consumer
//	BenchmarkChannelPingPong    ChannelPingPongBenchmark    a round trip over two unbuffered channels
//	BenchmarkChannelContext     ChannelContextBenchmark     rendezvous, every send and receive in a select with <-ctx.Done()
//
// One op is one message (ns/op is the time per message, b.N messages in all); for PingPong one op
// is one round trip (two hand-offs). Every benchmark checks that every message arrived, so it
// cannot measure less than it claims. The loops are for i := 0; i < b.N; i++ (Go 1.24's b.Loop
// is the newer form). Run with: go test -run XXX -bench Channel -benchmem ./chan/

import (
	"context"
	"sync"
	"testing"
)

func BenchmarkChannelBuffered(b *testing.B) {
	b.Run("1to1", func(b *testing.B) { benchmarkTransfer(b, 1024, 1, 1) })
	b.Run("2to2", func(b *testing.B) { benchmarkTransfer(b, 1024, 2, 2) })
	b.Run("4to4", func(b *testing.B) { benchmarkTransfer(b, 1024, 4, 4) })
}

func BenchmarkChannelUnbuffered(b *testing.B) {
	b.Run("1to1", func(b *testing.B) { benchmarkTransfer(b, 0, 1, 1) })
}

// benchmarkTransfer sends b.N values from producers to consumers over one channel of the given
// capacity; the producers share the b.N sends, the consumers range until the channel is closed.
func benchmarkTransfer(b *testing.B, capacity, producers, consumers int) {
	b.ReportAllocs()
	ch := make(chan int, capacity)
	received := make(chan int, consumers)
	var sent sync.WaitGroup
	b.ResetTimer()
	for c := 0; c < consumers; c++ {
		go func() {
			n := 0
			for range ch {
				n++
			}
			received <- n
		}()
	}
	for p := 0; p < producers; p++ {
		// Producer p sends its share: b.N/producers, plus one of the remainder if p is low.
		share := b.N / producers
		if p < b.N%producers {
			share++
		}
		sent.Add(1)
		go func() {
			defer sent.Done()
			for i := 0; i < share; i++ {
				ch <- i
			}
		}()
	}
	sent.Wait()
	close(ch)
	total := 0
	for c := 0; c < consumers; c++ {
		total += <-received
	}
	b.StopTimer()
	if total != b.N {
		b.Fatalf("received %d messages, sent %d", total, b.N)
	}
}

func BenchmarkChannelPingPong(b *testing.B) {
	b.ReportAllocs()
	ping, pong := make(chan int), make(chan int)
	go func() { // the echo: returns every value it is sent, until ping is closed
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ping <- i
		if v := <-pong; v != i {
			b.Fatalf("pong %d, want %d", v, i)
		}
	}
	b.StopTimer()
	close(ping)
	<-pong // the echo has ended: nothing leaks into the next run
}

// BenchmarkChannelContext is BenchmarkChannelUnbuffered/1to1 with every send and receive bounded by
// a context that is never cancelled: the hand-off between two stages of a pipeline.
func BenchmarkChannelContext(b *testing.B) {
	b.ReportAllocs()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := make(chan int)
	received := make(chan int)
	b.ResetTimer()
	go func() {
		n := 0
		for i := 0; i < b.N; i++ {
			select {
			case <-ch:
				n++
			case <-ctx.Done():
				received <- n
				return
			}
		}
		received <- n
	}()
	for i := 0; i < b.N; i++ {
		select {
		case ch <- i:
		case <-ctx.Done():
			b.Fatal(ctx.Err())
		}
	}
	total := <-received
	b.StopTimer()
	if total != b.N {
		b.Fatalf("received %d messages, sent %d", total, b.N)
	}
}
