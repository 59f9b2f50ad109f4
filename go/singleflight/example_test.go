package singleflight

// Runnable examples on the real golang.org/x/sync/singleflight, checked by go test against their
// Output comments. The Java twin of each is a program in examples/src/main/java/dev/go4j/examples/.

import (
	"fmt"

	xsingleflight "golang.org/x/sync/singleflight"
)

// The singleflight page in one program: three callers ask for the same key while its load is in
// flight; the load runs once and all three share its result; once the flight has landed, the next
// call loads again. Java twin: examples/.../singleflight/SingleFlightExample.java.
func Example_singleflight() {
	var g xsingleflight.Group
	loads := 0
	release := make(chan struct{})
	load := func() (interface{}, error) {
		loads++
		<-release // still in flight while the other callers arrive
		return "profile of user 1", nil
	}
	first := g.DoChan("user:1", load)  // leads the flight: load runs in a new goroutine
	second := g.DoChan("user:1", load) // joins it: load does not run again
	third := g.DoChan("user:1", load)
	close(release)
	for _, ch := range []<-chan xsingleflight.Result{first, second, third} {
		r := <-ch
		fmt.Println(r.Val, r.Err, r.Shared)
	}
	fmt.Println("loads:", loads)

	v, err, shared := g.Do("user:1", func() (interface{}, error) { // the flight has landed: a new one
		loads++
		return "fresh profile", nil
	})
	fmt.Println(v, err, shared)
	fmt.Println("loads:", loads)
	// Output:
	// profile of user 1 <nil> true
	// profile of user 1 <nil> true
	// profile of user 1 <nil> true
	// loads: 1
	// fresh profile <nil> false
	// loads: 2
}
