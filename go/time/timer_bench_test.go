package time

// Timer start-and-stop cost, in the shape of benchmarks/src/main/java/dev/go4j/time/TimerBenchmark.java:
//
//	BenchmarkTimer/NewTimer   GO4J             time.NewTimer(time.Hour) then Stop
//	BenchmarkTimer/AfterFunc  GO4J_AFTER_FUNC  time.AfterFunc(time.Hour, f) then Stop
//
// Every Stop must report that it prevented the firing. Run with:
// go test -run XXX -bench Timer -benchmem ./time/

import (
	"testing"
	"time"
)

func BenchmarkTimer(b *testing.B) {
	b.Run("NewTimer", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !time.NewTimer(time.Hour).Stop() {
				b.Fatal("Stop did not prevent a timer an hour away")
			}
		}
	})
	b.Run("AfterFunc", func(b *testing.B) {
		f := func() {}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !time.AfterFunc(time.Hour, f).Stop() {
				b.Fatal("Stop did not prevent a timer an hour away")
			}
		}
	})
}
