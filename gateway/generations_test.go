package gateway

import (
	"sync/atomic"
	"testing"
	"time"
)

// switchGens is a Generations whose proof can be switched off, like a shared tier
// whose Redis is unreachable.
type switchGens struct {
	gen    atomic.Uint64
	proven atomic.Bool
}

func (g *switchGens) Get(string) (uint64, bool) { return g.gen.Load(), g.proven.Load() }
func (g *switchGens) Bump(string)               { g.gen.Add(1) }

// While the generation cannot be proven, no cached page is served (not even through
// the URL memo) and none is stored; once it is proven again, caching resumes.
func TestUnprovenGenerationBypassesCache(t *testing.T) {
	g := &switchGens{}
	g.proven.Store(true)
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour, Generations: g})
	expect(t, s, alfki, "miss", "Alfreds")
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Alfreds")

	g.proven.Store(false)
	update(t, s, "Changed While Unproven")
	expect(t, s, alfki, "bypass", "Changed While Unproven") // the cached page is not served
	s.cache.Wait()
	expect(t, s, alfki, "bypass", "Changed While Unproven")

	g.proven.Store(true)
	g.Bump("customers") // what a shared tier's new session amounts to
	expect(t, s, alfki, "miss", "Changed While Unproven")
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Changed While Unproven")
}
