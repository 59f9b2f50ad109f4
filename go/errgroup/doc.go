// Package errgroup holds the Go side of go4j's dev.go4j.errgroup.ErrGroup: the rules its Java tests
// pin and the benchmark its JMH twin runs, under the same names, on golang.org/x/sync/errgroup itself.
//
// A group of goroutines works on subtasks of one job; Wait reports the first error, and the context
// of WithContext is cancelled by that error or when Wait returns. Go 1.19 has no
// context.WithCancelCause, so x/sync v0.1.0 cancels without a cause; newer x/sync on Go 1.20+
// records the first error as the cause, as the Java twin does.
//
// The package has no code of its own: run go test (and go test -bench ErrGroup) here.
package errgroup
