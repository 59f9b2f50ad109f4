package cache

import (
	"context"

	"golang.org/x/sync/singleflight"
)

// store is what the loads need of both flavours.
type store[V any] interface {
	Get(key string) (V, bool)
	Set(key string, value V)
}

// loadFunc is the flight every caller for a key shares: look again (a flight that ended just before
// ours may have stored the value), else load and store.
func loadFunc[V any](c store[V], key string, load func() (V, error)) func() (interface{}, error) {
	return func() (interface{}, error) {
		if v, ok := c.Get(key); ok {
			return v, nil
		}
		v, err := load()
		if err != nil {
			return nil, err // not cached: the next caller loads again
		}
		c.Set(key, v)
		return v, nil
	}
}

func getOrLoad[V any](c store[V], g *singleflight.Group, key string, load func() (V, error)) (V, error) {
	if v, ok := c.Get(key); ok {
		return v, nil
	}
	v, err, _ := g.Do(key, loadFunc(c, key, load))
	return result[V](v, err)
}

func getOrLoadContext[V any](ctx context.Context, c store[V], g *singleflight.Group, key string, load func() (V, error)) (V, error) {
	if v, ok := c.Get(key); ok {
		return v, nil
	}
	if err := ctx.Err(); err != nil { // done already: start no load
		var zero V
		return zero, err
	}
	select {
	case r := <-g.DoChan(key, loadFunc(c, key, load)):
		return result[V](r.Val, r.Err)
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

func result[V any](v interface{}, err error) (V, error) {
	if err != nil {
		var zero V
		return zero, err
	}
	value, _ := v.(V) // a nil interface when V is an interface type and the load returned nil
	return value, nil
}
