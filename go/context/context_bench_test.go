package context

// Context costs, in the shapes of the JMH benchmarks in benchmarks/src/main/java/dev/go4j/context/:
//
//	BenchmarkContextCancel      ContextCancelBenchmark      derive a child and cancel it
//	BenchmarkContextValue       ContextValueBenchmark       Value(key) 1 or 10 contexts up
//	BenchmarkContextCancelTree  ContextCancelTreeBenchmark  build a parent with N children, cancel it
//
// Sub-benchmark names are the JMH @Param values: form (WithCancel, WithTimeout) / parent
// (Background, Cancelable), depth, children. Every benchmark checks its result, so it cannot
// measure less than it claims. Run with: go test -run XXX -bench Context -benchmem ./context/

import (
	"context"
	"strconv"
	"testing"
	"time"
)

func BenchmarkContextCancel(b *testing.B) {
	for _, form := range []string{"WithCancel", "WithTimeout"} {
		for _, parentKind := range []string{"Background", "Cancelable"} {
			b.Run(form+"/"+parentKind, func(b *testing.B) {
				parent := context.Background()
				if parentKind == "Cancelable" {
					var cancel context.CancelFunc
					parent, cancel = context.WithCancel(parent)
					defer cancel()
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					var ctx context.Context
					var cancel context.CancelFunc
					if form == "WithCancel" {
						ctx, cancel = context.WithCancel(parent)
					} else {
						ctx, cancel = context.WithTimeout(parent, time.Hour)
					}
					cancel()
					if ctx.Err() == nil {
						b.Fatal("a canceled context is not done")
					}
				}
			})
		}
	}
}

func BenchmarkContextValue(b *testing.B) {
	for _, depth := range []int{1, 10} {
		b.Run(strconv.Itoa(depth), func(b *testing.B) {
			var user any = key{"user"} // boxed once, like the Java Context.Key: no allocation per lookup
			ctx := context.WithValue(context.Background(), user, "alice")
			for i := 1; i < depth; i++ {
				ctx = context.WithValue(ctx, key{"k" + strconv.Itoa(i)}, i)
				if i == depth/2 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithCancel(ctx)
					defer cancel()
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if ctx.Value(user) != "alice" {
					b.Fatal("wrong value")
				}
			}
		})
	}
}

func BenchmarkContextCancelTree(b *testing.B) {
	for _, children := range []int{1000, 10000} {
		b.Run(strconv.Itoa(children), func(b *testing.B) {
			cancels := make([]context.CancelFunc, children) // kept for vet; canceled through the parent
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				parent, cancel := context.WithCancel(context.Background())
				var last context.Context
				for c := 0; c < children; c++ {
					last, cancels[c] = context.WithCancel(parent)
				}
				cancel()
				if last.Err() == nil {
					b.Fatal("a child was not canceled with its parent")
				}
			}
		})
	}
}
