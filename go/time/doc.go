// Package time holds the Go twin of go4j's dev.go4j.time: the timer and ticker rules of the
// standard library's time package as tests (timer_test.go, named like the Java tests in
// core/src/test/java/dev/go4j/time/TimerTest.java and TickerTest.java) and the benchmark whose
// shape TimerBenchmark repeats (timer_bench_test.go).
//
// go4j follows Go 1.23's timer semantics (Stop and Reset discard an unreceived value; a stopped or
// unreferenced timer is collectable). The tests here hold on Go 1.19 as well: the rules that
// changed in 1.23 are in timer_go123_test.go, which only newer Go builds.
//
//	go test ./time/ && go test -run XXX -bench . -benchmem ./time/
package time
