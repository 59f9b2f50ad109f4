// Package context holds the Go twin of go4j's dev.go4j.context: the rules of the standard
// library's context package as tests (context_test.go, named like the Java tests in
// core/src/test/java/dev/go4j/context/ContextTest.java) and the benchmarks whose shapes the JMH
// benchmarks in benchmarks/src/main/java/dev/go4j/context/ repeat (context_bench_test.go).
//
// The package is named context, like golang.org/x/net/context, and imports the standard one.
// Rules that need Go 1.20 or 1.21 (WithCancelCause, Cause, AfterFunc, WithoutCancel, the ...Cause
// deadlines) are in context_go121_test.go, which only newer Go builds.
//
//	go test ./context/ && go test -run XXX -bench . -benchmem ./context/
package context
