// Package cache is a typed, byte-bounded, TTL'd in-memory cache (a thin wrapper over
// ristretto) plus the generation counters that invalidate it. It knows nothing of
// OData or SQL: keys are strings, values are whatever the caller stores, and the cost
// of a value is the number of bytes the caller says it holds.
//
// Facts the callers rely on (ristretto v2, verified): Set is asynchronous and may drop
// an item (by design: admission is probabilistic under load), so a Set is a hint and
// the request that produced a value always serves its own copy. Get never returns an
// item past its expiry: ristretto checks the expiration on every Get, and this wrapper
// checks it again against its own clock.
package cache

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/ristretto/v2"
)

// Cache holds values of type V under string keys, bounded by total cost in bytes.
// It is safe for concurrent use. Stored values must be immutable: Get hands the same
// value to every caller.
type Cache[V any] struct {
	r   *ristretto.Cache[string, entry[V]]
	now func() time.Time

	sets, dropped atomic.Int64
}

type entry[V any] struct {
	v       V
	stored  time.Time
	expires time.Time
}

// New returns a cache holding at most maxBytes of values. expectedItems sizes the
// admission counters (about ten per live item).
func New[V any](maxBytes, expectedItems int64) (*Cache[V], error) {
	return NewObserved[V](maxBytes, expectedItems, nil)
}

// NewObserved is New with onEvict told the cost of every item the cache lets go
// (evicted for room or expired), for metrics. It must be cheap and concurrency-safe.
func NewObserved[V any](maxBytes, expectedItems int64, onEvict func(bytes int64)) (*Cache[V], error) {
	if expectedItems < 100 {
		expectedItems = 100
	}
	cfg := &ristretto.Config[string, entry[V]]{
		NumCounters: 10 * expectedItems,
		MaxCost:     maxBytes,
		BufferItems: 64,
	}
	if onEvict != nil {
		cfg.OnEvict = func(it *ristretto.Item[entry[V]]) { onEvict(it.Cost) }
	}
	r, err := ristretto.NewCache(cfg)
	if err != nil {
		return nil, err
	}
	return &Cache[V]{r: r, now: time.Now}, nil
}

// Get returns the value stored under key and its age, unless it is absent or expired.
func (c *Cache[V]) Get(key string) (v V, age time.Duration, ok bool) {
	e, ok := c.r.Get(key)
	if !ok {
		return v, 0, false
	}
	now := c.now()
	if !now.Before(e.expires) {
		return v, 0, false
	}
	return e.v, now.Sub(e.stored), true
}

// Set stores v under key for ttl with a cost of bytes. It reports whether the cache
// accepted the item for admission; false (a dropped or rejected Set) is normal under
// load and not an error. A ttl <= 0 stores nothing.
func (c *Cache[V]) Set(key string, v V, bytes int64, ttl time.Duration) bool {
	if ttl <= 0 {
		return false
	}
	now := c.now()
	c.sets.Add(1)
	ok := c.r.SetWithTTL(key, entry[V]{v: v, stored: now, expires: now.Add(ttl)}, bytes, ttl)
	if !ok {
		c.dropped.Add(1)
	}
	return ok
}

// Del removes key.
func (c *Cache[V]) Del(key string) { c.r.Del(key) }

// Wait blocks until pending Sets are applied. For tests; never on a request path.
func (c *Cache[V]) Wait() { c.r.Wait() }

// Close stops the cache's goroutines.
func (c *Cache[V]) Close() { c.r.Close() }

// UsedBytes is the cost of the items the cache holds now.
func (c *Cache[V]) UsedBytes() int64 { return c.r.MaxCost() - c.r.RemainingCost() }

// Stats are counters for metrics.
type Stats struct {
	Sets, Dropped int64
}

// Stats returns the Set counters.
func (c *Cache[V]) Stats() Stats { return Stats{Sets: c.sets.Load(), Dropped: c.dropped.Load()} }

// SetClock replaces the clock used for expiry and age (tests).
func (c *Cache[V]) SetClock(now func() time.Time) { c.now = now }

// Generations are per-name counters that are part of every cache key: bumping a name's
// generation makes every entry stored under the old one unreachable at once, so
// invalidation needs no scan and no message. LocalGenerations lives in memory; the
// shared tier (cache/redisgen) keeps them in Redis for several replicas.
type Generations interface {
	// Get returns the current generation of name. ok false means the generation
	// cannot be proven current now (the shared tier is unreachable or has not
	// confirmed it yet): the caller must neither serve nor store cached entries.
	Get(name string) (gen uint64, ok bool)
	// Bump increments the generation of name. When Bump returns, Get returns the
	// new value (or ok false) to every caller, in this process and, for a shared
	// tier, in every replica that may still serve cached entries.
	Bump(name string)
}

// LocalGenerations is an in-process Generations.
type LocalGenerations struct {
	m sync.Map // name → *atomic.Uint64
}

func (g *LocalGenerations) counter(name string) *atomic.Uint64 {
	if c, ok := g.m.Load(name); ok {
		return c.(*atomic.Uint64)
	}
	c, _ := g.m.LoadOrStore(name, new(atomic.Uint64))
	return c.(*atomic.Uint64)
}

// Get implements Generations; a local generation is always current.
func (g *LocalGenerations) Get(name string) (uint64, bool) { return g.counter(name).Load(), true }

// Bump implements Generations.
func (g *LocalGenerations) Bump(name string) { g.counter(name).Add(1) }
