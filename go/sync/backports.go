package sync

import "sync"

// Go calls f in a new goroutine counted by wg: Go 1.25's wg.Go(f), for Go 1.19.
// Like Go 1.25's, it does not call wg.Done if f panics: the panic ends the program, and Wait must
// not return (letting main exit) before the panic is reported. go4j's WaitGroup.go reports the
// failure first and then calls done(), because a JVM outlives an uncaught exception.
func Go(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	go func() {
		defer func() {
			if x := recover(); x != nil {
				panic(x)
			}
			wg.Done() // f returned, or called runtime.Goexit
		}()
		f()
	}()
}

// OnceFunc returns a function that calls f only once: Go 1.21's sync.OnceFunc, for Go 1.19.
// If f panics, every call of the returned function panics with the same value.
func OnceFunc(f func()) func() {
	var (
		once     sync.Once
		returned bool
		failure  any
	)
	call := func() {
		defer func() {
			if !returned {
				failure = recover()
				panic(failure) // the first caller gets the panic, with f's frames in its trace
			}
		}()
		f()
		f = nil // do not keep f alive after the call
		returned = true
	}
	return func() {
		once.Do(call)
		if !returned {
			panic(failure)
		}
	}
}

// OnceValue returns a function that calls f only once and returns its value on every call: Go
// 1.21's sync.OnceValue, for Go 1.19. If f panics, every call panics with the same value.
func OnceValue[T any](f func() T) func() T {
	var (
		once     sync.Once
		returned bool
		failure  any
		value    T
	)
	call := func() {
		defer func() {
			if !returned {
				failure = recover()
				panic(failure)
			}
		}()
		value = f()
		f = nil
		returned = true
	}
	return func() T {
		once.Do(call)
		if !returned {
			panic(failure)
		}
		return value
	}
}

// OnceValues returns a function that calls f only once and returns its two results on every call:
// Go 1.21's sync.OnceValues, for Go 1.19. An error is a result like any other: it is returned again
// on every call, never retried. If f panics, every call panics with the same value.
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) {
	var (
		once     sync.Once
		returned bool
		failure  any
		v1       T1
		v2       T2
	)
	call := func() {
		defer func() {
			if !returned {
				failure = recover()
				panic(failure)
			}
		}()
		v1, v2 = f()
		f = nil
		returned = true
	}
	return func() (T1, T2) {
		once.Do(call)
		if !returned {
			panic(failure)
		}
		return v1, v2
	}
}
