// Package channel is the Go twin of go4j's dev.go4j.chan package: the channel and select rules
// that the Java library reproduces, pinned by tests, shown by runnable examples and measured by
// benchmarks with the same names and shapes as the Java JUnit tests and JMH benchmarks.
//
// The directory is named chan, like the Java package, but chan is a Go keyword, so the package
// is named channel. It exports nothing: everything lives in _test.go files, run with
//
//	go test ./chan/                          # the rules (tests) and the examples
//	go test -run XXX -bench . -benchmem ./chan/   # the benchmarks
//
// Files and their Java twins (see ../README.md):
//
//	channel_test.go        core/src/test/java/dev/go4j/chan/ChannelTest.java
//	select_test.go         core/src/test/java/dev/go4j/chan/SelectTest.java
//	example_test.go        core/src/test/java/dev/go4j/chan/ChannelSnippets.java
//	channel_bench_test.go  benchmarks/src/main/java/dev/go4j/chan/Channel{Buffered,Unbuffered,PingPong}Benchmark.java
//	select_bench_test.go   benchmarks/src/main/java/dev/go4j/chan/Select{Ready,Default}Benchmark.java
package channel
