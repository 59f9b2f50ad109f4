package cache

// Runnable examples, checked by go test against their Output comments. The Java twin of each is a
// program in examples/src/main/java/dev/go4j/examples/ that prints the same lines.

import (
	"errors"
	"fmt"
	"time"
)

// The cache page in one program, on a clock that moves only when told (the tests' fakeClock): a
// default and a per-entry time to live, expiry exactly at the deadline, GetOrLoad loading once and
// caching, a failed load cached for nobody, and Delete. Java twin:
// examples/.../cache/CacheExample.java, on a ManualClock.
func Example_cache() {
	clock := &fakeClock{t: t0}
	c := New[string](time.Minute, 0, withClock(clock.now, nil)) // no janitor here: expiry on read
	defer c.Close()

	c.Set("session:1", "alice")                  // the default time to live: a minute
	c.SetTTL("session:2", "bob", 10*time.Second) // its own: ten seconds
	v, ok := c.Get("session:2")
	fmt.Println("session:2:", v, ok)
	clock.advance(10 * time.Second) // exactly the deadline: expired
	_, ok = c.Get("session:2")
	fmt.Println("session:2 after 10s:", ok)
	v, ok = c.Get("session:1")
	fmt.Println("session:1 after 10s:", v, ok)

	loads := 0
	load := func() (string, error) {
		loads++
		return "carol", nil
	}
	c.GetOrLoad("user:3", load)
	v, _ = c.GetOrLoad("user:3", load) // cached by the first call: no second load
	fmt.Println("user:3:", v, "loads:", loads)

	_, err := c.GetOrLoad("user:4", func() (string, error) { return "", errors.New("db down") })
	fmt.Println("user:4 load:", err)
	_, ok = c.Get("user:4")
	fmt.Println("user:4 cached:", ok)

	fmt.Println("delete session:1:", c.Delete("session:1"), "again:", c.Delete("session:1"))
	// Output:
	// session:2: bob true
	// session:2 after 10s: false
	// session:1 after 10s: alice true
	// user:3: carol loads: 1
	// user:4 load: db down
	// user:4 cached: false
	// delete session:1: true again: false
}
