// Package sync is the Go twin of go4j's dev.go4j.sync: the uses of Go's sync.WaitGroup, sync.Once
// (with OnceFunc, OnceValue and OnceValues) and sync.Pool that the Java tests and benchmarks mirror,
// under the same names.
//
// The module targets Go 1.19, which lacks two of the APIs go4j mirrors, so this package carries
// backports with the newer releases' semantics: OnceFunc, OnceValue and OnceValues (standard in
// Go 1.21) and Go (Go 1.25's method wg.Go, here a function taking the WaitGroup). On a newer Go,
// use the standard ones.
//
// Inside this package the name sync refers to the standard library's package, which every file
// imports; the package's own name only matters to code that imports it as go4j.dev/go/sync.
package sync
