// Package singleflight holds the Go side of go4j's dev.go4j.singleflight.SingleFlight: the rules its
// Java tests pin and the benchmark its JMH twin runs, under the same names, on
// golang.org/x/sync/singleflight itself.
//
// Concurrent calls for the same key share one execution of a function and its result; Forget makes
// the next call run anew.
//
// The package has no code of its own: run go test (and go test -bench SingleFlight) here.
package singleflight
